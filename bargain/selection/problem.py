"""What every criterion works on: payoff arrays for any number of players, labels,
and the equilibria to choose among.

A game with ``n`` players is held as ``n`` arrays of one shape ``(m_1, ..., m_n)``:
``payoffs[i][a_1, ..., a_n]`` is player ``i``'s payoff when player ``k`` plays
action ``a_k``. A mixed profile is a tuple of ``n`` probability vectors. The
functions here are the small numerical vocabulary the criteria share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._deps import Game, SelectionError, Solution, StrategicGame, solve

Profile = tuple[np.ndarray, ...]


def action_values(payoffs: Sequence[np.ndarray], profile: Sequence[np.ndarray], player: int) -> np.ndarray:
    """Expected payoff of each of ``player``'s actions when the others play ``profile``.

    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])
    >>> action_values([A, A.T], (np.array([1.0, 0.0]), np.array([0.5, 0.5])), 0)
    array([1.5, 3. ])
    """
    out = payoffs[player]
    for j in range(len(payoffs) - 1, -1, -1):
        if j != player:
            out = np.tensordot(out, profile[j], axes=([j], [0]))
    return np.asarray(out, dtype=float)


def cross_values(payoffs: Sequence[np.ndarray], profile: Sequence[np.ndarray], i: int, j: int) -> np.ndarray:
    """Player ``i``'s payoff for each pair (own action, action of ``j``), the rest playing ``profile``.

    This is the derivative of :func:`action_values` of ``i`` with respect to the
    strategy of ``j``; an ``m_i x m_j`` matrix.

    >>> A = np.arange(8.0).reshape(2, 2, 2)
    >>> cross_values([A, A, A], (None, np.array([1.0, 0.0]), np.array([0.5, 0.5])), 0, 2)
    array([[0., 1.],
           [4., 5.]])
    """
    out = payoffs[i]
    for k in range(len(payoffs) - 1, -1, -1):
        if k not in (i, j):
            out = np.tensordot(out, profile[k], axes=([k], [0]))
    return np.asarray(out if i < j else out.T, dtype=float)


def expected_payoffs(payoffs: Sequence[np.ndarray], profile: Sequence[np.ndarray]) -> np.ndarray:
    """Each player's expected payoff under ``profile``.

    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])
    >>> expected_payoffs([A, A.T], (np.array([0.0, 1.0]), np.array([0.0, 1.0])))
    array([1., 1.])
    """
    return np.array([float(action_values(payoffs, profile, i) @ profile[i]) for i in range(len(payoffs))])


def regrets(payoffs: Sequence[np.ndarray], profile: Sequence[np.ndarray]) -> np.ndarray:
    """What each player could gain by switching to their best pure action.

    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])
    >>> regrets([A, A.T], (np.array([1.0, 0.0]), np.array([1.0, 0.0])))
    array([2., 2.])
    """
    out = []
    for i in range(len(payoffs)):
        v = action_values(payoffs, profile, i)
        out.append(float(v.max() - v @ profile[i]))
    return np.array(out)


def payoff_scale(payoffs: Sequence[np.ndarray]) -> float:
    """The largest absolute payoff, at least 1: the yardstick of every tolerance here."""
    return max(1.0, *(float(np.abs(U).max()) for U in payoffs))


def pure_equilibria(payoffs: Sequence[np.ndarray], tol: float | None = None) -> list[tuple[tuple[int, ...], bool]]:
    """Every pure Nash equilibrium, and whether it is strict, for any number of players.

    An equilibrium is strict when every player loses more than ``tol`` by any
    unilateral deviation (default ``1e-9`` times :func:`payoff_scale`).

    >>> A = np.array([[4.0, 0.0], [3.0, 3.0]])       # a stag hunt
    >>> pure_equilibria([A, A.T])
    [((0, 0), True), ((1, 1), True)]
    """
    tol = 1e-9 * payoff_scale(payoffs) if tol is None else tol
    is_best = np.ones(payoffs[0].shape, dtype=bool)
    is_strict = np.ones(payoffs[0].shape, dtype=bool)
    for i, U in enumerate(payoffs):
        best = U.max(axis=i, keepdims=True)
        is_best &= U >= best - tol
        if U.shape[i] == 1:
            continue
        second = np.partition(U, -2, axis=i).take([-2], axis=i)
        is_strict &= (U >= best - tol) & (best - second > tol)
    found = [tuple(int(a) for a in index) for index in zip(*np.nonzero(is_best), strict=True)]
    return [(index, bool(is_strict[index])) for index in found]


def pure_profile(shape: Sequence[int], actions: Sequence[int]) -> Profile:
    """The mixed-profile form of a pure action profile.

    >>> pure_profile((2, 3), (1, 0))
    (array([0., 1.]), array([1., 0., 0.]))
    """
    return tuple(np.eye(m)[a] for m, a in zip(shape, actions, strict=True))


def centroid(shape: Sequence[int]) -> Profile:
    """Every player mixing uniformly over their actions.

    >>> centroid((2, 4))
    (array([0.5, 0.5]), array([0.25, 0.25, 0.25, 0.25]))
    """
    return tuple(np.full(m, 1.0 / m) for m in shape)


def mode_changes(profiles: Sequence[Sequence[np.ndarray]], tol: float = 1e-6) -> list[int]:
    """Positions along a path of profiles where some player's most likely action changes.

    Near-ties do not count: a player keeps their previous most likely action
    while it stays within ``tol`` of the largest probability.

    >>> path = [(np.array([0.6, 0.4]),), (np.array([0.5, 0.5]),), (np.array([0.3, 0.7]),)]
    >>> mode_changes(path)
    [2]
    """
    changes, modes = [], None
    for k, profile in enumerate(profiles):
        current = []
        for i, p in enumerate(profile):
            keep = modes is not None and p[modes[i]] >= p.max() - tol
            current.append(modes[i] if keep else int(np.argmax(p)))
        if modes is not None and current != modes:
            changes.append(k)
        modes = current
    return changes


@dataclass(frozen=True, eq=False)
class Problem:
    """A game in strategic form and the equilibria a criterion chooses among.

    Attributes
    ----------
    payoffs : tuple of arrays
        One array per player, all of shape ``(m_1, ..., m_n)``.
    players : tuple of str
    actions : tuple of tuples of str
    equilibria : tuple of profiles
        Each a tuple of ``n`` float probability vectors.
    complete : bool
        True when ``equilibria`` holds every extreme equilibrium of the game.
    components : tuple of tuples of int
        Indices of equilibria that form one connected set (empty when unknown).
    solution : Solution or None
        The solver's result the equilibria came from, when there is one.

    Examples
    --------
    >>> p = as_problem([np.array([[4.0, 0.0], [3.0, 3.0]])] * 2)
    >>> p.shape, p.players, len(p.equilibria), p.complete
    ((2, 2), ('Player 1', 'Player 2'), 2, False)
    >>> p.describe(p.equilibria[0])
    'a1 / a1'
    """

    payoffs: tuple[np.ndarray, ...]
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    equilibria: tuple[Profile, ...]
    complete: bool
    components: tuple[tuple[int, ...], ...] = ()
    solution: Solution | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.payoffs)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(self.payoffs[0].shape)

    @property
    def scale(self) -> float:
        """:func:`payoff_scale` of the game."""
        return payoff_scale(self.payoffs)

    def payoff_of(self, profile: Sequence[np.ndarray]) -> np.ndarray:
        """Expected payoff of each player under ``profile``."""
        return expected_payoffs(self.payoffs, profile)

    def pure_actions(self, profile: Sequence[np.ndarray], tol: float = 1e-9) -> tuple[int, ...] | None:
        """The action profile when ``profile`` is pure (within ``tol``), else ``None``."""
        out = []
        for p in profile:
            k = int(np.argmax(p))
            if p[k] < 1 - tol:
                return None
            out.append(k)
        return tuple(out)

    def describe(self, profile: Sequence[np.ndarray], digits: int = 3) -> str:
        """A short label: ``"license / ease-and-extend"`` for a pure profile, mixtures spelled out."""
        pure = self.pure_actions(profile)
        if pure is not None:
            return " / ".join(self.actions[i][a] for i, a in enumerate(pure))
        parts = []
        for i, p in enumerate(profile):
            mix = ", ".join(f"{self.actions[i][a]} {p[a]:.{digits}g}" for a in range(len(p)) if p[a] > 1e-9)
            parts.append(f"{self.players[i]}: {mix}")
        return "; ".join(parts)

    def labelled(self, profile: Sequence[np.ndarray]) -> dict[str, dict[str, float]]:
        """``{player: {action: probability}}``, JSON-ready."""
        return {
            player: {a: float(p) for a, p in zip(self.actions[i], profile[i], strict=True)}
            for i, player in enumerate(self.players)
        }

    def match(self, profile: Sequence[np.ndarray], tol: float = 1e-6) -> int | None:
        """Index of the listed equilibrium nearest ``profile`` (largest probability gap at most ``tol``)."""
        best, index = np.inf, None
        for k, eq in enumerate(self.equilibria):
            gap = max(float(np.abs(np.asarray(p) - q).max()) for p, q in zip(profile, eq, strict=True))
            if gap < best:
                best, index = gap, k
        return index if best <= tol else None

    def component_of(self, profile: Sequence[np.ndarray], tol: float = 1e-6) -> int | None:
        """Index of the component (a continuum of equilibria) whose convex hull holds ``profile``.

        Every player's strategy must be a convex combination of that player's
        strategies in the component's extreme equilibria, to within ``tol``.
        """
        from scipy.optimize import nnls

        for c, members in enumerate(self.components):
            if len(members) < 2:
                continue
            inside = True
            for i, strategy in enumerate(profile):
                corners = np.array([self.equilibria[e][i] for e in members]).T
                # weights >= 0 summing to 1 (the sum enforced by a heavily weighted extra row)
                system = np.vstack([corners, 1e3 * np.ones(len(members))])
                target = np.concatenate([np.asarray(strategy, dtype=float), [1e3]])
                _, residual = nnls(system, target)
                if residual > tol:
                    inside = False
                    break
            if inside:
                return c
        return None

    def equilibrium(self, index: int | None):
        """The solver's :class:`Equilibrium` at ``index`` when there is a solution, else the profile."""
        if index is None:
            return None
        if self.solution is not None:
            return self.solution[index]
        return self.equilibria[index]


