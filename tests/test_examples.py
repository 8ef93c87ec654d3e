"""The examples in examples/ run, and what they print agrees with the library computed here."""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
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
    assert path == "China slow-walk  ->  US extend"
    for player, moves in spe.strategies.items():
        for node, move in moves.items():
            assert re.search(rf"^  {player}\s+{node}\s+{move}\s", out, re.M), (player, node, move)

    solution = bargain.solve(model.game())
    assert f"{len(solution)} Nash equilibria" in out
    verdicts = tree.classify(solution)
    printed = re.findall(r"^  \[(\d+)\] (\S+)", out, re.M)
    assert printed == [(str(k), v.status) for k, v in enumerate(verdicts)]
    assert sum(v.status == "non-credible" for v in verdicts) == out.count("non-credible")
    assert "US would not snap-back at august_slowed (prefers extend)" in out

    deadline = model.deadline()
    nash = bargain.nash_bargaining(model.game(), deadline.disagreement)
    assert f"Nash               US {float(nash.payoffs[0]):.3f}, China {float(nash.payoffs[1]):.3f}" in out
    # alternating offers over the feasible set: with three rounds and the US last, the US takes its
    # best feasible payoff (0) and China keeps 3, the deal leaf
    assert "agreed at once: US 0.000, China 3.000" in out
    assert "round 2: China proposes US -0.613, China 3.361" in out


def test_august_deadline_below_the_retaliation_threshold(capsys):
    example = load("august_deadline")
    with pytest.warns(RangeWarning):
        assert example.main(["--set", "china_share=0.45"]) == 0
    out = capsys.readouterr().out
    with pytest.warns(RangeWarning):
        spe = bargain.load_model("august-deadline").tree(china_share=0.45).backward_induction()
    path = "  ->  ".join(f"{step.player} {step.move}" for step in spe.path)
    assert path == "China deliver  ->  US extend"
    assert f"path of play:  {path}\n" in out


# ------------------------------------------------------------------ london_scenario


@pytest.fixture(scope="module")
def london_thresholds():
    return thresholds(bargain.load_model("london-2025"), "china_share", 0.3, 1.0)


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
    assert len(printed) == 2 and printed[1] == pytest.approx(2 / 3, abs=1e-9)
    for t in london_thresholds:
        assert f"china_share = {t.value:.10g}: {t.left.count} -> {t.right.count} equilibria" in out

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
    assert example.main(["--samples", "300", "--seed", "11"]) == 0
    first = capsys.readouterr().out
    assert example.main(["--samples", "300", "--seed", "11"]) == 0
    assert capsys.readouterr().out == first
    assert example.main(["--samples", "300", "--seed", "12"]) == 0
    assert capsys.readouterr().out != first

    model = bargain.load_model("london-2025")
    cited = [name for name, p in model.parameters.items() if p.assumption is None]
    assert cited == ["china_share", "sp500_drawdown", "sp500_gap", "may_export_fall"]
    for params in (cited, None):
        result = montecarlo(model, 300, 11, params=params)
        for f in result.equilibria[:6]:
            assert f"    {f.frequency:6.1%}  [{f.low:6.1%}, {f.high:6.1%}]  {f.label}\n" in first
    # with only the articles' figures drawn, the withholding equilibrium holds in every draw
    only_cited = montecarlo(model, 300, 11, params=cited)
    assert only_cited.equilibria[0].count == 300
    assert "100.0%  [" in first


# ------------------------------------------------------------------ make_figures


def test_make_figures(tmp_path, capsys):
    example = load("make_figures")
    assert example.main(["--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    names = ["london-share.png", "london-share-leverage-map.png", "london-montecarlo.png"]
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
