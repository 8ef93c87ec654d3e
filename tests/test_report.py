"""The report's data and page: what the page holds at every slider value is what `bargain solve --set` gives.

The browser side (sliders, downloads, accessibility, validation) is in test_report_browser.py.
"""

from __future__ import annotations

import dataclasses
import json
import re
from fractions import Fraction

import pytest

import bargain
from bargain.model import load_model
from bargain.model.sources import check_sources, normalise
from bargain.report import ReportError, ReportOptions, build_report, render_html
from bargain.report.articles import locate

from .entry_point import run_main
from .oracles import gambit_solve

pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")

SMALL = ReportOptions(points=11, tree_points=9, samples=200, map_points=7)
#: rare-earth-chicken over ranges wide enough that its sliders cross flip points
STANDOFF = "tests/data/report/standoff.toml"


@pytest.fixture(scope="module")
def london():
    model = load_model("london-2025")
    return model, build_report(model)


@pytest.fixture(scope="module")
def standoff():
    model = load_model(STANDOFF)
    return model, build_report(model, options=ReportOptions(points=41, samples=100, map_points=5))


@pytest.fixture(scope="module")
def august():
    model = load_model("august-deadline")
    return model, build_report(model, options=SMALL)


@pytest.fixture(scope="module")
def chicken():
    model = load_model("rare-earth-chicken")
    return model, build_report(model, {"china_share": 0.7}, options=SMALL)


def _rounded(value) -> float:
    return round(float(value), 12)


def _from_solve(solution) -> list[tuple]:
    return [([[_rounded(p) for p in s] for s in eq.profile], [_rounded(u) for u in eq.payoffs]) for eq in solution]


def _from_page(point) -> list[tuple]:
    return [(eq["s"], eq["u"]) for eq in point["eq"]]


def _distance(a, b) -> float:
    strategies = max(abs(p - q) for sa, sb in zip(a[0], b[0], strict=True) for p, q in zip(sa, sb, strict=True))
    payoffs = max(abs(p - q) for p, q in zip(a[1], b[1], strict=True))
    return max(strategies, payoffs)


def assert_same_equilibria(page: list[tuple], expected: list[tuple], where: str, tol: float = 1e-9) -> None:
    """The same equilibria in any order: each page equilibrium matches a distinct expected one within ``tol``."""
    assert len(page) == len(expected), f"{where}: {len(page)} equilibria on the page, {len(expected)} expected"
    left = list(expected)
    for eq in page:
        best = min(range(len(left)), key=lambda k: _distance(eq, left[k]))
        assert _distance(eq, left[best]) <= tol, f"{where}: {eq} is not among {left}"
        left.pop(best)


# ----------------------------------------------------------------------------- every slider value equals solve


def test_every_slider_value_of_london_holds_what_solve_gives(london):
    model, data = london
    checked = 0
    for name, grid in data["grids"].items():
        for value, point in zip(grid["values"], grid["points"], strict=True):
            expected = _from_solve(bargain.solve(model.game(**{name: value})))
            assert_same_equilibria(_from_page(point), expected, f"{name}={value}")
            checked += 1
    assert checked >= 15 * 121 + 1  # one of the 16 parameters is fixed (a one-value range)


def test_the_base_point_is_the_solution_at_the_chosen_values(chicken):
    model, data = chicken
    expected = _from_solve(bargain.solve(model.game(china_share=0.7)))
    assert_same_equilibria(_from_page(data["base"]["point"]), expected, "base")
    assert data["base"]["values"]["china_share"] == 0.7
    grid = data["grids"]["us_standoff_cost"]
    for value, point in zip(grid["values"], grid["points"], strict=True):  # other sliders move with china_share held
        expected = _from_solve(bargain.solve(model.game(china_share=0.7, us_standoff_cost=value)))
        assert_same_equilibria(_from_page(point), expected, f"us_standoff_cost={value}")