def _profile_arrays(profile) -> Profile:
    return tuple(np.array([float(p) for p in strategy]) for strategy in profile)


def _game_arrays(game) -> tuple[np.ndarray, ...]:
    if hasattr(game, "A") and hasattr(game, "B"):
        return (np.asarray(game.A, dtype=float), np.asarray(game.B, dtype=float))
    if hasattr(game, "payoffs") and not callable(game.payoffs):
        return tuple(np.asarray(U, dtype=float) for U in game.payoffs)
    raise SelectionError(f"cannot read payoffs from a {type(game).__name__}")


def _check_arrays(arrays: Sequence) -> tuple[np.ndarray, ...]:
    try:
        out = tuple(np.array(U, dtype=float) for U in arrays)
    except (TypeError, ValueError):
        raise SelectionError("payoffs must be numeric arrays, one per player") from None
    if len(out) < 2:
        raise SelectionError(f"a game needs at least 2 players, got payoffs for {len(out)}")
    shape = out[0].shape
    if len(shape) != len(out) or any(U.shape != shape for U in out) or 0 in shape:
        raise SelectionError(
            f"payoffs of {len(out)} players must be {len(out)} arrays of one shape with one axis per player, "
            f"got shapes {[U.shape for U in out]}"
        )
    if not all(np.isfinite(U).all() for U in out):
        raise SelectionError("payoffs must be finite numbers")
    for U in out:
        U.setflags(write=False)
    return out


