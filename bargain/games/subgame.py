"""What backward induction finds: subgame-perfect equilibria, and verdicts on normal-form ones."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .nodes import CHANCE, Number, Step, Threat, Tie

# The tree a result belongs to is a SequentialGame (bargain.games.sequential, which imports this module).


@dataclass(frozen=True, eq=False)
class SubgamePerfect:
    """One pure subgame-perfect equilibrium.

    Attributes
    ----------
    game : SequentialGame
    choices : mapping
        The move at every decision node, on the path of play or off it.
    payoffs : pair of numbers
        Expected payoffs ``(first player, second player)``.
    """

    game: object = field(repr=False)
    choices: Mapping[str, str]
    payoffs: tuple[Number, Number]

    @property
    def strategies(self) -> dict[str, dict[str, str]]:
        """``{player: {node: move}}``, each player's move at each of their decision nodes."""
        return {
            player: {n.name: self.choices[n.name] for n in self.game.decision_nodes(player)}
            for player in self.game.players
        }

    @property
    def payoff(self) -> dict[str, Number]:
        """``{player: expected payoff}``."""
        return dict(zip(self.game.players, self.payoffs, strict=True))

    @property
    def outcomes(self) -> tuple[tuple[tuple[Step, ...], Number], ...]:
        """Every terminal history of play, with its probability (one, without chance)."""
        return self.game.outcomes(self.choices)

    @property
    def path(self) -> tuple[Step, ...]:
        """The moves made for certain: the whole history when no chance node is reached,
        otherwise the part before the first chance move."""
        histories = [h for h, _ in self.outcomes]
        common = []
        for steps in zip(*histories, strict=False):
            if any(s != steps[0] for s in steps):
                break
            common.append(steps[0])
        if len(histories) > 1 or any(s.player == CHANCE for s in common):
            cut = next((i for i, s in enumerate(common) if s.player == CHANCE), len(common))
            common = common[:cut]
        return tuple(common)

    def __repr__(self) -> str:
        moves = ", ".join(f"{n}={m}" for n, m in self.choices.items())
        return f"SubgamePerfect({moves}; payoffs={tuple(str(v) for v in self.payoffs)})"


@dataclass(frozen=True, eq=False)
class BackwardInduction(Sequence):
    """Every pure subgame-perfect equilibrium of a tree, and the ties met on the way.

    A sequence of :class:`SubgamePerfect`. :attr:`path`, :attr:`strategies` and
    :attr:`payoffs` describe the first one, which breaks every tie in favour of
    the move listed first at its node; :attr:`unique` says whether there is any
    other.

    >>> from bargain.games.sequential import Decision, Leaf, SequentialGame
    >>> tree = SequentialGame(("A", "B"), Decision("a", "A", {
    ...     "stop": Leaf((1, 1)), "go": Decision("b", "B", {"share": Leaf((2, 2)), "grab": Leaf((0, 3))})}))
    >>> result = tree.backward_induction()
    >>> result.unique, result.ties, result.strategies
    (True, (), {'A': {'a': 'stop'}, 'B': {'b': 'grab'}})
    >>> [(step.player, step.move) for step in result.path], result[0].payoff
    ([('A', 'stop')], {'A': Fraction(1, 1), 'B': Fraction(1, 1)})
    """

    game: object = field(repr=False)
    equilibria: tuple[SubgamePerfect, ...]
    ties: tuple[Tie, ...]

    def __getitem__(self, index):
        return self.equilibria[index]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[SubgamePerfect]:
        return iter(self.equilibria)

    @property
    def unique(self) -> bool:
        """True when there is exactly one pure subgame-perfect equilibrium."""
        return len(self.equilibria) == 1

    @property
    def path(self) -> tuple[Step, ...]:
        """Path of play of the first equilibrium."""
        return self.equilibria[0].path

    @property
    def strategies(self) -> dict[str, dict[str, str]]:
        """Strategies of the first equilibrium."""
        return self.equilibria[0].strategies

    @property
    def payoffs(self) -> tuple[Number, Number]:
        """Payoffs of the first equilibrium."""
        return self.equilibria[0].payoffs

    def __repr__(self) -> str:
        return f"BackwardInduction({len(self)} subgame-perfect equilibria, {len(self.ties)} ties)"


@dataclass(frozen=True, eq=False)
class Verdict:
    """Whether one normal-form equilibrium is subgame perfect.

    Attributes
    ----------
    equilibrium : Equilibrium
    labels : pair of str or None
        The two reduced strategies (``None`` for a mixed equilibrium).
    status : str
        ``"subgame-perfect"``, ``"non-credible"`` or ``"mixed"``.
    threats : tuple of Threat
        For a non-credible equilibrium, the prescribed moves that would not be
        carried out if their node were reached.
    """

    equilibrium: object = field(repr=False)
    labels: tuple[str, str] | None
    status: str
    threats: tuple[Threat, ...]

    @property
    def subgame_perfect(self) -> bool:
        """True for a subgame-perfect pure equilibrium."""
        return self.status == "subgame-perfect"


def classify(tree, solution) -> tuple[Verdict, ...]:
    """Functional form of :meth:`SequentialGame.classify`.

    >>> from bargain import solve
    >>> from bargain.games.sequential import Decision, Leaf, SequentialGame
    >>> tree = SequentialGame(("A", "B"), Decision("a", "A", {
    ...     "stop": Leaf((1, 1)), "go": Decision("b", "B", {"share": Leaf((2, 2)), "grab": Leaf((0, 3))})}))
    >>> [(v.labels, v.status) for v in classify(tree, solve(tree.to_game(), method="pure"))]
    [(('stop', 'grab'), 'subgame-perfect')]
    """
    return tree.classify(solution)
