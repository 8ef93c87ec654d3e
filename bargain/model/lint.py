"""Lint a model: parameters and terms that cannot move an equilibrium, and citations that do not back their number.

A payoff term, or a parameter, is *strategically inert* when it adds the same
amount to every action of a player against each choice of the other: then no
player's payoff *differences* between its own actions depend on it, so no
equilibrium can. :func:`lint` checks this two ways:

* structurally, from where the terms apply: a term of player P that applies to
  every one of P's actions (for a tree, to every plan of P's reduced normal form)
  whenever it applies at all, is inert whatever the numbers; a parameter used
  only in such terms is inert too;
* numerically: each parameter is set to the ends of its plausible range (a
  fixed fact is nudged either side) with the others at their values, and the
  payoff differences of both players are compared with those at its value.

It also flags a parameter no expression uses, a value outside its own range,
and a cited number (a parameter with sources and no assumption) that none of
its quotes states, in decimal or percent form ("0.9", "90%", "90 percent") or
as a common fraction word ("a third", "half").

Severity: an inert or unused parameter that is cited is an ``error`` (a figure
from the articles should decide something); an inert assumption or an inert
term is a ``warning`` (it may set payoff levels on purpose); a range that
excludes its value, or a cited number no quote contains, is an ``error``.
Parameters used only by a tree's ``[bargaining]`` discount factors set the
bargaining split, not the game, and are not flagged.

>>> from bargain.model import load_model
>>> [f.code for f in lint(load_model("rare-earth-chicken"))]
[]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

#: Relative tolerance below which two payoff differences count as equal.
TOLERANCE = 1e-9
#: Relative tolerance between a parameter's value and a number in its quote.
NUMBER_TOLERANCE = 0.02
#: Fraction words a quote may use for a number.
FRACTION_WORDS = {
    "half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1,
    "two-thirds": 2 / 3, "three-quarters": 0.75, "nine-tenths": 0.9,
}
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(%|percent|per cent)?", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One problem :func:`lint` found.

    Attributes
    ----------
    severity : {"error", "warning"}
    code : str
        ``inert-parameter``, ``inert-term``, ``unused-parameter``,
        ``range-excludes-value`` or ``quote-lacks-number``.
    where : str
        The field at fault, as in error messages: ``parameters.<name>`` or
        ``terms[<k>]``.
    message : str
        One line saying what is wrong.

    >>> str(Finding("warning", "inert-term", "terms[0]", "adds the same to every action"))
    'warning: terms[0]: adds the same to every action'
    """

    severity: str
    code: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"


def lint(model) -> list[Finding]:
    """Every finding for ``model`` (a matrix or a sequential model), errors first.

    Parameters
    ----------
    model : bargain.model.Model or bargain.model.tree.SequentialModel

    Returns
    -------
    list of Finding
        Empty when nothing is wrong.

    Examples
    --------
    >>> from bargain.model import load_model
    >>> findings = lint(load_model("london-2025"))
    >>> [f.severity for f in findings if f.code == "inert-parameter"]
    []
    >>> for name in sorted({f.message.split(":")[0] for f in findings if f.code == "inert-term"}):
    ...     print(name)
    China's term 'chip-software access'
    China's term 'tariff loss'
    United States' term 'rare-earth shortage'
    """
    findings = [*_ranges(model), *_numbers(model)]
    used, bargaining_only = _usage(model)
    for name, parameter in model.parameters.items():
        if name not in used and name not in bargaining_only:
            findings.append(_parameter_finding(parameter, "unused-parameter", "no term or probability uses it"))
    inert_terms = _inert_terms(model)
    for index, term in inert_terms:
        findings.append(Finding(
            "warning", "inert-term", f"terms[{index}]",
            f"{_owner(term.player)} term {term.name!r}: adds the same amount to every action of {term.player} "
            f"against each choice of the {'other' if len(model.players) == 2 else 'others'}, "
            "so no equilibrium can depend on it",
        ))
    structural = _structurally_inert(model, {id(term) for _, term in inert_terms}, used)
    numeric = _numerically_inert(model, used)
    for name in model.parameters:
        if name in structural:
            why = "used only in terms that add the same amount to every action of their player (structurally inert)"
        elif name in numeric:
            why = "moving it over its range changes no player's payoff differences (numerically inert)"
        else:
            continue
        findings.append(_parameter_finding(model.parameters[name], "inert-parameter", why))
    return sorted(findings, key=lambda f: f.severity != "error")


def _owner(player: str) -> str:
    return f"{player}'" if player.endswith("s") else f"{player}'s"


def _parameter_finding(parameter, code: str, why: str) -> Finding:
    cited = parameter.assumption is None
    kind = "cited" if cited else "assumed"
    return Finding("error" if cited else "warning", code, f"parameters.{parameter.name}",
                   f"{kind} parameter {parameter.name!r} cannot move an equilibrium: {why}")


# --------------------------------------------------------------------------- simple checks


def _ranges(model) -> list[Finding]:
    return [
        Finding("error", "range-excludes-value", f"parameters.{p.name}",
                f"value {p.value:g} lies outside its range [{p.low:g}, {p.high:g}]")
        for p in model.parameters.values() if not p.low <= p.value <= p.high
    ]


def quoted_numbers(quote: str) -> list[float]:
    """Every number a quote states, as a plain number: ``"90%"`` gives 0.9 and 90.

    >>> quoted_numbers("fell 34% in May, a 90-day deal, the final third")
    [0.34, 34.0, 90.0, 0.3333333333333333]
    """
    found = []
    for digits, percent in _NUMBER.findall(quote):
        number = float(digits.replace(",", ""))
        found += [number / 100, number] if percent else [number]
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", quote.lower())
    found += [FRACTION_WORDS[w] for w in words if w in FRACTION_WORDS]
    return found


