"""The report page in a real browser: headless Chromium (Debian's), driven by Playwright.

Checks that the page loads with no console error and no request beyond the file itself, that moving a slider
shows what ``bargain solve --set`` gives at that value (just either side of flip points too), that the data
downloads parse, that it passes the Nu Html Checker and axe-core, and it saves screenshots at desktop and phone
widths (in ``$BARGAIN_ARTEFACTS``, else a temporary folder; the path is printed).

Needs /usr/bin/chromium, and for validation and accessibility the npm packages vnu-jar (with Java) and
axe-core: from ``$BARGAIN_WEB_TOOLS`` (a node_modules folder, as .ci/run sets up) or installed with npm into a
temporary folder. When ``BARGAIN_REQUIRE_ORACLES`` is set, anything missing fails the run instead of skipping.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import bargain
from bargain.model import load_model
from bargain.model.sources import normalise
from bargain.render.solution import mixed, short
from bargain.report import ReportOptions, build_report, render_html

from .oracles import REQUIRED, require

require("playwright.sync_api")
require("pytest_playwright")

pytestmark = [
    pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning"),
    # pytest-base-url, which pytest-playwright brings, warns about its own session fixture on pytest 9
    pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods"
                               ":pytest.PytestRemovedIn10Warning"),
]

CHROMIUM = os.environ.get("BARGAIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SMALL = ReportOptions(points=21, tree_points=21, samples=200, map_points=9)
#: rare-earth-chicken over ranges wide enough that its sliders cross flip points
STANDOFF = "tests/data/report/standoff.toml"


def need(found, why: str) -> None:
    """Skip without ``found``, or fail when the oracles (and this browser) are required."""
    if found:
        return
    if REQUIRED:
        pytest.fail(f"{why}, and BARGAIN_REQUIRE_ORACLES is set")
    pytest.skip(why)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium, never a downloaded browser."""
    need(os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory) -> Path:
    given = os.environ.get("BARGAIN_ARTEFACTS")
    folder = Path(given) if given else tmp_path_factory.mktemp("report-artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"report screenshots in {folder}")
    return folder


@pytest.fixture(scope="session")
def web_tools(tmp_path_factory) -> Path:
    """A node_modules folder holding axe-core and vnu-jar."""
    given = os.environ.get("BARGAIN_WEB_TOOLS")
    if given:
        root = Path(given)
    else:
        npm = shutil.which("npm")
        need(npm, "npm not found (needed to install axe-core and vnu-jar)")
        prefix = tmp_path_factory.mktemp("web-tools")
        done = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--silent",
                               "axe-core@4", "vnu-jar"], capture_output=True, text=True, timeout=900)
        need(done.returncode == 0, f"npm could not install axe-core and vnu-jar: {done.stderr.strip()[:300]}")
        root = prefix / "node_modules"
    need((root / "axe-core" / "axe.min.js").is_file(), f"axe-core not found in {root}")
    return root


class Report:
    """A report written to a file, with the model and data it came from."""

    def __init__(self, folder: Path, name: str, overrides=None, options=None, **slots):
        self.model = load_model(name)
        self.data = build_report(self.model, overrides, options=options, **slots)
        self.path = folder / f"{self.model.name}.html"
        self.path.write_text(render_html(self.data), encoding="utf-8")
        self.url = self.path.resolve().as_uri()


@pytest.fixture(scope="module")
def london(tmp_path_factory) -> Report:
    return Report(tmp_path_factory.mktemp("london"), "london-2025")


@pytest.fixture(scope="module")
def standoff(tmp_path_factory) -> Report:
    return Report(tmp_path_factory.mktemp("standoff"), STANDOFF, options=ReportOptions(points=41, samples=200,
                                                                                         map_points=9))


@pytest.fixture(scope="module")
def august(tmp_path_factory) -> Report:
    return Report(tmp_path_factory.mktemp("august"), "august-deadline", options=SMALL)


@pytest.fixture(scope="module")
def chicken(tmp_path_factory) -> Report:
    """With a small fake selection and drivers payload, standing in for those computed elsewhere."""
    selection = [{"criterion": "payoff dominance", "equilibrium": 0, "reason": "fake reason one"},
                 {"criterion": "risk dominance", "equilibrium": None, "label": "no pick", "reason": "fake two"}]
    drivers = {"method": "fake ranking", "ranking": [{"parameter": "china_share", "score": 0.6, "low": 0.5,
                                                      "high": 0.7}, {"parameter": "us_standoff_cost", "score": 0.2}],
               "flip_points": [{"parameter": "us_standoff_cost", "value": 1.0, "description": "fake flip"}]}
    return Report(tmp_path_factory.mktemp("chicken"), "rare-earth-chicken", {"china_share": 0.8}, options=SMALL,
                  selection=selection, drivers=drivers)


