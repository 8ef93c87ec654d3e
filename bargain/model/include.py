"""Shared model files: a model's ``include`` list merged into its own data.

One definition of a shared fact (China's share of supply, the truce's dates, tariff
levels) serves every model that includes it, so the same concept cannot carry two values.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from pathlib import Path

from bargain.errors import ModelError

from .reader import read_model_file

#: How deep included files may include others.
MAX_INCLUDE_DEPTH = 8
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def resolve_includes(data: Mapping, path: str | Path) -> dict:
    """Merge the files named by a model's top-level ``include`` list into its data.

    ``include = ["shared/facts.toml"]`` (paths relative to the including
    file) brings in the ``[parameters.*]`` and ``[[terms]]`` of each file, and
    of the files it includes in turn; any other field of an included file (a
    header, players) is ignored, so a model may include another model to reuse
    its terms. Only the included parameters the merged model uses (in a term, a
    payoff, a probability or a discount) are kept, so one file of shared facts
    serves every model. A parameter defined in two files is an error naming
    both. When the including model is a tree (``kind = "sequential"``), an
    included matrix term's ``when = { Player = "action" }`` becomes the move
    list ``["action"]``; a list of actions becomes one term per action.

    >>> from bargain.model.files import bundled_dir
    >>> from bargain.model.reader import read_model_file
    >>> path = bundled_dir("models") / "rare-earth-chicken.toml"
    >>> data = resolve_includes(read_model_file(path), path)
    >>> "include" in data, data["parameters"]["china_share"]["value"]
    (False, 0.9)
    """
    path = Path(path)
    merged = {key: value for key, value in data.items() if key != "include"}
    if "include" not in data or not isinstance(merged.get("parameters", {}), dict):
        return merged  # nothing to merge, or a malformed table the loader reports
    own = dict(merged.get("parameters", {}))
    parameters: dict = {}  # included ones first, in include order, then the model's own
    origin: dict = {}
    terms: list = []
    tree = merged.get("kind") == "sequential"
    seen: set[Path] = set()

    def visit(spec, source: Path, chain: tuple[Path, ...]) -> None:
        if spec is None:
            return
        if not isinstance(spec, list) or not all(isinstance(item, str) and item.strip() for item in spec):
            raise ModelError("must be a list of file names", source=str(source), where="include")
        if len(chain) > MAX_INCLUDE_DEPTH:
            raise ModelError(f"files include each other more than {MAX_INCLUDE_DEPTH} deep", source=str(source),
                             where="include")
        for item in spec:
            target = (source.parent / item).resolve()
            if target in chain:
                raise ModelError(f"{item!r} includes itself, directly or through other files", source=str(source),
                                 where="include")
            if target in seen:
                continue
            seen.add(target)
            if not target.is_file():
                raise ModelError(f"{item!r}: no such model file (looked for {target})", source=str(source),
                                 where="include")
            extra = read_model_file(target)
            table, entries = extra.get("parameters", {}), extra.get("terms", [])
            if not isinstance(table, dict) or not isinstance(entries, list):
                raise ModelError("parameters must be a table and terms a list of tables", source=str(target))
            for name, entry in table.items():
                if name in own:
                    raise ModelError(f"parameter {name!r} is defined in both {target} and {path}",
                                     source=str(path), where="include")
                if name in parameters and origin[name] != target:
                    raise ModelError(f"parameter {name!r} is defined in both {origin[name]} and {target}",
                                     source=str(path), where="include")
                parameters[name], origin[name] = entry, target
            for entry in entries:
                terms.extend(_as_tree_terms(entry, target) if tree else [entry])
            visit(extra.get("include"), target, (*chain, target))

    visit(data["include"], path, (path.resolve(),))
    parameters.update(own)
    origin.update(dict.fromkeys(own, path))
    own_terms = merged.get("terms", [])
    merged["terms"] = terms + (own_terms if isinstance(own_terms, list) else [own_terms])
    used = _names_used(merged)
    merged["parameters"] = {name: entry for name, entry in parameters.items() if origin[name] == path or name in used}
    return merged


def _as_tree_terms(entry, source: Path) -> list:
    """A matrix term as tree terms: its ``when`` table becomes move lists (see :func:`resolve_includes`)."""
    when = entry.get("when") if isinstance(entry, dict) else None
    if not isinstance(when, dict):
        return [entry]
    choices = [[labels] if isinstance(labels, str) else labels for labels in when.values()]
    if not all(isinstance(labels, list) and labels and all(isinstance(x, str) for x in labels) for labels in choices):
        raise ModelError(f"term {entry.get('name')!r}: when must name actions", source=str(source), where="terms")
    return [{**entry, "when": list(moves)} for moves in itertools.product(*choices)]


def _names_used(data: Mapping) -> set[str]:
    """Every identifier in the expressions of ``data``: terms, payoff tables, tree probabilities and leaves,
    bargaining discounts."""

    def table(value) -> Mapping:
        return value if isinstance(value, dict) else {}

    def tables(value) -> list:
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    texts = [t.get("expression") for t in tables(data.get("terms"))]
    texts += [v for p in tables(data.get("payoffs")) for v in (p.get("values") or [])]
    tree = table(data.get("tree"))
    texts += [v for n in table(tree.get("nodes")).values() for v in table(table(n).get("probabilities")).values()]
    texts += [v for leaf in table(tree.get("leaves")).values() for v in table(leaf).values()]
    texts += list(table(table(data.get("bargaining")).get("discount")).values())
    return {name for text in texts if isinstance(text, (str, int, float)) for name in _NAME.findall(str(text))}
