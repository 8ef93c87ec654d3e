"""The ``bargain`` command line: thin click commands over the public Python API.

Every command turns a :class:`bargain.errors.BargainError` (and click's own
usage errors) into one line on stderr and exit status 2 -- never a traceback.
Heavy imports happen inside the commands, so ``bargain --help`` starts fast.
"""

from __future__ import annotations

import sys

import click

from .errors import BargainError

FORMATS = click.Choice(["table", "json", "csv"])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bargain")
def cli() -> None:
    """Solve negotiation games completely, verify every equilibrium, and trace every number."""


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
        from .nfg import read_nfg

        return read_nfg(target), None, None
    from .model import load_model, parse_overrides

    model = load_model(target)
    values = parse_overrides(model, overrides)
    return model.game(**values), model, model.values(**values)


@cli.command()
@click.argument("target")
@click.option("--method", "-m", default="auto", show_default=True,
              help="auto, pure, support, vertex, lemke-howson, zero-sum, dominance")
@click.option("--exact", is_flag=True, help="Solve in exact rational arithmetic.")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a model parameter (repeatable).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def solve(target: str, method: str, exact: bool, overrides: tuple[str, ...], fmt: str) -> None:
    """Find and verify every equilibrium of a model or a .nfg game.

    TARGET is a bundled model name (see `bargain models`), a model .toml file,
    or a Gambit .nfg file.

    For a sequential model (a game tree, such as august-deadline) the output is
    the subgame-perfect equilibria found by backward induction -- path of play,
    each player's move at every decision node, ties -- followed by the Nash
    equilibria of the reduced normal form, each marked subgame-perfect or
    non-credible. Its JSON form is documented in bargain/render_sequential.py:
    {"kind": "sequential", "subgame_perfect": {...}, "normal_form": {...}}.
    """
    from . import render
    from .equilibria import solve as solve_game

    game, model, values = load_game_input(target, overrides)
    solution = solve_game(game, method=method, exact=exact)
    if getattr(model, "kind", "matrix") == "sequential":
        from .render_sequential import sequential

        tree = model.tree(**values)
        click.echo(sequential(tree, solution, fmt, model=model, parameters=values), nl=False)
        return
    click.echo(render.solution(solution, fmt, model=model, parameters=values), nl=False)


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
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a model parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def bargain_command(model_name: str, which: str, rounds: str | None, discount: str | None,
                    disagreement: str | None, overrides: tuple[str, ...], fmt: str) -> None:
    """Bargain over a model: the deal each bargaining solution predicts.

    nash and ks pick a point of the feasible set (every lottery over action
    profiles) against the disagreement point; rubinstein has the players
    alternate proposals of points of that set (no payoff is transferred between
    them) before the deadline, solved by backward induction, or without a
    deadline in closed form. JSON output is documented in
    bargain/render_sequential.py.
    """
    from .bargaining import bargain_model, parse_assignments, parse_disagreement
    from .model import load_model, parse_overrides
    from .render_sequential import bargaining

    model = load_model(model_name)
    values = parse_overrides(model, overrides)
    horizon: int | None | str = "model"
    if rounds is not None:
        if rounds.strip().lower() in ("inf", "none", "infinite"):
            horizon = None
        elif rounds.strip().isdigit() and int(rounds) >= 1:
            horizon = int(rounds)
        else:
            raise BargainError(f"--rounds {rounds!r}: give a positive whole number or 'inf'")
    discounts = parse_assignments(discount, "--discount") if discount else None
    result = bargain_model(model, which, rounds=horizon, discounts=discounts,
                           disagreement=parse_disagreement(disagreement), **values)
    click.echo(bargaining(result, fmt, model=model, parameters=model.values(**values)), nl=False)


# --------------------------------------------------------------------------- models, show, check, sources

VIEW_FORMATS = click.Choice(["table", "json"])


def _console():
    """A rich console that renders into a string (see :func:`_emit`)."""
    import io
    import shutil

    from rich.console import Console

    width = max(100, shutil.get_terminal_size((120, 24)).columns)
    return Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None, highlight=False)