def open_page(page, report: Report) -> dict:
    """Load the report; return what it asked for and what went wrong while loading."""
    seen = {"requests": [], "errors": [], "sockets": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("websocket", lambda socket: seen["sockets"].append(socket.url))
    page.on("console", lambda message: seen["errors"].append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.goto(report.url)
    page.wait_for_selector("body[data-charts]", state="attached", timeout=60_000)
    return seen


def table_rows(page, selector: str) -> list[list[str]]:
    return page.eval_on_selector_all(f"{selector} tbody tr",
                                     "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))")


def expected_rows(solution, verdicts=None) -> list[list[str]]:
    """How the page prints each equilibrium: as `bargain solve` does, from the solution rounded as its JSON is."""
    rows = []
    for k, eq in enumerate(solution):
        cells = [mixed({a: round(float(p), 12) for a, p in strategy.items()}) for strategy in eq.strategies.values()]
        cells += [short(round(float(u), 12)) for u in eq.payoffs]
        cells.append(verdicts[k].status if verdicts else ("pure" if eq.pure else "mixed"))
        rows.append(cells)
    return sorted(rows)


def move(page, report: Report, name: str, value: float) -> None:
    index = report.data["grids"][name]["values"].index(value)
    page.locator(f"#slider-{name}").fill(str(index))
    page.wait_for_function(f"document.body.dataset.state === '{name}={index}'")


# ----------------------------------------------------------------------------- loading


def test_page_loads_offline_with_no_console_error(page, london):
    seen = open_page(page, london)
    assert seen["errors"] == []
    assert seen["requests"] == [london.url]
    assert seen["sockets"] == []
    assert page.get_attribute("body", "data-charts") == "drawn"
    for chart in ("sweep", "map", "montecarlo"):
        assert page.locator(f"#{chart}-chart svg").count() == 1, chart
    assert page.title() == london.model.title


def test_numbers_are_rounded_as_python_rounds_them(page, london):
    """Python rounds exact ties to even, JavaScript's toFixed away from zero: the page follows Python."""
    import random

    open_page(page, london)
    rng = random.Random(7)
    numbers = [0.03125, -0.03125, 0.09375, 1.03125, -0.80005, 0.80005, 0.5, -0.0, 1e-13, -1e-13, 123456.78905,
               2.5e-05, 0.99995, -0.99995, 1 / 3, 2 / 3]
    numbers += [rng.randint(-10**6, 10**6) / 32 / 10**rng.randint(0, 4) for _ in range(300)]
    numbers += [rng.uniform(-5, 5) for _ in range(300)]
    assert page.evaluate("xs => xs.map(x => bargainReport.short(x))", numbers) == [short(x) for x in numbers]


# ----------------------------------------------------------------------------- sliders


def slider_values(report: Report, name: str) -> list[float]:
    """The ends, the chosen value, and every flip point with the values just either side."""
    grid = report.data["grids"][name]
    values = {grid["values"][0], grid["values"][-1], grid["values"][grid["base"]]}
    for mark in grid["thresholds"]:
        values.update(v for v in (mark["below"], mark["value"], mark["above"]) if v is not None)
    return sorted(values)


def check_sliders(page, report: Report, names) -> int:
    checked = 0
    for name in names:
        for value in slider_values(report, name):
            move(page, report, name, value)
            solution = bargain.solve(report.model.game(**{name: value}))
            shown = sorted(row[1:] for row in table_rows(page, "#equilibria-table"))
            assert shown == expected_rows(solution), f"{name}={value}"
            assert sorted(row[1:] for row in table_rows(page, "#live-table")) == shown
            assert page.locator(f"#out-{name}").inner_text() in page.locator("#status").inner_text()
            checked += 1
    return checked


def test_sliders_show_what_solve_gives_either_side_of_flip_points(page, standoff):
    seen = open_page(page, standoff)
    names = [n for n, g in standoff.data["grids"].items() if g["thresholds"]]
    assert len(names) == 2
    assert check_sliders(page, standoff, names) >= 10
    assert seen["errors"] == [] and seen["requests"] == [standoff.url]


def test_london_sliders_show_what_solve_gives(page, london):
    seen = open_page(page, london)
    assert check_sliders(page, london, ["china_share", "snapback_tariff", "us_shortage_cost", "licence_coverage"]) >= 12
    assert seen["errors"] == [] and seen["requests"] == [london.url]


def test_moving_one_slider_returns_the_others_and_reset_restores(page, standoff):
    open_page(page, standoff)
    grid = standoff.data["grids"]["china_standoff_cost"]
    move(page, standoff, "china_standoff_cost", grid["thresholds"][0]["below"])
    move(page, standoff, "us_standoff_cost", standoff.data["grids"]["us_standoff_cost"]["values"][0])
    assert page.locator("#slider-china_standoff_cost").input_value() == str(grid["base"])
    page.keyboard.press("Tab")  # leaves the slider, then back to it with the keyboard
    page.locator("#slider-us_standoff_cost").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.body.dataset.state === 'us_standoff_cost=1'")
    page.click("#reset")
    page.wait_for_function("document.body.dataset.state === 'base'")
    expected = expected_rows(bargain.solve(standoff.model.game()))
    assert sorted(row[1:] for row in table_rows(page, "#equilibria-table")) == expected


def test_flip_point_buttons_jump_to_either_side(page, standoff):
    open_page(page, standoff)
    mark = standoff.data["grids"]["us_standoff_cost"]["thresholds"][0]
    page.click(f"#row-us_standoff_cost button[data-value='{mark['above']}']")
    index = standoff.data["grids"]["us_standoff_cost"]["values"].index(mark["above"])
    page.wait_for_function(f"document.body.dataset.state === 'us_standoff_cost={index}'")
    assert "just above the flip point" in page.locator("#status").inner_text()
    solution = bargain.solve(standoff.model.game(us_standoff_cost=mark["above"]))
    assert sorted(row[1:] for row in table_rows(page, "#equilibria-table")) == expected_rows(solution)


def test_payoff_cells_follow_the_slider(page, london):
    open_page(page, london)
    value = london.data["grids"]["us_shortage_cost"]["values"][-1]
    move(page, london, "us_shortage_cost", value)
    game = london.model.game(us_shortage_cost=value)
    cells = page.eval_on_selector_all("#payoff-matrix tbody td summary",
                                      "cells => cells.map(c => c.firstChild.textContent)")
    expected = [f"{short(game.A[i, j])}, {short(game.B[i, j])}" for i in range(3) for j in range(3)]
    assert cells == expected


def test_tree_sliders_show_the_subgame_perfect_path_and_verdicts(page, august):
    seen = open_page(page, august)
    for name in ("snapback_tariff", "us_chip_security_cost"):
        assert august.data["grids"][name]["thresholds"], name
        for value in slider_values(august, name):
            move(page, august, name, value)
            tree = august.model.tree(**{name: value})
            solution = bargain.solve(tree.to_game())
            shown = sorted(row[1:] for row in table_rows(page, "#equilibria-table"))
            assert shown == expected_rows(solution, tree.classify(solution)), f"{name}={value}"
            text = page.locator("#equilibria-body .spe").first.inner_text()
            path = " → ".join(f"{s.player} {s.move} ({s.node})" for s in tree.backward_induction().path)
            assert path in text, (name, value, text)
    assert seen["errors"] == [] and seen["requests"] == [august.url]


# ----------------------------------------------------------------------------- downloads, quotes, embed


def download(page, kind: str) -> str:
    with page.expect_download() as info:
        page.click(f"#download-{kind}")
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_data_downloads_parse(page, london):
    seen = open_page(page, london)
    assert json.loads(download(page, "json")) == json.loads(json.dumps(london.data))
    rows = list(csv.DictReader(io.StringIO(download(page, "equilibria"))))
    expected = sum(len(london.data["actions"][0]) + len(london.data["actions"][1])
                   for grid in london.data["grids"].values() for point in grid["points"] for _ in point["eq"])
    assert len(rows) == expected
    base = london.data["grids"]["china_share"]
    at_base = [r for r in rows if r["parameter"] == "china_share" and float(r["value"]) == base["values"][base["base"]]]
    solution = bargain.solve(london.model.game())
    assert {(r["player"], r["action"], round(float(r["probability"]), 9)) for r in at_base} == {
        (p, a, round(float(v), 9)) for eq in solution for p, s in eq.strategies.items() for a, v in s.items()}
    parameters = list(csv.DictReader(io.StringIO(download(page, "parameters"))))
    assert {r["parameter"] for r in parameters} == set(london.model.parameters)
    regions = list(csv.DictReader(io.StringIO(download(page, "map"))))
    assert len(regions) == len(london.data["map"]["cells"])
    frequencies = list(csv.DictReader(io.StringIO(download(page, "montecarlo"))))
    assert sum(int(r["count"]) for r in frequencies if r["kind"] == "set") == london.data["montecarlo"]["samples"]
    assert all(url == london.url or url.startswith("blob:") for url in seen["requests"])


def test_quotes_open_in_their_article(page, london):
    open_page(page, london)
    button = page.locator("button.quote").first
    assert button.get_attribute("title")  # the hover text: the quote in its sentence
    button.click()
    assert page.locator("#article-dialog").evaluate("d => d.open")
    source = london.data["parameters"][0]["sources"][0]
    assert page.locator("#article-title").inner_text() == source["file"]
    assert normalise(page.locator("#article-mark").inner_text()) == normalise(source["quote"])
    page.click("#article-close")
    assert not page.locator("#article-dialog").evaluate("d => d.open")


def test_embed_snippet_frames_the_report_at_its_height(page, london):
    open_page(page, london)
    snippet = page.locator("#embed-code").input_value()
    host = london.path.parent / "host.html"
    host.write_text(f"<!DOCTYPE html><html lang=en><title>host</title><body>{snippet}</body></html>", encoding="utf-8")
    page.goto(host.as_uri())
    page.wait_for_function("Number(document.querySelector('iframe').height) > 2000", timeout=60_000)
    height = int(page.locator("iframe").get_attribute("height"))
    inner = page.frame_locator("iframe").locator("html").evaluate("h => h.scrollHeight")
    assert abs(height - inner) <= 50


def test_selection_and_drivers_render_when_given(page, chicken):
    seen = open_page(page, chicken)
    assert page.locator("#selection").is_visible() and page.locator("#drivers").is_visible()
    rows = table_rows(page, "#selection-table")
    assert rows[0][0] == "payoff dominance" and rows[0][2] == "fake reason one"
    first = bargain.solve(chicken.model.game(china_share=0.8))[0]
    assert rows[0][1] == "#0: " + " / ".join(f"{p} {mixed(s)}" for p, s in first.strategies.items())
    assert rows[1][1] == "no pick"
    assert table_rows(page, "#drivers-table")[0][0] == "china_share"
    assert page.locator("#drivers-chart svg").count() == 1
    assert seen["errors"] == []


def test_sections_stay_hidden_without_selection_or_drivers(page, london):
    open_page(page, london)
    assert page.locator("#selection").is_hidden() and page.locator("#drivers").is_hidden()


def three_players(data: dict) -> dict:
    """The chicken report's data with a third player (one action, payoff 0) added: the shape an n-player game has."""
    data = json.loads(json.dumps(data))
    data["players"].append("EU")
    data["actions"].append([{"label": "wait", "description": "a bystander"}])
    for cell in data["cells"]:
        cell["key"].append("wait")
        cell["label"] += " / wait"
    points = [data["base"]["point"]] + [p for g in data["grids"].values() for p in g["points"]]
    for point in points:
        for eq in point["eq"]:
            eq["s"].append([1.0])
            eq["u"].append(0.0)
    return data


def test_a_game_of_three_players_fits_the_page(page, chicken, tmp_path):
    path = tmp_path / "three.html"
    path.write_text(render_html(three_players(chicken.data)), encoding="utf-8")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-charts]", state="attached", timeout=60_000)
    assert errors == []
    head = page.eval_on_selector_all("#equilibria-table thead th", "hs => hs.map(h => h.textContent)")
    assert head == ["#", "China", "United States", "EU", "payoff China", "payoff United States", "payoff EU", "kind"]
    rows = table_rows(page, "#equilibria-table")
    assert rows and all(row[3] == "wait" and row[6] == "0" for row in rows)
    profiles = table_rows(page, "#payoff-matrix")
    assert len(profiles) == len(chicken.data["cells"]) and all(r[0].startswith(tuple(
        a["label"] for a in chicken.data["actions"][0])) for r in profiles)
    move(page, chicken, "china_standoff_cost", chicken.data["grids"]["china_standoff_cost"]["values"][0])
    assert all(row[3] == "wait" for row in table_rows(page, "#equilibria-table"))


# ----------------------------------------------------------------------------- looks, accessibility, validity


@pytest.mark.parametrize("width,height,label", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_screenshots_and_no_sideways_scroll(browser, london, august, artefacts, width, height, label):
    for report in (london, august):
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
        page = context.new_page()
        open_page(page, report)
        name = report.model.name
        page.screenshot(path=str(artefacts / f"{name}-{label}.png"))
        page.locator("#sensitivity").screenshot(path=str(artefacts / f"{name}-{label}-sensitivity.png"))
        page.locator("#uncertainty").screenshot(path=str(artefacts / f"{name}-{label}-uncertainty.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        context.close()
    assert (artefacts / f"london-2025-{label}.png").stat().st_size > 10_000


def axe_violations(page, web_tools: Path) -> list[dict]:
    page.add_script_tag(path=str(web_tools / "axe-core" / "axe.min.js"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("which", ["london", "august", "chicken", "standoff"])
def test_accessibility(page, request, web_tools, which):
    report = request.getfixturevalue(which)
    seen = open_page(page, report)
    assert axe_violations(page, web_tools) == []
    name = list(report.data["grids"])[0]
    move(page, report, name, report.data["grids"][name]["values"][0])
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe_violations(page, web_tools) == []
    charts = page.eval_on_selector_all(".chart", "cs => cs.map(c => [c.id, c.getAttribute('role'), "
                                                 "c.getAttribute('aria-label') || ''])")
    # Vega gives the chart's box the ARIA role graphics-document with the chart's description as its label
    assert charts and all(role in ("img", "graphics-document") and len(label) > 60 for _, role, label in charts), charts
    unlabelled = page.eval_on_selector_all(
        "input, select, textarea, button",
        "els => els.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') "
        "&& !e.textContent.trim()).map(e => e.outerHTML.slice(0, 80))")
    assert unlabelled == []
    assert seen["errors"] == []


def nu_check(web_tools: Path, *paths: Path) -> list[dict]:
    """Errors the Nu Html Checker (vnu.jar) finds in the files, in one run of Java."""
    java = shutil.which("java")
    need(java, "java not found (the Nu Html Checker needs it; apt-get install default-jre-headless)")
    jar = web_tools / "vnu-jar" / "build" / "dist" / "vnu.jar"
    need(jar.is_file(), f"vnu.jar not found in {web_tools}")
    done = subprocess.run([java, "-jar", str(jar), "--format", "json", "--errors-only", *map(str, paths)],
                          capture_output=True, text=True, timeout=600)
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    return [{"file": Path(m.get("url", "")).name, "message": m.get("message"), "extract": m.get("extract", "")[:120]}
            for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


#: The charting library's tooltip adds a style element at the top of the live document's head, ahead of the
#: charset declaration; that position matters only in a file as served, and the file as served is checked whole.
SERIALISED_ONLY = "A “charset” attribute on a “meta” element found after the first 1024 bytes."


def test_html_validates(page, london, august, web_tools, tmp_path):
    """The files as written, and the pages as the script leaves them after drawing (serialised from the browser)."""
    rendered = []
    for report in (london, august):
        open_page(page, report)
        path = tmp_path / f"{report.model.name}-rendered.html"
        path.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8")
        rendered.append(path)
    errors = nu_check(web_tools, london.path, august.path, *rendered)
    assert [e for e in errors if not (e["file"].endswith("-rendered.html") and e["message"] == SERIALISED_ONLY)] == []


def test_three_player_page_slider_shows_each_side_of_the_flip(page, tmp_path):
    """A three-player model whose equilibria change at t = 1: either side of the flip, and at t = 1 itself."""
    model = load_model(str(Path(__file__).parent / "data" / "models_nplayer" / "chain.toml"))
    data = build_report(model, options=ReportOptions(points=11, samples=120, map_points=5))
    path = tmp_path / "chain.html"
    path.write_text(render_html(data), encoding="utf-8")
    grid = data["grids"]["t"]
    mark = grid["thresholds"][0]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-charts]", state="attached", timeout=60_000)
    assert page.get_attribute("body", "data-charts") == "drawn"
    shown = {}
    for side in ("below", "above", "value"):
        index = grid["values"].index(mark[side])
        page.locator("#slider-t").fill(str(index))
        page.wait_for_function(f"document.body.dataset.state === 't={index}'")
        rows = page.eval_on_selector_all("#equilibria-table tbody tr",
                                         "rows => rows.map(r => Array.from(r.cells).map(c => "
                                         "c.textContent.trim()))")
        shown[side] = [row[1:4] if side != "value" else row[-1] for row in rows]
    summary = page.locator("#equilibria-summary").inner_text()
    assert errors == []
    assert shown["below"] == [["b", "b", "b"]] and shown["above"] == [["a", "a", "a"]]
    assert sorted(shown["value"]) == ["one point of a set"] * 5 + ["pure"] * 2  # at t = 1 itself
    assert "stand for a set of equilibria" in summary
