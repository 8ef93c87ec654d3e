"""Check every citation of a model against the article it quotes.

A quote counts as found when it occurs verbatim in its file after both are
normalised the same, mild way: typographic double quotes become ``"``,
typographic single quotes and apostrophes become ``'``, typographic dashes
become ``-``, and every run of whitespace becomes one space. Nothing else is
forgiven: not case, not punctuation, not a changed word.

>>> normalise("China’s  “near-monopoly” — on\\nmagnets")
'China\\'s "near-monopoly" - on magnets'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bargain.errors import SourceError

from .files import bundled_dir
from .matrix import Model
from .parameters import Citation

#: Largest article file read, in bytes.
MAX_SEED_BYTES = 5_000_000

_TYPOGRAPHIC = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text with typographic quotes and dashes made plain and whitespace runs collapsed."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


@dataclass(frozen=True)
class SourceCheck:
    """The provenance of one parameter value: one citation, or its assumption.

    ``found`` is True or False for a citation and None for a row that only
    states an assumption. ``problem`` says why a quote was not found.
    """

    parameter: str
    value: float
    low: float
    high: float
    unit: str
    file: str | None
    quote: str | None
    found: bool | None
    assumption: str | None = None
    problem: str | None = None

    @property
    def range(self) -> tuple[float, float]:
        """``(low, high)``."""
        return self.low, self.high


def seed_path(model: Model, file: str) -> Path | None:
    """Where the article ``file`` cited by ``model`` lives, or None when it cannot be found.

    A relative name is looked up next to the model file, in a ``seeds/``
    directory beside or above it, and among the bundled articles.
    """
    candidate = Path(file)
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    places = []
    if model.path is not None:
        here = model.path.resolve().parent
        places += [here, here / "seeds", here.parent / "seeds"]
    places.append(bundled_dir("seeds"))
    for place in places:
        if (place / candidate).is_file():
            return place / candidate
    return None


def _read_seed(path: Path) -> str:
    with path.open("rb") as handle:
        raw = handle.read(MAX_SEED_BYTES + 1)
    if len(raw) > MAX_SEED_BYTES:
        raise SourceError(f"article is larger than {MAX_SEED_BYTES:,} bytes", source=str(path))
    return raw.decode("utf-8", errors="replace")


def quote_found(quote: str, text: str) -> bool:
    """True when ``quote`` occurs in ``text`` once both are normalised.

    >>> quote_found("China’s share", "as China's   share grew")
    True
    >>> quote_found("china's share", "as China's share grew")
    False
    """
    wanted = normalise(quote)
    return bool(wanted) and wanted in normalise(text)


def _check(model: Model, citation: Citation, cache: dict[str, str | None]) -> tuple[bool, str | None]:
    if citation.file not in cache:
        path = seed_path(model, citation.file)
        cache[citation.file] = _read_seed(path) if path is not None else None
    text = cache[citation.file]
    if text is None:
        return False, f"file {citation.file!r} not found"
    if quote_found(citation.quote, text):
        return True, None
    return False, "quote does not occur in the file"


def check_sources(model: Model) -> list[SourceCheck]:
    """Check every citation of ``model``; one row per citation, or per assumption-only parameter.

    Examples
    --------
    >>> from bargain.model import load_model
    >>> rows = check_sources(load_model("rare-earth-chicken"))
    >>> all(row.found for row in rows if row.file)
    True
    """
    cache: dict[str, str | None] = {}
    rows = []
    for parameter in model.parameters.values():
        common = dict(parameter=parameter.name, value=parameter.value, low=parameter.low,
                      high=parameter.high, unit=parameter.unit, assumption=parameter.assumption)
        for citation in parameter.sources:
            found, problem = _check(model, citation, cache)
            rows.append(SourceCheck(file=citation.file, quote=citation.quote, found=found,
                                    problem=problem, **common))
        if not parameter.sources:
            rows.append(SourceCheck(file=None, quote=None, found=None, **common))
    return rows


def missing_sources(model: Model) -> list[SourceCheck]:
    """The rows of :func:`check_sources` whose quote was not found.

    >>> from bargain.model import load_model
    >>> missing_sources(load_model("london-2025"))
    []
    """
    return [row for row in check_sources(model) if row.found is False]