def _exact_game(model, values):
    game = model.game(**values)
    return [[Fraction(str(v)) for v in row] for row in game.A.tolist()], \
        [[Fraction(str(v)) for v in row] for row in game.B.tolist()]


def test_either_side_of_each_flip_point_agrees_with_gambit(standoff):
    """Independent oracle: pygambit's exact enummixed at the values just below and above every flip point."""
    model, data = standoff
    checked = 0
    for name, grid in data["grids"].items():
        index = dict(zip(grid["values"], range(len(grid["values"])), strict=True))
        for mark in grid["thresholds"]:
            for side in ("below", "above"):
                value = mark[side]
                if value is None:
                    continue
                equilibria, _ = gambit_solve(*_exact_game(model, {name: value}))
                expected = [([[float(p) for p in s] for s in profile], None) for profile in equilibria]
                page = [(eq["s"], None) for eq in data["grids"][name]["points"][index[value]]["eq"]]
                assert len(page) == len(expected), f"{name}={value}"
                for eq in page:
                    assert min(max(abs(p - q) for sa, sb in zip(eq[0], e[0], strict=True)
                                   for p, q in zip(sa, sb, strict=True)) for e in expected) < 1e-9
                checked += 1
    assert checked >= 4


@pytest.mark.parametrize("which", ["london", "standoff"])
def test_flip_points_sit_between_their_sides_and_the_sides_show_each_signature(request, which):
    model, data = request.getfixturevalue(which)
    flips = 0
    for name, grid in data["grids"].items():
        parameter = model.parameters[name]
        width = parameter.high - parameter.low
        values = grid["values"]
        assert values == sorted(values) and len(set(values)) == len(values)
        if parameter.low == parameter.high:
            assert values == [parameter.value] and not grid["thresholds"]
            continue
        assert values[0] == parameter.low and values[-1] == parameter.high
        assert values[grid["base"]] == parameter.value
        for mark in grid["thresholds"]:
            flips += 1
            assert mark["value"] in values
            for side, sign in (("below", -1), ("above", 1)):
                if mark[side] is None:  # the flip point is at the end of the range
                    assert mark["value"] in (parameter.low, parameter.high)
                    continue
                gap = sign * (mark[side] - mark["value"])
                assert 0 < gap <= 2e-4 * width
                point = grid["points"][values.index(mark[side])]
                label = _signature_label(data, point)
                assert label == (mark["left"] if side == "below" else mark["right"]), f"{name} {side} {mark['value']}"
    assert flips == sum(len(bargain.thresholds(model, n)) for n, p in model.parameters.items() if p.low < p.high)
    assert flips >= (2 if which == "standoff" else 0)


def _signature_label(data, point) -> str:
    from bargain.sensitivity import Signature

    supports = []
    for eq in point["eq"]:
        supports.append(tuple(
            tuple(a["label"] for a, p in zip(labels, s, strict=True) if p > 0)
            for labels, s in zip(data["actions"], eq["s"], strict=True)
        ))
    return Signature(tuple(data["players"]), tuple(sorted(supports))).label()


# ----------------------------------------------------------------------------- payoffs and their terms


def test_terms_add_up_to_the_payoffs_at_every_slider_value(london):
    model, data = london
    for name in ("china_share", "snapback_tariff", "us_shortage_cost", "licence_coverage"):
        grid = data["grids"][name]
        for k, value in enumerate(grid["values"]):
            slots = list(data["base"]["slots"])
            for slot, column in grid["slots"].items():
                slots[int(slot)] = column[k]
            game = model.game(**{name: value})
            totals: dict = {}
            for (cell, player, _term), v in zip(data["slots"], slots, strict=True):
                totals[(cell, player)] = totals.get((cell, player), 0.0) + v
            for c, cell in enumerate(data["cells"]):
                i, j = game.index(0, cell["key"][0]), game.index(1, cell["key"][1])
                assert totals.get((c, 0), 0.0) == pytest.approx(game.A[i, j], abs=1e-9)
                assert totals.get((c, 1), 0.0) == pytest.approx(game.B[i, j], abs=1e-9)