def _emit(console) -> None:
    click.echo(console.file.getvalue(), nl=False)


def _num(value: float) -> str:
    return f"{value:.4g}"


def _shape(model) -> str:
    m, n = model.game().shape
    return f"{m}x{n}" if model.kind == "matrix" else f"{model.kind}, {m}x{n} normal form"


@cli.command()
def models() -> None:
    """List the bundled models: name, shape and title."""
    from .model import list_models

    entries = [(m.name, _shape(m), m.title) for m in list_models()]
    widths = [max((len(e[k]) for e in entries), default=0) for k in (0, 1)]
    for name, shape, title in entries:
        click.echo(f"{name:<{widths[0]}}  {shape:<{widths[1]}}  {title}")


def _show_parameters(console, model, values: dict, overridden: set) -> None:
    from rich.table import Table

    table = Table(title="Parameters (* = set on the command line)", title_justify="left")
    for column in ("parameter", "value", "range", "unit", "source"):
        table.add_column(column, justify="right" if column == "value" else "left")
    for name, p in model.parameters.items():
        source = ", ".join(dict.fromkeys(c.file for c in p.sources))
        if p.assumption:
            source = f"{source} + assumption" if source else "assumption"
        mark = "*" if name in overridden else ""
        table.add_row(name, _num(values[name]) + mark, f"[{_num(p.low)}, {_num(p.high)}]", p.unit, source)
    console.print(table)


def _show_matrix(console, game) -> None:
    from rich.table import Table

    table = Table(title=f"Payoffs ({game.players[0]}, {game.players[1]})", title_justify="left")
    table.add_column(f"{game.players[0]} \\ {game.players[1]}")
    for col in game.actions[1]:
        table.add_column(col, justify="right")
    for i, row in enumerate(game.actions[0]):
        table.add_row(row, *(f"{_num(game.A[i, j])}, {_num(game.B[i, j])}" for j in range(game.shape[1])))
    console.print(table)


def _show_terms(console, model, breakdown: dict) -> None:
    from rich.table import Table

    table = Table(title="Payoffs broken into named terms", title_justify="left")
    for column in ("profile" if model.kind == "matrix" else "leaf", "player", "term", "value", "total"):
        table.add_column(column, justify="right" if column in ("value", "total") else "left")
    for key, players in breakdown.items():
        label = " / ".join(key) if isinstance(key, tuple) else str(key)
        for player, parts in players.items():
            items = list(parts.items()) or [("(none)", 0.0)]
            total = _num(sum(parts.values()))
            for k, (term, value) in enumerate(items):
                table.add_row(label, player if k == 0 else "", term, _num(value),
                              total if k == len(items) - 1 else "")
                label = ""
        table.add_section()
    console.print(table)


def _show_definitions(console, model) -> None:
    from rich.table import Table

    from .model import term_definitions

    definitions = term_definitions(model)
    if not definitions:
        return
    table = Table(title="Payoff terms as written", title_justify="left")
    for column in ("player", "term", "expression", "applies when"):
        table.add_column(column)
    for d in definitions:
        when = "; ".join(f"{player}: {', '.join(labels)}" for (player, labels), every in
                         zip(d["when"].items(), model.actions, strict=True) if tuple(labels) != every)
        table.add_row(d["player"], d["name"], d["expression"], when or "always")
    console.print(table)


def _show_table(model, values: dict, overridden: set, game, breakdown: dict) -> None:
    from rich.table import Table

    console = _console()
    console.print(f"[bold]{model.title}[/bold]")
    console.print(f"{model.name} ({model.kind}), {model.date}")
    console.print(f"units: {model.units}")
    console.print(f"sign: {model.sign_convention}")
    console.print(model.description.strip(), markup=False)
    console.print()
    actions = Table(title="Players and actions", title_justify="left")
    for column in ("player", "action", "description"):
        actions.add_column(column)
    descriptions = getattr(model, "action_descriptions", {})
    for player, labels in zip(game.players, game.actions, strict=True):
        for k, label in enumerate(labels):
            actions.add_row(player if k == 0 else "", label, descriptions.get(player, {}).get(label, ""))
    console.print(actions)
    _show_parameters(console, model, values, overridden)
    _show_definitions(console, model)
    _show_matrix(console, game)
    _show_terms(console, model, breakdown)
    _emit(console)


