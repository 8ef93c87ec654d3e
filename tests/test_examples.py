"""The examples in examples/ run, and what they print agrees with the library computed here."""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
import warnings
from pathlib import Path

import pytest

import bargain
from bargain.model import RangeWarning
from bargain.sensitivity import montecarlo, thresholds

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def load(name: str):
    """Import ``examples/<name>.py`` as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header, after checking its signature."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    return struct.unpack(">II", data[16:24])


# ------------------------------------------------------------------ custom_payoffs


def test_custom_payoffs(tmp_path, capsys):
    example = load("custom_payoffs")
    assert example.main(["--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    game = bargain.Game(example.SUPPLIER, example.BUYER, players=example.PLAYERS, actions=example.ACTIONS)

    exact = bargain.solve(game, exact=True)
    assert f"equilibria found exactly: {len(exact)}" in out
    assert f"equilibria found in floats: {len(bargain.solve(game))}" in out
    # the printed exact strategies and payoffs are the solver's, label by label
    eq = exact[0]
    supplier = ", ".join(f"{a} {p}" for a, p in eq.strategies["Supplier"].items() if p > 0)
    assert f"Supplier plays {supplier}; expects {eq.payoff['Supplier']}" in out
    assert "Supplier plays firm 1/3, flexible 2/3; expects 11/3" in out
    assert "Buyer    plays accept 2/3, haggle 1/3; expects 5/3" in out

    removed = bargain.solve(game, method="dominance", exact=True).eliminated
    assert "iterated dominance removes: " + ", ".join(f"{p} {a}" for p, a in removed) in out
    assert "degenerate=True, continuum=True, 2 extreme equilibria in components [(0, 1)]" in out
    assert "accept with any probability from 2/3 to 1" in out

    # the .nfg file was written where asked and reads back as the same, still exact, game
    path = tmp_path / "contract.nfg"
    assert f"wrote {path}" in out
    again = bargain.read_nfg(path)
    assert again == game and again.is_exact
    assert again.exact == game.exact
    assert "read back: equal to the original = True, exact = True" in out


# ------------------------------------------------------------------ august_deadline


def test_august_deadline(capsys):
    example = load("august_deadline")
    assert example.main([]) == 0
    out = capsys.readouterr().out
    model = bargain.load_model("august-deadline")
    tree = model.tree()
    spe = tree.backward_induction()

    path = "  ->  ".join(f"{step.player} {step.move}" for step in spe.path)
    assert f"path of play:  {path}\n" in out
    assert path == "China deliver  ->  US extend"
    for player, moves in spe.strategies.items():
        for node, move in moves.items():
            assert re.search(rf"^  {player}\s+{node}\s+{move}\s", out, re.M), (player, node, move)

    solution = bargain.solve(model.game())
    assert f"{len(solution)} Nash equilibria" in out
    verdicts = tree.classify(solution)
    printed = re.findall(r"^  \[(\d+)\] (\S+)", out, re.M)
    assert printed == [(str(k), v.status) for k, v in enumerate(verdicts)]
    assert sum(v.status == "non-credible" for v in verdicts) == out.count("non-credible")
    assert "US would not extend at august_slowed (prefers snap-back)" in out

    deadline = model.deadline()
    nash = bargain.nash_bargaining(model.game(), deadline.disagreement)
    assert f"Nash               US {float(nash.payoffs[0]):.3f}, China {float(nash.payoffs[1]):.3f}" in out
    # alternating offers over the feasible set, by backward induction computed here with linear
    # programmes over lotteries of the game's pure payoff pairs
    import numpy as np
    from scipy.optimize import linprog

    game = model.game()
    P = np.column_stack([np.ravel(game.A).astype(float), np.ravel(game.B).astype(float)])
    d = [float(v) for v in deadline.disagreement]
    delta = [float(v) for v in deadline.discounts]
    first = model.players.index(deadline.first)
    proposers = [(first + t) % 2 for t in range(deadline.rounds)]
    value = list(d)  # what each player gets if the next round is reached (none after the last)
    for t in reversed(range(deadline.rounds)):
        k, r = proposers[t], 1 - proposers[t]
        floor = d[r] + (delta[r] * (value[r] - d[r]) if t < deadline.rounds - 1 else 0.0)
        lp = linprog(-P[:, k], A_ub=[-P[:, r]], b_ub=[-floor], A_eq=[np.ones(len(P))], b_eq=[1.0],
                     bounds=(0, None))
        assert lp.status == 0
        point = P.T @ lp.x
        value = list(point)
        # the proposer's payoff is the LP's optimum (the responder's may have ties among lotteries)
        label = f"{model.players[k]} {point[k]:.3f}"
        assert re.search(rf"round {t + 1}: {model.players[k]} proposes .*{re.escape(label)}", out)
    assert f"agreed at once: US {value[0]:.3f}, China " in out


def test_august_deadline_far_below_the_articles_range(capsys):
    example = load("august_deadline")
    with pytest.warns(RangeWarning):
        assert example.main(["--set", "china_share=0.2"]) == 0
    out = capsys.readouterr().out
    with pytest.warns(RangeWarning):
        spe = bargain.load_model("august-deadline").tree(china_share=0.2).backward_induction()
    path = "  ->  ".join(f"{step.player} {step.move}" for step in spe.path)
    assert path == "China slow-walk  ->  US snap-back  ->  China absorb"
    assert f"path of play:  {path}\n" in out


# ------------------------------------------------------------------ london_scenario


@pytest.fixture(scope="module")
def london_thresholds():
    return thresholds(bargain.load_model("london-2025"), "china_share", 0.3, 1.0)


def london_closed_form_thresholds(model) -> list[float]:
    """The values of China's share where london-2025's equilibrium changes, in closed form.

    Against a US that holds, China withholds rather than restores once what the settlement at the deadline
    gives it with its lever's chance s^2, W s^2 (V + R (1 - s)), exceeds the customers it loses, R (1 - s)
    (a cubic in s). Against a withholding China the US snaps back rather than holds while
    W ((1 - x) (S x - K + r M) + x M) > M, x = s^2 (a quadratic in x with two roots): the snap-back adds the
    tariffs' chance r of the settlement on top of China's lever, and ends the market stress M r in it.
    """
    import numpy as np

    v = model.values()
    after = 1 - v["months_to_deadline"] / 12
    value, sales = v["cn_chip_value"], v["cn_rare_earth_sales"]
    cubic = np.poly1d([-after * sales, after * (value + sales), sales, -sales])
    first = [r.real for r in cubic.r if abs(r.imag) < 1e-12 and 0 < r.real < 1]
    market = v["us_wealth_effect"] * (v["sp500_drawdown"] - v["sp500_gap"]) * v["truce_rally_share"]
    r = min(1.0, (v["snapback_tariff"] - v["base_tariff"]) / (v["april_tariff"] - v["base_tariff"]))
    shortage, relief = v["us_shortage_cost"], v["us_chip_security_cost"]
    quadratic = np.poly1d([-after * shortage, after * (shortage + relief + market - r * market),
                           after * (r * market - relief) - market])
    rest = [x.real ** 0.5 for x in quadratic.r if abs(x.imag) < 1e-12 and 0 < x.real < 1]
    return sorted(first + rest)


def test_london_scenario(tmp_path, capsys, london_thresholds):
    example = load("london_scenario")
    assert example.main(["--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    model = bargain.load_model("london-2025")

    solution = bargain.solve(model.game())
    assert f"\n{len(solution)} equilibria:\n" in out
    assert len(re.findall(r"^  \[\d+\] (pure |mixed)", out, re.M)) == len(solution)

    # every threshold the library finds is printed, in order, to 10 significant digits
    printed = [float(v) for v in re.findall(r"^  china_share = ([0-9.]+):", out, re.M)]
    assert printed == pytest.approx([t.value for t in london_thresholds], abs=1e-9)
    assert printed == pytest.approx(london_closed_form_thresholds(model), abs=1e-9)
    for t in london_thresholds:
        assert f"china_share = {t.value:.10g}: {t.left.count} -> {t.right.count} equilibria" in out

    # the sequential readings print their subgame-perfect paths
    for name in ("london-2025-us-first", "london-2025-china-first"):
        path = bargain.load_model(name).tree().backward_induction().path
        assert f"  {name}: " + "  ->  ".join(f"{s.player} {s.move}" for s in path) + "\n" in out
    assert "london-2025-us-first: United States ease-and-extend  ->  China restore" in out

    # every parameter is listed with its value and range, and every quote with its file, found in the article
    for name, parameter in model.parameters.items():
        kind = "from the articles" if parameter.assumption is None else "assumed"
        span = f"[{parameter.low:g}, {parameter.high:g}]"
        assert f"  {name} = {parameter.value:g} {span} {parameter.unit}; {kind}\n" in out
    citations = [c for p in model.parameters.values() for c in p.sources]
    assert out.count(" [found]: ") == len(citations) > 0
    for citation in citations:
        assert f"{citation.file} [found]: \"{citation.quote[:40]}" in out
    assert "NOT FOUND" not in out

    png = tmp_path / "london_share.png"
    assert f"saved {png}" in out
    width, height = png_size(png)
    assert width == 800 and 500 < height < 1400
    assert 20_000 < png.stat().st_size < 300_000


def test_london_scenario_png_path_argument(tmp_path, capsys):
    example = load("london_scenario")
    target = tmp_path / "nested" / "share.png"
    assert example.main([str(target)]) == 0
    assert f"saved {target}" in capsys.readouterr().out
    assert target.read_bytes()[:8] == PNG_SIGNATURE


# ------------------------------------------------------------------ uncertainty


def test_uncertainty_is_reproducible_and_matches_montecarlo(capsys):
    example = load("uncertainty")
    assert example.main(["--samples", "120", "--seed", "11"]) == 0
    first = capsys.readouterr().out
    assert example.main(["--samples", "120", "--seed", "11"]) == 0
    assert capsys.readouterr().out == first
    assert example.main(["--samples", "120", "--seed", "12"]) == 0
    assert capsys.readouterr().out != first

    model = bargain.load_model("london-2025")
    cited = [name for name, p in model.parameters.items() if p.assumption is None]
    assert cited == ["china_share", "base_tariff", "sp500_drawdown", "sp500_gap", "truce_rally_share",
                     "may_export_fall"]
    for params in (cited, None):
        result = montecarlo(model, 120, 11, params=params)
        for f in result.equilibria[:6]:
            assert f"    {f.frequency:6.1%}  [{f.low:6.1%}, {f.high:6.1%}]  {f.label}\n" in first
    # with only the articles' figures drawn, China withholds in every draw, and the US snaps back exactly where
    # the snap-back adds enough to the chance of the settlement (the closed form of the thresholds above)
    from bargain.sensitivity import draw

    only_cited = montecarlo(model, 120, 11, params=cited)
    names, values = draw(model, 120, 11, params=cited)
    snaps = 0
    for row in values:
        v = model.values(**dict(zip(names, row, strict=True)))
        after = 1 - v["months_to_deadline"] / 12
        market = v["us_wealth_effect"] * (v["sp500_drawdown"] - v["sp500_gap"]) * v["truce_rally_share"]
        r = min(1.0, (v["snapback_tariff"] - v["base_tariff"]) / (v["april_tariff"] - v["base_tariff"]))
        x = v["china_share"] ** 2
        snaps += after * ((1 - x) * (v["us_shortage_cost"] * x - v["us_chip_security_cost"] + r * market)
                          + x * market) > market
    counts = {f.label: f.count for f in only_cited.equilibria}
    assert counts == {"China withhold / United States snap-back": snaps,
                      "China withhold / United States hold-and-extend": 120 - snaps}
    assert 0 < snaps < 120


def test_uncertainty_counts_paths_of_play_by_backward_induction(capsys):
    """Each tree's printed shares, recomputed here draw by draw from the same seeded draws."""
    from bargain.sensitivity import draw

    example = load("uncertainty")
    assert example.main(["--samples", "60", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    for name in example.TREES:
        tree = bargain.load_model(name)
        names, values = draw(tree, 60, 3)
        counts = {}
        for row in values:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RangeWarning)
                moves = tuple(s.move for s in tree.tree(**dict(zip(names, row, strict=True))).backward_induction().path)
            counts[moves] = counts.get(moves, 0) + 1
        section = out[out.index(f"\n{name}: "):]
        for moves, count in counts.items():
            assert f"{count / 60:6.1%}  [" in section and " -> ".join(moves) in section


# ------------------------------------------------------------------ make_figures


def test_make_figures(tmp_path, capsys):
    example = load("make_figures")
    assert example.main(["--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    names = ["london-share.png", "london-share-shortage-map.png", "london-montecarlo.png"]
    for name in names:
        path = tmp_path / name
        assert f"wrote {path} (" in out
        width, height = png_size(path)
        assert width == 800 and 300 < height < 1400, (name, width, height)
        assert 20_000 < path.stat().st_size < 300_000, name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_examples_run_as_scripts(tmp_path):
    """The command in each example's docstring works: ``python examples/custom_payoffs.py --out DIR``."""
    import subprocess

    done = subprocess.run([sys.executable, str(EXAMPLES / "custom_payoffs.py"), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "read back: equal to the original = True" in done.stdout
    assert (tmp_path / "contract.nfg").read_text().startswith('NFG 1 R "Supplier and buyer"')


# ------------------------------------------------------------------ green_passage


def test_green_passage_prints_the_equilibria_and_the_shares_of_its_draws(capsys):
    """The shares it prints, recomputed here from the same seeded draws by complete enumeration: in how many
    draws, where the snap-back tariff is above 70% and where it is not, some equilibrium has the EU in the
    front."""
    from bargain.nplayer import solve
    from bargain.sensitivity import draw

    example = load("green_passage")
    assert example.main(["--samples", "60", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    model = bargain.load_model("green-passage-2025")
    v = model.values()
    # the EU takes the track: it pays the price and is short of 1 - track_coverage of its supply
    eu = -v["eu_track_price"] - v["eu_shortage_cost"] * (v["china_share"] * (1 - v["track_coverage"])) ** 2
    london = bargain.solve(bargain.load_model("london-2025").game())[0].payoff
    china = london["China"] + \
        v["track_gain_share"] * v["eu_track_price"] * v["eu_cn_gdp_ratio"] - \
        v["cn_eu_rare_earth_sales"] * (1 - v["china_share"]) * (1 - v["track_coverage"])
    assert "green-passage-2025 at the model's values:\n  China offer-track / United States snap-back / " \
           f"European Union accept-track\n    payoffs: China {float(china):.3f}, " \
           f"United States {float(london['United States']):.3f}, " \
           f"European Union {eu:.3f}" in out
    assert "london-2025 at the same values:\n  China withhold / United States snap-back" in out
    names, values = draw(model, 60, 3)
    tariff = names.index("snapback_tariff")
    joins: dict = {"above 70%": [0, 0], "at most 70%": [0, 0]}
    for row in values:
        solution = solve(model.game_at(dict(zip(names, row, strict=True))))
        assert solution.complete and len(solution) >= 1
        side = "above 70%" if row[tariff] > 0.7 else "at most 70%"
        joins[side][0] += any(eq.supports[2] == ("coordinate",) for eq in solution)
        joins[side][1] += 1
    assert sum(n for _, n in joins.values()) == 60
    for side, (front, n) in joins.items():
        assert f"the EU joins the front in {front / n:.1%} [" in out
        assert f"of the {n} draws where the snap-back tariff is {side}" in out
