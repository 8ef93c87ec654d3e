"""Finding and loading model files: bundled models by name, any model file by path."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from bargain.errors import ModelError
from bargain.numbers import NumberError, parse_number

from .include import resolve_includes
from .matrix import Model, model_from_data
from .reader import read_model_file
from .tree import SequentialModel
from .tree_file import sequential_model_from_data


def bundled_dir(what: str) -> Path:
    """The directory of bundled ``models`` or ``seeds``.

    An installed wheel carries them inside the package as ``bargain/_data/``;
    a source checkout (or an editable install) has them at the repository root.

    >>> bundled_dir("models").name
    'models'
    """
    if what not in ("models", "seeds"):
        raise ValueError(f"bundled_dir() knows 'models' and 'seeds', not {what!r}")
    packaged = resources.files("bargain") / "_data" / what
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / what




def _looks_like_path(target: str) -> bool:
    """A target naming a file rather than a bundled model: ``*.toml``, a path, or an existing file."""
    return (target.lower().endswith(".toml") or "/" in target or "\\" in target
            or ("." in target and Path(target).is_file()))


#: Files a user may hand to a model command by mistake, and what to do with each.
_OTHER_FORMATS = {
    ".nfg": "a Gambit strategic-form game, not a model: `bargain solve {file}` solves it; this command "
            "needs a model (a bundled name or a .toml file) with parameters",
    ".efg": "a Gambit extensive-form game: bargain does not read .efg files yet. Convert it to a "
            "strategic-form .nfg first, for example with pygambit: python -c \"import pygambit; "
            "pygambit.read_efg('{file}').to_nfg('{nfg}')\", then run `bargain solve {nfg}`",
    ".csv": "a CSV file, not a model: this command takes a bundled model name (`bargain models` lists "
            "them) or a model .toml file",
    ".json": "a JSON file, not a model: this command takes a bundled model name (`bargain models` lists "
             "them) or a model .toml file",
}


def _refuse_other_formats(path: Path) -> None:
    """A clear error for a directory or a known non-model file, before it is read as TOML.

    >>> _refuse_other_formats(Path("game.efg"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bargain.errors.ModelError: game.efg: a Gambit extensive-form game: bargain does not read .efg files yet. ...
    """
    if path.is_dir():
        raise ModelError("is a directory, not a model; give a bundled model name (`bargain models` lists "
                         "them) or a model .toml file", source=str(path))
    advice = _OTHER_FORMATS.get(path.suffix.lower())
    if advice is not None:
        raise ModelError(advice.format(file=path, nfg=path.with_suffix(".nfg")), source=str(path))


def bundled_names() -> list[str]:
    """Names of the bundled model files, sorted."""
    folder = bundled_dir("models")
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def load_model(name_or_path: str | Path) -> Model | SequentialModel:
    """Load a bundled model by name (``"london-2025"``) or a model file by path.

    Raises
    ------
    ModelError
        For an unknown name (the message lists the bundled ones), a missing or
        malformed file, or any invalid field.

    Examples
    --------
    >>> load_model("rare-earth-chicken").name
    'rare-earth-chicken'
    >>> load_model("no-such-model")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bargain.errors.ModelError: unknown model 'no-such-model'; bundled models: ...
    """
    if isinstance(name_or_path, Path) or _looks_like_path(str(name_or_path)):
        path = Path(name_or_path)
        _refuse_other_formats(path)
    else:
        name = str(name_or_path)
        path = bundled_dir("models") / f"{name}.toml"
        if name and Path(name).is_dir():
            raise ModelError(f"{name!r} is a directory, not a model; give a bundled model name "
                             f"({', '.join(bundled_names()) or 'none'}) or a model .toml file")
        if not name or not path.is_file():
            raise ModelError(
                f"unknown model {name!r}; bundled models: {', '.join(bundled_names()) or '(none)'}"
            )
    data = resolve_includes(read_model_file(path), path)
    if data.get("kind") == "sequential":
        return sequential_model_from_data(data, path)
    return model_from_data(data, path)


def list_models() -> list[Model | SequentialModel]:
    """The bundled models, sorted by name.

    Sequential models (game trees, see :mod:`bargain.model.tree`) are
    included; their ``kind`` is ``"sequential"``.

    >>> "rare-earth-chicken" in [m.name for m in list_models()]
    True
    """
    return sorted((load_model(name) for name in bundled_names()), key=lambda m: m.name)


def parse_overrides(model: Model | SequentialModel, items: Iterable[str]) -> dict[str, float]:
    """Read ``["name=value", ...]`` (the command line's ``--set``) into a dict of floats.

    Names must be parameters of ``model`` and values numbers of the one number
    grammar (``0.62``, ``1e-3``, ``-1`` or a fraction such as ``2/3``, see
    :mod:`bargain.numbers`). Shares and ranges are checked later, by
    :meth:`Model.values` and :meth:`Model.out_of_range`.

    >>> m = load_model("rare-earth-chicken")
    >>> parse_overrides(m, ["china_share=0.62", "us_standoff_cost = 3/2"])
    {'china_share': 0.62, 'us_standoff_cost': 1.5}
    """
    result: dict[str, float] = {}
    for item in items:
        name, sep, text = str(item).partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise ModelError(f"expects NAME=VALUE, got {item!r}", source=model.source)
        if name not in model.parameters:
            raise ModelError(
                f"unknown parameter {name!r}; parameters are: {', '.join(model.parameters)}",
                source=model.source,
            )
        try:
            result[name] = parse_number(text)
        except NumberError as error:
            raise ModelError(f"{name}={text}: {error}", source=model.source) from None
    return result


__all__ = ["bundled_dir", "bundled_names", "list_models", "load_model", "parse_overrides"]