def _page_slots(data, name, k):
    grid = data["grids"][name]
    slots = list(data["base"]["slots"])
    for slot, column in grid["slots"].items():
        slots[int(slot)] = column[k]
    return slots


@pytest.mark.parametrize("which", ["london", "august", "chicken"])
def test_every_slot_is_the_models_own_term_at_every_value(request, which):
    """Model.terms is the reference for what each named term is worth at each slider value."""
    model, data = request.getfixturevalue(which)
    base = data["base"]["values"]
    for name, grid in data["grids"].items():
        for k in sorted({0, len(grid["values"]) // 2, len(grid["values"]) - 1}):
            breakdown = list(model.terms(**(base | {name: grid["values"][k]})).values())
            expected = [list(breakdown[c].values())[p][term] for c, p, term in data["slots"]]
            assert _page_slots(data, name, k) == pytest.approx(expected, abs=1e-11), (name, k)


def test_only_terms_that_move_with_a_parameter_are_stored_per_value(london):
    model, data = london
    for name, grid in data["grids"].items():
        moved = {(data["players"][data["slots"][int(k)][1]], data["slots"][int(k)][2]) for k in grid["slots"]}
        uses = {(t.player, t.name) for t in model.payoff_terms if name in t.expression.names}
        assert moved <= uses, name
        if model.parameters[name].low < model.parameters[name].high:
            assert moved, name  # every parameter of london-2025 enters some payoff term


# ----------------------------------------------------------------------------- sources


def test_quotes_are_located_in_their_articles(london):
    model, data = london
    rows = [row for row in check_sources(model) if row.file is not None]
    sources = [s for p in data["parameters"] for s in p["sources"]]
    assert [s["found"] for s in sources] == [row.found for row in rows]
    assert sources and all(s["found"] for s in sources)
    for s in sources:
        assert normalise(s["excerpt"][s["start"]:s["end"]]) == normalise(s["quote"])
        assert normalise(s["quote"]) in normalise(s["context"])
        article = (bargain.model.bundled_dir("seeds") / s["file"]).read_text(encoding="utf-8")
        assert s["excerpt"].strip("… ") in article  # an excerpt of the article, not the whole of it
        assert len(s["excerpt"]) < len(article)


def test_assumptions_and_disagreements_are_carried(london):
    model, data = london
    assumed = {p["name"] for p in data["parameters"] if p["assumption"]}
    assert assumed == {n for n, p in model.parameters.items() if p.assumption}
    assert data["model"]["disagreements"].startswith("Where the articles disagree")
    assert "disagree" not in data["model"]["description"].replace(data["model"]["disagreements"], "")


def test_locate_maps_back_to_the_original_characters():
    text = "He said:\n“over  90%” — of magnets"
    start, end = locate('"over 90%" - of', text)
    assert text[start:end] == "“over  90%” — of"
    assert locate("over 91%", text) is None


def test_excerpts_are_cut_around_a_quote_in_a_long_paragraph():
    from bargain.report.articles import excerpt

    words = " ".join(f"word{k}" for k in range(800))
    text = f"Before.\n{words} the quoted passage {words}\nAfter."
    start = text.index("the quoted passage")
    piece, a, b = excerpt(text, (start, start + 18), width=300)
    assert piece[a:b] == "the quoted passage"
    assert piece.startswith("… ") and piece.endswith(" …") and len(piece) <= 2 * 300 + 18 + 4
    assert piece.strip("… ") in text


# ----------------------------------------------------------------------------- trees, map, Monte Carlo


def test_tree_points_hold_the_subgame_perfect_equilibria_and_verdicts(august):
    model, data = august
    assert data["tree"]["root"] == model.root
    for name in ("snapback_tariff", "us_chip_security_cost"):
        grid = data["grids"][name]
        assert grid["thresholds"], name
        for value, point in zip(grid["values"], grid["points"], strict=True):
            tree = model.tree(**{name: value})
            solution = bargain.solve(tree.to_game())
            assert_same_equilibria(_from_page(point), _from_solve(solution), f"{name}={value}")
            induction = tree.backward_induction()
            assert [spe["choices"] for spe in point["spe"]] == [dict(spe.choices) for spe in induction]
            verdicts = sorted(v.status for v in tree.classify(solution))
            assert sorted(eq["v"] for eq in point["eq"]) == verdicts


def test_map_cells_hold_the_equilibrium_set_found_by_solve(chicken):
    model, data = chicken
    m = data["map"]
    first, second = m["params"]
    assert first == "china_share" and second in model.parameters
    assert sum(m["counts"]) == len(m["cells"]) == len(m["x"]) * len(m["y"])
    for k in (0, 3, 17, len(m["cells"]) - 1):
        x, y = m["x"][k % len(m["x"])], m["y"][k // len(m["x"])]
        point = {"eq": [{"s": [list(map(float, s)) for s in eq.profile]}
                        for eq in bargain.solve(model.game(**{first: x, second: y}))]}
        assert m["labels"][m["cells"][k]] == _signature_label(data, point)


def test_montecarlo_holds_what_the_python_api_gives(chicken):
    model, data = chicken
    mc = data["montecarlo"]
    assert mc["params"] == ["china_standoff_cost", "us_standoff_cost"]  # china_share is held
    expected = bargain.montecarlo(bargain.sensitivity.hold(model, china_share=0.7), 200, 0,
                                  params=mc["params"]).to_dict()
    assert [(f["label"], f["count"]) for f in mc["equilibria"]] == [(f["outcome"], f["count"])
                                                                   for f in expected["equilibria"]]


def test_tree_montecarlo_counts_subgame_perfect_paths(august):
    model, data = august
    mc = data["montecarlo"]
    assert sum(f["count"] for f in mc["equilibria"]) == 200
    names, draws = bargain.sensitivity.draw(model, 200, 0, params=mc["params"])
    first = dict(zip(names, draws[0], strict=True))
    path = " → ".join(f"{s.player} {s.move}" for s in model.tree(**first).backward_induction().path)
    assert path in [f["label"] for f in mc["equilibria"]]


# ----------------------------------------------------------------------------- selection and drivers slots


@dataclasses.dataclass(frozen=True)
class FakePick:
    criterion: str
    equilibrium: int
    reason: str


class FakeDrivers:
    def to_dict(self):
        return {"method": "fake ranking for a test",
                "ranking": [{"parameter": "china_share", "score": 0.5, "low": 0.4, "high": 0.6}],
                "flip_points": [{"parameter": "us_standoff_cost", "value": 1.0, "description": "test flip"}]}


def test_selection_and_drivers_are_carried_when_given():
    model = load_model("rare-earth-chicken")
    options = ReportOptions(points=5, samples=0, map_points=0)
    data = build_report(model, selection=[FakePick("payoff dominance", 0, "test reason")], drivers=FakeDrivers(),
                        options=options)
    assert data["selection"] == [{"criterion": "payoff dominance", "equilibrium": 0, "label": None,
                                  "reason": "test reason"}]
    assert data["drivers"]["ranking"][0]["parameter"] == "china_share"
    assert build_report(model, options=options)["selection"] is None
    data = build_report(model, selection={"picks": [{"criterion": "risk", "label": "x", "reason": "y"}]},
                        options=options)
    assert data["selection"][0]["criterion"] == "risk"
    with pytest.raises(ReportError):
        build_report(model, selection="not a list", options=options)


def test_what_drivers_returns_fills_the_drivers_slot(standoff):
    model, _ = standoff
    result = bargain.sensitivity.drivers(model, samples=64, seed=0)
    data = build_report(model, drivers=result, options=ReportOptions(points=5, samples=0, map_points=0))
    ranking = {r["parameter"]: r for r in data["drivers"]["ranking"]}
    assert set(ranking) == set(result.varied)
    for index in result.existence.indices:
        assert ranking[index.param]["score"] == pytest.approx(index.total, abs=1e-9)
    flips = sorted((f["parameter"], f["value"]) for f in data["drivers"]["flip_points"])
    assert flips == sorted((p.name, t.value) for p in result.parameters for t in p.flips)
    assert len(flips) == 2


def test_what_predict_returns_fills_the_selection_slot():
    model = load_model("rare-earth-chicken")
    picks = bargain.predict(bargain.solve(model.game_at({})))
    data = build_report(model, selection=picks, options=ReportOptions(points=3, samples=0, map_points=0))
    assert [p["criterion"] for p in data["selection"]] == list(picks)
    for pick, selection in zip(data["selection"], picks.values(), strict=True):
        assert pick["equilibrium"] == selection.index and pick["label"] == selection.label
        assert pick["reason"] == selection.reason


# ----------------------------------------------------------------------------- the page


def test_london_page_is_self_contained_and_within_budget(london):
    _, data = london
    page = render_html(data)
    assert len(page.encode("utf-8")) <= 5_000_000
    tags = _tags(page)
    assert [t for t, _ in tags if t in ("link", "img", "iframe", "object", "embed", "base")] == []
    for tag, attrs in tags:
        assert "src" not in attrs, tag
        assert attrs.get("href", "#").startswith("#"), (tag, attrs)
    assert [t for t, _ in tags].count("script") == 3
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert "@import" not in style and "url(" not in style
    embedded = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(embedded) == json.loads(json.dumps(data))


def _tags(page: str) -> list[tuple[str, dict]]:
    """Every start tag and its attributes (script and style contents are text to the parser, not tags)."""
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(page)
    return found


def test_options_are_checked():
    for bad in ({"points": 1}, {"samples": 1}, {"map_points": -1}, {"side": 0.5}, {"points": True}):
        with pytest.raises(ReportError):
            ReportOptions(**bad)
    with pytest.raises(ReportError, match="unknown map parameter"):
        build_report(load_model("rare-earth-chicken"), options=ReportOptions(points=3, samples=0,
                                                                              map_params=("china_share", "x")))


def test_cli_writes_the_page(capsys, tmp_path):
    target = tmp_path / "chicken.html"
    code, out, err = run_main(capsys, "report", "rare-earth-chicken", "--set", "china_share=0.8", "-o", str(target),
                              "--points", "5", "--samples", "0", "--map-points", "0")
    assert code == 0, err
    assert out.startswith(f"wrote {target}")
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "rare-earth-chicken" in page
    embedded = json.loads(re.search(r'id="report-data">(.*?)</script>', page, re.S).group(1))
    assert {p["criterion"] for p in embedded["selection"]} >= {"payoff-dominance", "risk-dominance", "qre"}
    assert embedded["base"]["values"]["china_share"] == 0.8
    assert embedded["drivers"] is None
    code, out, err = run_main(capsys, "report", STANDOFF, "-o", str(target), "--points", "5", "--samples", "0",
                              "--map-points", "0", "--drivers", "32")
    assert code == 0, err
    embedded = json.loads(re.search(r'id="report-data">(.*?)</script>', target.read_text(encoding="utf-8"),
                                    re.S).group(1))
    assert len(embedded["drivers"]["flip_points"]) == 2


def test_cli_errors_are_one_line(capsys, tmp_path):
    code, _, err = run_main(capsys, "report", "rare-earth-chicken", "--map", "china_share", "-o",
                            str(tmp_path / "x.html"))
    assert code == 2 and err.count("\n") == 1 and "--map expects" in err
    code, _, err = run_main(capsys, "report", "rare-earth-chicken", "--drivers", "100", "-o", str(tmp_path / "x.html"))
    assert code == 2 and err.count("\n") == 1 and "power of two" in err
    code, _, err = run_main(capsys, "report", "rare-earth-chicken", "--points", "3", "--samples", "0",
                            "--map-points", "0", "-o", str(tmp_path / "missing" / "x.html"))
    assert code == 2 and err.count("\n") == 1 and "cannot write the report" in err