def _numbers(model) -> list[Finding]:
    findings = []
    for p in model.parameters.values():
        if p.assumption is not None or not p.sources:
            continue
        numbers = [n for c in p.sources for n in quoted_numbers(c.quote)]
        if not any(math.isclose(n, p.value, rel_tol=NUMBER_TOLERANCE) for n in numbers):
            findings.append(Finding(
                "error", "quote-lacks-number", f"parameters.{p.name}",
                f"cited value {p.value:g} appears in none of its quotes (as a decimal, a percent or a fraction "
                f"word); quote the number, or state the assumption behind it",
            ))
    return findings


def _usage(model) -> tuple[set[str], set[str]]:
    """Names used by payoff terms or chance probabilities, and names used only by bargaining discounts."""
    used = {name for term in model.payoff_terms for name in term.expression.names}
    for node in getattr(model, "nodes", {}).values():
        used |= {name for e in (node.probabilities or ()) for name in e.names}
    spec = getattr(model, "bargaining", None)
    discounts = {name for e in (spec.discounts if spec else ()) for name in e.names}
    return used, discounts - used


# --------------------------------------------------------------------------- strategic inertness


def _differences(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each player's payoff differences between its own actions, against every choice of the others.

    >>> [d.tolist() for d in _differences(np.array([[1, 2], [4, 6]]), np.array([[1, 2], [4, 6]]))]
    [[[0, 0], [3, 4]], [[0, 1], [0, 2]]]
    """
    return tuple(array - np.take(array, [0], axis=k) for k, array in enumerate(arrays))


def _arrays(game) -> tuple[np.ndarray, ...]:
    """The payoff arrays of a two-player ``Game`` or of a ``StrategicGame``."""
    payoffs = getattr(game, "payoffs", None)
    return tuple(payoffs) if isinstance(payoffs, tuple) else (game.A, game.B)


def _indicator(model, term) -> tuple[np.ndarray, ...]:
    """Where ``term`` applies, as 0/1 payoff arrays of the (reduced) normal form, one per player."""
    if model.kind == "matrix":
        mask = np.zeros(model.shape)
        mask[np.ix_(*([labels.index(a) for a in chosen] for labels, chosen in
                      zip(model.actions, term.selection, strict=True)))] = 1.0
    else:
        mask = _tree_mask(model, term)
    return tuple(mask if player == term.player else np.zeros_like(mask) for player in model.players)


def _tree_mask(model, term) -> np.ndarray:
    """The reduced normal form of the tree with payoff 1 at the leaves where ``term`` applies (to its player)."""
    from bargain.games.nodes import Chance, Decision, Leaf
    from bargain.games.sequential import SequentialGame

    histories = model.histories()
    values = _quiet_values(model)
    k = model.players.index(term.player)

    def build(name: str):
        spec = model.nodes.get(name)
        if spec is None:
            hit = float(term.applies(histories[name]))
            return Leaf(tuple(hit if j == k else 0.0 for j in range(2)), name=name)
        children = [(label, build(target)) for label, target in spec.moves]
        if spec.player is None:
            probs = [e(values) for e in spec.probabilities]
            return Chance(name, [(label, p, child) for (label, child), p in zip(children, probs, strict=True)])
        return Decision(name, spec.player, children)

    game = SequentialGame(model.players, build(model.root)).to_game()
    return game.A if k == 0 else game.B


def _inert_terms(model) -> list[tuple[int, object]]:
    """The terms that, wherever they apply, apply to every action of their player (whatever their value)."""
    inert = []
    for index, term in enumerate(model.payoff_terms):
        if not any(np.any(d) for d in _differences(*_indicator(model, term))):
            inert.append((index, term))
    return inert


def _structurally_inert(model, inert_ids: set[int], used: set[str]) -> set[str]:
    """Parameters every one of whose terms is inert (and no chance probability uses)."""
    in_terms: dict[str, list[bool]] = {}
    for term in model.payoff_terms:
        for name in term.expression.names:
            in_terms.setdefault(name, []).append(id(term) in inert_ids)
    probability_names = used - set(in_terms)
    return {name for name, flags in in_terms.items() if all(flags) and name not in probability_names}


def _quiet_values(model, **overrides) -> dict[str, float]:
    return model.values(**overrides)


def _quiet_game(model, **overrides):
    return model.game_at(overrides)


def _probes(parameter) -> list[float]:
    """Values to try: the ends of the range and its middle, or a nudge either side of a fixed value."""
    low, high, value = parameter.low, parameter.high, parameter.value
    if high > low:
        return [low, (low + high) / 2, high]
    step = max(abs(value) * 1e-3, 1e-6)
    probes = [value - step, value + step]
    if parameter.is_share:
        probes = [min(1.0, max(0.0, x)) for x in probes]
    return [x for x in probes if x != value]


def _numerically_inert(model, used: set[str]) -> set[str]:
    """Parameters whose probes change no player's payoff differences (others held at their values)."""
    base = _arrays(_quiet_game(model))
    reference = _differences(*base)
    scale = max(1.0, *(float(np.max(np.abs(array))) for array in base))
    inert = set()
    for name, parameter in model.parameters.items():
        if name not in used:
            continue
        moved = False
        for probe in _probes(parameter):
            game = _quiet_game(model, **{name: probe})
            for now, before in zip(_differences(*_arrays(game)), reference, strict=True):
                if np.max(np.abs(now - before)) > TOLERANCE * scale:
                    moved = True
        if not moved:
            inert.add(name)
    return inert


__all__ = ["FRACTION_WORDS", "Finding", "lint", "quoted_numbers"]
