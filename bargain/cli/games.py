"""``bargain solve`` and ``bargain bargain``: equilibria and bargaining outcomes of one game."""

from __future__ import annotations

import sys

import click

from bargain.errors import BargainError

from .group import cli
from .options import (
    VIEW_FORMATS,
    CommandError,
    format_option,
    load_with_overrides,
    overrides_option,
    parse_assignments,
    parse_disagreement,
    parse_rounds,
    warn_out_of_range,
)


def load_game_input(target: str, overrides: tuple[str, ...] = ()):
    """Resolve TARGET (a bundled model name, a model .toml file or a Gambit .nfg file).

    Returns ``(game, model_or_None, parameter_values_or_None)``.
    """
    from pathlib import Path

    accepts = "`bargain solve` takes a bundled model name, a model .toml file or a Gambit .nfg file"
    if Path(target).is_dir():
        raise BargainError(f"{target}: is a directory; {accepts}")
    if Path(target).suffix.lower() in (".csv", ".json"):
        raise BargainError(f"{target}: a {Path(target).suffix.lower()[1:].upper()} file is not a game; {accepts}")
    if target.lower().endswith(".nfg"):
        if overrides:
            raise BargainError(f"{target}: --set applies to models, not to .nfg files")
        from bargain.games.nfg import read_nfg

        return read_nfg(target), None, None
    model, values = load_with_overrides(target, overrides)
    game = model.game_at(values)
    warn_out_of_range(model, values)
    return game, model, model.values(**values)


@cli.command()
@click.argument("target")
@click.option("--method", "-m", default="auto", show_default=True,
              help="auto, pure, support, vertex, lemke-howson, zero-sum, dominance")
@click.option("--exact", is_flag=True, help="Solve in exact rational arithmetic.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Stop a long search after SECONDS and list the verified equilibria found so far, "
                   "marked incomplete (Ctrl-C does the same).")
@overrides_option()
@format_option()
def solve(target: str, method: str, exact: bool, timeout: float | None, overrides: tuple[str, ...],
          fmt: str) -> None:
    """Find and verify every equilibrium of a model or a .nfg game.

    TARGET is a bundled model name (see `bargain models`), a model .toml file,
    or a Gambit .nfg file.

    For a sequential model (a game tree, such as august-deadline) the output is
    the subgame-perfect equilibria found by backward induction -- path of play,
    each player's move at every decision node, ties -- followed by the Nash
    equilibria of the reduced normal form, each marked subgame-perfect or
    non-credible. Its JSON form is documented in bargain/render/sequential.py:
    {"kind": "sequential", "subgame_perfect": {...}, "normal_form": {...}}.
    """
    from bargain.equilibria import INTERRUPTIBLE_FROM
    from bargain.equilibria import solve as solve_game
    from bargain.render.search_progress import search_progress
    from bargain.render.sequential import sequential
    from bargain.render.solution import solution as render_solution

    game, model, values = load_game_input(target, overrides)
    if getattr(game, "n_players", 2) != 2:
        click.echo(_solve_n_players(game, method, exact, fmt, model=model, parameters=values, timeout=timeout),
                   nl=False)
        return
    terminal = sys.stderr.isatty()
    with search_progress(terminal) as progress:
        if terminal and not exact and timeout is None and method == "auto" and min(game.shape) >= INTERRUPTIBLE_FROM:
            from bargain.equilibria.race import solve_racing  # Qhull, or the search that Ctrl-C can stop

            solution = solve_racing(game, progress)
        else:
            solution = solve_game(game, method=method, exact=exact, timeout=timeout, progress=progress)
    if getattr(model, "kind", "matrix") == "sequential":
        click.echo(sequential(model.tree_at(values), solution, fmt, model=model, parameters=values), nl=False)
        return
    click.echo(render_solution(solution, fmt, model=model, parameters=values), nl=False)


def _solve_n_players(game, method: str, exact: bool, fmt: str, *, model=None, parameters=None,
                     timeout: float | None = None) -> str:
    """Every equilibrium of a game of three or more players (methods auto, enumpoly, pure, simpdiv),
    from a .nfg file or a model (whose name and parameter values the JSON then carries).

    On a terminal a bar counts the support profiles examined. Ctrl-C, or ``timeout`` seconds (checked
    between support profiles), ends the enumeration with the verified equilibria found so far, marked
    incomplete.
    """
    import dataclasses
    import time

    from bargain.nplayer import SolveInterrupted
    from bargain.nplayer import solve as solve_n
    from bargain.render.search_progress import support_progress
    from bargain.render.solution import solution as render_solution

    deadline = None if timeout is None else time.monotonic() + timeout
    late = []

    with support_progress(sys.stderr.isatty()) as bar:
        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar(done, total)
            if deadline is not None and time.monotonic() > deadline:
                late.append(done)
                raise KeyboardInterrupt

        try:
            solution = solve_n(game, method=method, exact=True if exact else None,
                               progress=progress if bar is not None or deadline is not None else None)
        except SolveInterrupted as stop:
            partial = stop.partial
            done, total = partial.stats.get("examined", 0), partial.stats.get("support_profiles", 0)
            why = f"time limit of {timeout:g} s reached" if late else "interrupted (Ctrl-C)"
            solution = dataclasses.replace(partial, stopped=f"{why} after {done:,} of {total:,} support profiles")
    return render_solution(solution, fmt, model=model, parameters=parameters)


@cli.command(name="bargain")
@click.argument("model_name", metavar="MODEL")
@click.option("--solution", "which", type=click.Choice(["nash", "ks", "rubinstein"]), default="nash",
              show_default=True, help="Nash bargaining, Kalai-Smorodinsky, or Rubinstein alternating offers.")
@click.option("--rounds", default=None, metavar="N",
              help="Rubinstein: rounds before the deadline, or 'inf' for none (default: the model's).")
@click.option("--discount", default=None, metavar="P=D,P=D",
              help="Rubinstein: per-round discount factors, e.g. US=0.9,China=0.95.")
@click.option("--disagreement", default=None, metavar="POINT",
              help="maximin, pure-maximin, ROW,COLUMN (a profile) or P=V,P=V (default: the model's no-deal "
                   "outcome, else maximin).")
@overrides_option()
@format_option(VIEW_FORMATS)
def bargain_command(model_name: str, which: str, rounds: str | None, discount: str | None,
                    disagreement: str | None, overrides: tuple[str, ...], fmt: str) -> None:
    """Bargain over a model: the deal each bargaining solution predicts.

    nash and ks pick a point of the feasible set (every lottery over action
    profiles) against the disagreement point; rubinstein has the players
    alternate proposals of points of that set (no payoff is transferred between
    them) before the deadline, solved by backward induction, or without a
    deadline in closed form. JSON output is documented in
    bargain/render/sequential.py.
    """
    from bargain.bargaining import bargain_model
    from bargain.render.sequential import bargaining

    model, values = load_with_overrides(model_name, overrides)
    horizon = parse_rounds(rounds)
    discounts = parse_assignments(discount, "--discount") if discount else None
    if which != "rubinstein" and (rounds is not None or discounts):
        raise CommandError("--rounds and --discount apply to the rubinstein solution only")
    point = parse_disagreement(disagreement)
    warn_out_of_range(model, values)
    result = bargain_model(model, which, rounds=horizon, discounts=discounts,
                           disagreement=point, **values)
    click.echo(bargaining(result, fmt, model=model, parameters=model.values(**values)), nl=False)
