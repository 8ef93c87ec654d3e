"""Models on the page: ``bargain models``, ``bargain show`` (table and JSON) and ``bargain sources``.

:func:`describe` is the JSON form of ``bargain show``; the ``*_table`` functions
return the text tables.
"""

from __future__ import annotations

import dataclasses

from .console import terminal_width, text, text_console


def header(model) -> dict:
    """What a model says of itself: name, title, date, kind, description, units and sign convention.

    >>> from bargain.model import load_model
    >>> header(load_model("rare-earth-chicken"))["kind"]
    'matrix'
    """
    return {
        "name": model.name,
        "title": model.title,
        "date": model.date,
        "kind": model.kind,
        "description": model.description.strip(),
        "units": model.units,
        "sign_convention": model.sign_convention,
    }


def describe(model, **overrides: float) -> dict:
    """Everything ``bargain show`` prints, as a JSON-ready dict.

    Keys: ``name, title, date, kind, description, units, sign_convention,
    players, actions`` (``{player: [{label, description}]}``), ``parameters``
    (``{name: {value, default, low, high, unit, description, sources,
    assumption}}``), ``payoffs`` (``{player: matrix}``, rows the first player's
    actions; with three or more players ``{player: nested list}`` indexed by
    each player's action in turn) and ``terms`` (a list of ``{profile | leaf, player, term, value}``).

    >>> from bargain.model import load_model
    >>> data = describe(load_model("rare-earth-chicken"), china_share=0.7)
    >>> data["parameters"]["china_share"]["value"], data["payoffs"]["China"][0]
    (0.7, [-2.0, 0.7])
    """
    values = model.values(**overrides)
    game = model.game_at(overrides)
    descriptions = getattr(model, "action_descriptions", {})
    matrix = model.kind == "matrix"
    terms = []
    for key, players in model.terms(**overrides).items():
        for player, parts in players.items():
            for name, value in parts.items():
                place = {"profile": list(key)} if matrix else {"leaf": key}
                terms.append({**place, "player": player, "term": name, "value": value})
    return {
        **header(model),
        "players": list(game.players),
        "actions": {
            player: [{"label": a, "description": descriptions.get(player, {}).get(a, "")} for a in labels]
            for player, labels in zip(game.players, game.actions, strict=True)
        },
        "parameters": {
            name: {
                "value": values[name],
                "default": p.value,
                "low": p.low,
                "high": p.high,
                "unit": p.unit,
                "description": p.description,
                "sources": [{"file": c.file, "quote": c.quote} for c in p.sources],
                "assumption": p.assumption,
            }
            for name, p in model.parameters.items()
        },
        "payoffs": {player: m.tolist() for player, m in zip(game.players, _arrays(game), strict=True)},
        "terms": terms,
        "term_definitions": term_definitions(model),
    }


def term_definitions(model) -> list[dict]:
    """Each named term as written in the file: ``{name, player, expression, when, description}``.

    ``when`` maps each player to the actions the term applies to (all of them
    when the file does not restrict that player). Only matrix models have
    these; for other kinds the list is empty.

    >>> from bargain.model import load_model
    >>> [d["expression"] for d in term_definitions(load_model("rare-earth-chicken"))][:2]
    ['china_share', '-1']
    """
    if model.kind != "matrix":
        return []
    return [
        {
            "name": term.name,
            "player": term.player,
            "expression": term.expression.text,
            "when": {player: list(chosen) for player, chosen in zip(model.players, term.selection, strict=True)},
            "description": term.description,
        }
        for term in model.payoff_terms
    ]


def _arrays(game) -> tuple:
    """The payoff arrays of a two-player ``Game`` or of a ``StrategicGame``, one per player."""
    payoffs = getattr(game, "payoffs", None)
    return tuple(payoffs) if isinstance(payoffs, tuple) else (game.A, game.B)


def _num(value: float) -> str:
    return f"{value:.4g}"


def _shape(model) -> str:
    shape = "x".join(str(m) for m in model.game_at({}).shape)
    return shape if model.kind == "matrix" else f"{model.kind}, {shape} normal form"


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

    if len(game.players) != 2:
        _show_profiles(console, game)
        return
    table = Table(title=f"Payoffs ({game.players[0]}, {game.players[1]})", title_justify="left")
    table.add_column(f"{game.players[0]} \\ {game.players[1]}")
    for col in game.actions[1]:
        table.add_column(col, justify="right")
    for i, row in enumerate(game.actions[0]):
        table.add_row(row, *(f"{_num(game.A[i, j])}, {_num(game.B[i, j])}" for j in range(game.shape[1])))
    console.print(table)


def _show_profiles(console, game) -> None:
    """The payoffs of a game of three or more players: one row per action profile."""
    import itertools

    from rich.table import Table

    table = Table(title=f"Payoffs ({', '.join(game.players)})", title_justify="left")
    for player in game.players:
        table.add_column(player)
    for player in game.players:
        table.add_column(f"payoff {player}", justify="right")
    arrays = _arrays(game)
    for cell in itertools.product(*(range(len(labels)) for labels in game.actions)):
        table.add_row(*(labels[i] for labels, i in zip(game.actions, cell, strict=True)),
                      *(_num(array[cell]) for array in arrays))
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


def show_table(model, values: dict, overridden: set, game, breakdown: dict) -> str:
    from rich.table import Table

    console = text_console(terminal_width())
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
    return text(console)


def sources_table(model, rows) -> str:
    """Each parameter on a line of its own, then its quotes (✓ found, ✗ not) and assumption."""
    from rich.padding import Padding

    console = text_console(terminal_width())
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
    return text(console)


def models_listing(models) -> str:
    """One line per model: name, shape and title, in aligned columns."""
    entries = [(m.name, _shape(m), m.title) for m in models]
    widths = [max((len(e[k]) for e in entries), default=0) for k in (0, 1)]
    return "".join(f"{name:<{widths[0]}}  {shape:<{widths[1]}}  {title}\n" for name, shape, title in entries)


def sources_dict(model, rows) -> dict:
    """The JSON form of ``bargain sources``."""
    return {"model": model.name, "sources": [dataclasses.asdict(r) for r in rows]}
