"""One entry point for every criterion, a prediction for the command line, and where criteria agree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ._deps import BargainError, SelectionError
from .commitment import COMMITMENT, commitment
from .dominance import PAYOFF, RISK, payoff_dominance, risk_dominance
from .problem import as_problem
from .qre import QRE, qre
from .result import Selection, undefined
from .tracing import TRACING, tracing

#: Every criterion, in the order they are reported.
CRITERIA = (PAYOFF, RISK, QRE, TRACING, COMMITMENT)

_RUN = {
    PAYOFF: payoff_dominance,
    RISK: risk_dominance,
    QRE: qre,
    TRACING: tracing,
    COMMITMENT: commitment,
}


def select(source, criterion: str = "all", **options) -> Selection | dict[str, Selection]:
    """Which equilibrium a selection criterion picks, and why.

    Parameters
    ----------
    source : Solution, Game, Problem or sequence of payoff arrays
        A :class:`~bargain.Game` is solved first; a solution's equilibria are the
        candidates. Raw payoff arrays (any number of players) are taken with their
        pure equilibria as the candidates.
    criterion : str
        One of :data:`CRITERIA`, or ``"all"`` for a dict of every one.
    **options
        Passed to the criterion: ``prior`` and ``eps`` for ``tracing``,
        ``maxregret`` for ``qre``.

    Returns
    -------
    Selection, or dict of criterion name to Selection

    Examples
    --------
    >>> from bargain import Game
    >>> stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    >>> {name: s.label for name, s in select(stag).items()}  # doctest: +NORMALIZE_WHITESPACE
    {'payoff-dominance': 'stag / stag', 'risk-dominance': 'hare / hare', 'qre': 'hare / hare',
     'tracing': 'hare / hare', 'commitment': 'stag / stag'}
    """
    if criterion != "all" and criterion not in _RUN:
        raise SelectionError(f"unknown criterion {criterion!r}; choose one of: all, {', '.join(CRITERIA)}")
    problem = as_problem(source)
    if criterion != "all":
        return _RUN[criterion](problem, **options)
    if options:
        raise SelectionError("options apply to a single criterion; name it with criterion=...")
    return {name: _RUN[name](problem) for name in CRITERIA}


def predict(source) -> dict[str, Selection]:
    """Every criterion's pick, for a report: a criterion that cannot be computed says why instead of raising.

    >>> from bargain import Game
    >>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["cooperate", "defect"], ["cooperate", "defect"]))
    >>> sorted({s.label for s in predict(pd).values()})
    ['defect / defect']
    """
    problem = as_problem(source)
    out = {}
    for name in CRITERIA:
        try:
            out[name] = _RUN[name](problem)
        except BargainError as error:
            out[name] = undefined(name, problem, f"could not be computed: {error}")
    return out


@dataclass(frozen=True)
class Agreement:
    """Which criteria pick which outcome.

    Attributes
    ----------
    groups : tuple of (outcome label, tuple of criteria)
        Outcomes in the order first picked, each with the criteria that pick it.
    undefined : tuple of str
        Criteria that pick nothing.
    """

    groups: tuple[tuple[str, tuple[str, ...]], ...]
    undefined: tuple[str, ...]

    @property
    def unanimous(self) -> bool:
        """True when every criterion that picks something picks the same outcome."""
        return len(self.groups) == 1

    @property
    def leading(self) -> str | None:
        """The outcome picked by strictly more criteria than any other, if there is one."""
        counts = sorted((len(c) for _, c in self.groups), reverse=True)
        if not counts or (len(counts) > 1 and counts[0] == counts[1]):
            return None
        return next(label for label, c in self.groups if len(c) == counts[0])

    @property
    def summary(self) -> str:
        """One sentence: who picks what."""
        if not self.groups:
            return "no criterion picks an outcome"
        parts = [f"{' and '.join(c)} pick{'s' if len(c) == 1 else ''} {label}" for label, c in self.groups]
        text = "all criteria that pick agree: " + parts[0] if self.unanimous else "; ".join(parts)
        if self.undefined:
            text += f" ({', '.join(self.undefined)}: no pick)"
        return text

    def to_dict(self) -> dict:
        """``{"outcomes": {label: [criteria]}, "undefined": [...], "unanimous", "leading", "summary"}``."""
        return {
            "outcomes": {label: list(c) for label, c in self.groups},
            "undefined": list(self.undefined),
            "unanimous": self.unanimous,
            "leading": self.leading,
            "summary": self.summary,
        }


def agreement(selections: Mapping[str, Selection]) -> Agreement:
    """Group criteria by the outcome they pick.

    >>> from bargain import Game
    >>> stag = Game([[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=(["stag", "hare"], ["stag", "hare"]))
    >>> a = agreement(select(stag))
    >>> a.unanimous, a.leading
    (False, 'hare / hare')
    >>> a.summary
    'payoff-dominance and commitment pick stag / stag; risk-dominance and qre and tracing pick hare / hare'
    """
    groups: dict[str, list[str]] = {}
    missing = []
    for name, selection in selections.items():
        if selection.defined:
            groups.setdefault(selection.label, []).append(name)
        else:
            missing.append(name)
    return Agreement(tuple((label, tuple(c)) for label, c in groups.items()), tuple(missing))