def as_problem(source, equilibria: Sequence | None = None, *, solve_game: bool = True) -> Problem:
    """Read a :class:`Solution`, a :class:`Game`, or a list of payoff arrays as a :class:`Problem`.

    Parameters
    ----------
    source : Solution, Game, StrategicGame, Problem or sequence of arrays
        A game is solved with the package's solver first (a game of three or
        more players by :func:`bargain.nplayer.solve`; a set of equilibria of
        positive dimension then counts as one candidate, a verified point on
        it, and the problem is not marked complete). A list of ``n`` payoff
        arrays (any ``n``) is taken as it is; without ``equilibria`` its pure
        equilibria are the candidates and the problem is marked incomplete.
    equilibria : sequence of profiles, optional
        The equilibria to choose among, for raw arrays.
    solve_game : bool
        Solve a :class:`Game` for its equilibria (default). Without, the problem
        has payoffs and labels only, which is all a path needs.

    >>> from bargain import Game
    >>> p = as_problem(Game([[4, 0], [3, 3]], [[4, 3], [0, 3]]))
    >>> len(p.equilibria), p.complete
    (3, True)
    """
    if isinstance(source, Problem):
        return source
    if hasattr(source, "equilibria") and hasattr(source, "game"):
        solution = source
        game = solution.game
        # a set of equilibria of positive dimension (n players) is one candidate: a verified point on it
        continua = [c.samples[0] for c in getattr(solution, "continua", ()) if c.samples]
        return Problem(
            payoffs=_check_arrays(_game_arrays(game)),
            players=tuple(game.players),
            actions=tuple(tuple(a) for a in game.actions),
            equilibria=tuple(_profile_arrays(eq.profile) for eq in (*solution.equilibria, *continua)),
            complete=bool(getattr(solution, "complete", False)) and not getattr(solution, "continua", ()),
            components=tuple(tuple(c) for c in getattr(solution, "components", ())),
            solution=solution if isinstance(solution, Solution) else None,
        )
    if isinstance(source, Game | StrategicGame) and solve_game:
        return as_problem(solve(source))
    if hasattr(source, "players") and hasattr(source, "actions"):
        arrays = _check_arrays(_game_arrays(source))
        players, actions = tuple(source.players), tuple(tuple(a) for a in source.actions)
    else:
        arrays = _check_arrays(source)
        players = tuple(f"Player {i + 1}" for i in range(len(arrays)))
        actions = tuple(tuple(f"a{k + 1}" for k in range(m)) for m in arrays[0].shape)
    if equilibria is None and not solve_game:
        found, complete = (), False
    elif equilibria is None:
        found = tuple(pure_profile(arrays[0].shape, s) for s, _ in pure_equilibria(arrays))
        complete = False
    else:
        found = tuple(tuple(np.asarray(p, dtype=float) for p in eq) for eq in equilibria)
        complete = True
    return Problem(arrays, players, actions, found, complete)
