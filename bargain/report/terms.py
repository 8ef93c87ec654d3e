"""The named payoff terms behind every cell of the page, at every slider value.

A *cell* is where payoffs sit: an action profile of a matrix model, a leaf of a
tree. A *slot* is one named term of one player at one cell; the page adds up a
cell's slots to show its payoffs and lists them to say why. At a slider value
only the terms whose expressions use that parameter change, so only those are
evaluated (and stored) per value; the others keep their values at the chosen
point. :meth:`bargain.model.Model.terms` is the reference: the tests compare
every slot with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .options import rounded


@dataclass(frozen=True)
class TermSlots:
    """The cells and slots of a model at the chosen values.

    Attributes
    ----------
    cells : list of {key, label}
        ``key`` is the action profile (a list) or the leaf's name.
    slots : list of (cell, player index, term name)
    values : list of float
        Each slot's value at the chosen values.
    sources : list of lists of int, or None
        For each slot, the indices in ``model.payoff_terms`` of the terms that add up to it; None when the
        model's kind is not one this module can map (then every value is taken from ``model.terms``).
    """

    cells: list[dict]
    slots: list[tuple[int, int, str]]
    values: list[float]
    sources: list[list[int]] | None


def term_slots(model, values: Mapping[str, float]) -> TermSlots:
    """The cells and slots of ``model`` at ``values`` (see :class:`TermSlots`).

    >>> from bargain.model import load_model
    >>> table = term_slots(load_model("rare-earth-chicken"), {})
    >>> table.cells[0]["label"], table.slots[0], table.values[0]
    ('escalate / escalate', (0, 0, 'standoff cost'), -2.0)
    """
    cells, slots, numbers = [], [], []
    for c, (key, by_player) in enumerate(model.terms(**values).items()):
        if isinstance(key, tuple):
            cells.append({"key": list(key), "label": " / ".join(key)})
        else:
            cells.append({"key": str(key), "label": str(key)})
        for p, terms in enumerate(by_player.values()):
            for term, value in terms.items():
                slots.append((c, p, term))
                numbers.append(rounded(value))
    return TermSlots(cells, slots, numbers, _sources(model, cells, slots))


def _sources(model, cells: list[dict], slots) -> list[list[int]] | None:
    terms = getattr(model, "payoff_terms", None)
    if terms is None or not all(hasattr(getattr(t, "expression", None), "names") for t in terms):
        return None
    if model.kind == "sequential":
        histories = model.histories()

        def applies(term, key) -> bool:
            return term.applies(histories[key])
    elif len(model.players) == 2 and model.kind == "matrix":
        def applies(term, key) -> bool:
            return term.applies(key[0], key[1])
    else:
        return None
    keys = [cell["key"] for cell in cells]
    return [
        [i for i, t in enumerate(terms) if t.player == model.players[p] and t.name == name and applies(t, keys[c])]
        for c, p, name in slots
    ]


def moving_slots(model, table: TermSlots, overrides: Mapping[str, float], name: str,
                 grid: Sequence[float]) -> dict[str, list[float]]:
    """``{slot index: [its value at each value of name]}`` for the slots that change along ``grid``."""
    if table.sources is None:
        return _moving_by_terms(model, table, overrides, name, grid)
    from ..model.expr import ExpressionError

    terms = model.payoff_terms
    moving = {i for i, t in enumerate(terms) if name in t.expression.names}
    touched = [k for k, sources in enumerate(table.sources) if moving.intersection(sources)]
    if not touched:
        return {}
    base = model.values(**overrides)
    fixed = {i: t.expression(base) for i, t in enumerate(terms) if i not in moving}
    columns: dict[str, list[float]] = {str(k): [] for k in touched}
    for value in grid:
        point = base | {name: value}
        try:
            now = {i: terms[i].expression(point) for i in moving}
        except ExpressionError:  # let the model say what is wrong, in its own words
            return _moving_by_terms(model, table, overrides, name, grid)
        for k in touched:
            total = 0.0
            for i in table.sources[k]:  # summed in file order, as the model sums them
                total += now[i] if i in now else fixed[i]
            columns[str(k)].append(rounded(total))
    return {k: v for k, v in columns.items() if any(x != table.values[int(k)] for x in v)}


def _moving_by_terms(model, table: TermSlots, overrides, name: str, grid) -> dict[str, list[float]]:
    """The same as :func:`moving_slots`, from ``model.terms`` at every value (for kinds not mapped here)."""
    columns = []
    for value in grid:
        breakdown = list(model.terms(**(dict(overrides) | {name: value})).values())
        columns.append([rounded(list(breakdown[c].values())[p][term]) for c, p, term in table.slots])
    return {str(k): [column[k] for column in columns] for k in range(len(table.slots))
            if any(column[k] != table.values[k] for column in columns)}