@cli.command()
@click.argument("model_name", metavar="MODEL")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a model parameter (repeatable).")
@click.option("--format", "fmt", type=VIEW_FORMATS, default="table", show_default=True)
def show(model_name: str, overrides: tuple[str, ...], fmt: str) -> None:
    """Show a model: players, actions, parameters, payoffs and their terms.

    MODEL is a bundled model name (see `bargain models`) or a model .toml file.
    """
    import json

    from .model import describe, load_model, parse_overrides

    model = load_model(model_name)
    values = parse_overrides(model, overrides)
    if fmt == "json":
        click.echo(json.dumps(describe(model, **values), indent=2))
        return
    _show_table(model, model.values(**values), set(values), model.game(**values), model.terms(**values))


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
def check(path: str) -> None:
    """Validate a model file: its fields, its payoffs and every quote it cites.

    Prints one `ok:` line, or one `error:` line and exits with status 2.
    """
    from .errors import SourceError
    from .model import load_model
    from .sources import check_sources

    model = load_model(path)
    game = model.game()
    rows = check_sources(model)
    for row in rows:
        if row.found is False:
            raise SourceError(f"{row.problem}: {row.quote!r} in {row.file}", source=path,
                              where=f"parameters.{row.parameter}.sources")
    cited = sum(1 for row in rows if row.found)
    m, n = game.shape
    click.echo(f"ok: {path}: {model.name} ({model.kind}, {m}x{n}, {len(model.parameters)} parameters, "
               f"{cited} quote{'' if cited == 1 else 's'} found)")


def _sources_table(model, rows) -> None:
    """Each parameter on a line of its own, then its quotes (✓ found, ✗ not) and assumption."""
    from rich.padding import Padding

    console = _console()
    console.print(f"[bold]Sources of {model.name}[/bold]  (✓ quote found verbatim, ✗ not found)")
    marks = {True: "✓", False: "✗"}
    previous = None
    for row in rows:
        if row.parameter != previous:
            previous = row.parameter
            console.print()
            console.print(f"[bold]{row.parameter}[/bold] = {_num(row.value)}   "
                          f"range [{_num(row.low)}, {_num(row.high)}]   {row.unit}", markup=True)
            if row.assumption:
                console.print(Padding(f"– assumption: {row.assumption}", (0, 0, 0, 2), expand=False), markup=False)
        if row.file is not None:
            problem = f"  ({row.problem})" if row.problem else ""
            console.print(Padding(f"{marks[row.found]} {row.file}: “{row.quote}”{problem}", (0, 0, 0, 2), expand=False),
                          markup=False)
    missing = sum(1 for row in rows if row.found is False)
    found = sum(1 for row in rows if row.found)
    console.print()
    console.print(f"{found} quotes found, {missing} not found")
    _emit(console)


@cli.command()
@click.argument("model_name", metavar="MODEL")
@click.option("--format", "fmt", type=VIEW_FORMATS, default="table", show_default=True)
@click.pass_context
def sources(ctx: click.Context, model_name: str, fmt: str) -> None:
    """Check every quote a model cites against its article.

    Exits with status 1 when any quote is not found verbatim.
    """
    import dataclasses
    import json

    from .model import load_model
    from .sources import check_sources

    model = load_model(model_name)
    rows = check_sources(model)
    if fmt == "json":
        click.echo(json.dumps({"model": model.name, "sources": [dataclasses.asdict(r) for r in rows]}, indent=2))
    else:
        _sources_table(model, rows)
    if any(row.found is False for row in rows):
        ctx.exit(1)


# --------------------------------------------------------------------------- sweep, montecarlo


@cli.command()
@click.argument("model_name", metavar="MODEL")
@click.option("--param", "-p", "params", multiple=True, required=True, metavar="NAME",
              help="Parameter to sweep; give it twice for a map of two parameters.")
@click.option("--from", "start", type=float, help="First value (one parameter; default: low end of its range).")
@click.option("--to", "stop", type=float, help="Last value (one parameter; default: high end of its range).")
@click.option("--steps", type=int, help="Values per parameter, both ends included (default 101; 41 per axis for two).")
@click.option("--range", "ranges", multiple=True, metavar="NAME=LOW:HIGH[:STEPS]",
              help="Range of one swept parameter (repeatable; the way to give ranges for two).")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Hold another parameter at VALUE (repeatable).")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Draw the sweep to FILE (.png, .svg, .pdf).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Local processes to use.")
@click.option("--scheduler", metavar="ADDRESS", help="Solve on a dask.distributed cluster (tcp://host:port).")
def sweep(model_name: str, params: tuple[str, ...], start: float | None, stop: float | None, steps: int | None,
          ranges: tuple[str, ...], overrides: tuple[str, ...], plot_path: str | None, fmt: str, workers: int,
          scheduler: str | None) -> None:
    """Solve MODEL across a parameter's values and find where its equilibria change.

    \b
    One parameter:  bargain sweep london-2025 --param china_share --from 0.3 --to 1.0 --steps 141
    Two (a map):    bargain sweep london-2025 -p china_share -p us_shortage_cost \\
                        --range china_share=0.3:1.0 --range us_shortage_cost=0.5:3:26 --plot map.png

    A parameter without a range is swept over its plausible range. With one
    parameter the thresholds (values where the set of equilibria changes) are
    located to 1e-9 and printed first.
    """
    from .model import load_model, parse_overrides
    from .sensitivity_cli import run_sweep

    model = load_model(model_name)
    held = parse_overrides(model, overrides)
    click.echo(run_sweep(model, params, start=start, stop=stop, steps=steps, ranges=ranges, held=held,
                         plot_path=plot_path, fmt=fmt, workers=workers, scheduler=scheduler), nl=False)


@cli.command()
@click.argument("model_name", metavar="MODEL")
@click.option("--samples", "-n", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random draws (reproducible).")
@click.option("--distribution", type=click.Choice(["uniform", "triangular"]), default="uniform", show_default=True,
              help="Over each plausible range; triangular peaks at the model's value.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME",
              help="Draw only these parameters (repeatable; default: all).")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Hold a parameter at VALUE instead of drawing it (repeatable).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Local processes to use.")
@click.option("--scheduler", metavar="ADDRESS", help="Solve on a dask.distributed cluster (tcp://host:port).")
def montecarlo(model_name: str, samples: int, seed: int, distribution: str, params: tuple[str, ...],
               overrides: tuple[str, ...], fmt: str, workers: int, scheduler: str | None) -> None:
    """Draw MODEL's parameters from their ranges and count how often each equilibrium holds.

    Frequencies come with Wilson 95% intervals; each action's mean probability
    (averaged over a sample's extreme equilibria, then over samples) with a
    normal 95% interval.
    """
    from .model import load_model, parse_overrides
    from .sensitivity_cli import run_montecarlo

    model = load_model(model_name)
    held = parse_overrides(model, overrides)
    click.echo(run_montecarlo(model, samples=samples, seed=seed, distribution=distribution, params=params,
                              held=held, fmt=fmt, workers=workers, scheduler=scheduler), nl=False)


def _warning_printer():
    """A ``warnings.showwarning`` that prints each distinct warning once, on one line."""
    seen: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        text = " ".join(str(message).split())
        if text not in seen:
            seen.add(text)
            click.echo(f"warning: {text}", err=True)

    return show


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``bargain`` console script.

    Warnings (a parameter set outside its plausible range, say) print as one
    ``warning:`` line each on stderr.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _warning_printer()
        _main(argv)


def _main(argv: list[str] | None) -> None:
    try:
        code = cli.main(args=argv, prog_name="bargain", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except BargainError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        click.echo(f"error: {error.format_message()}", err=True)
        sys.exit(error.exit_code or 2)
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
