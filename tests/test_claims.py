"""Every claim the README and docs make about a bundled model states how often it holds; recompute each share.

A claim is marked in the text by an HTML comment, ``<!-- claim: NAME -->``, right after the sentence
that states its share as ``NN.N%`` (the last share between the previous mark and this one). Each share
is recomputed here from 2,000 draws of every parameter over its plausible range (seed 1, as
``bargain montecarlo MODEL --samples 2000 --seed 1`` draws them): for a matrix model from the Monte
Carlo's sets of equilibria, for a tree by backward induction at every draw. The stated share must lie
within a few points of the recomputed one, and every claim in the table must be marked in some text.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from bargain.model import load_model
from bargain.sensitivity import draw, montecarlo

REPO = Path(__file__).resolve().parents[1]
TEXTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SAMPLES, SEED = 2000, 1
#: How far, in percentage points, a stated share may be from the recomputed one.
TOLERANCE = 3.0
MARK = re.compile(r"<!-- claim: ([\w-]+) -->")


@functools.cache
def sets(name: str) -> dict[str, float]:
    """Share (%) of draws in which each whole set of equilibria holds."""
    result = montecarlo(load_model(name), SAMPLES, SEED)
    return {f.label: 100 * f.frequency for f in result.sets}


@functools.cache
def strategies(name: str) -> tuple[dict, ...]:
    """The first subgame-perfect profile of every draw: ``{player: {node: move}}`` with its path."""
    model = load_model(name)
    names, values = draw(model, SAMPLES, SEED)
    found = []
    for row in values:
        result = model.tree_at(dict(zip(names, row, strict=True))).backward_induction()
        found.append({"path": tuple(step.move for step in result.path), **result.strategies})
    return tuple(found)


def share(name: str, holds) -> float:
    profiles = strategies(name)
    return 100 * sum(bool(holds(p)) for p in profiles) / len(profiles)


CHICKEN_SET = ("China concede / United States escalate; China escalate / United States concede; "
               "China escalate+concede / United States escalate+concede")

CLAIMS = {
    "london-simultaneous": lambda: sets("london-2025").get("China withhold / United States snap-back", 0.0),
    "london-us-first": lambda: share("london-2025-us-first", lambda p: p["path"] == ("ease-and-extend", "restore")),
    "london-china-first": lambda: share("london-2025-china-first", lambda p: p["path"] == ("withhold", "snap-back")),
    "london-china-first-deterred": lambda: share(
        "london-2025-china-first", lambda p: p["path"][1] == "hold-and-extend" and p["path"][0] != "withhold"),
    "august-path": lambda: share("august-deadline", lambda p: p["path"] == ("deliver", "extend")),
    "august-threat": lambda: share(
        "august-deadline",
        lambda p: p["US"]["august_slowed"] == "extend" and p["China"]["reply_slowed"] == "retaliate"),
    "chicken": lambda: sets("rare-earth-chicken").get(CHICKEN_SET, 0.0),
}


def marked_claims() -> list[tuple[str, str, str]]:
    """``(claim, file name, its text)`` for every marked claim in the README and docs.

    A claim's text runs from the previous mark (or 400 characters back) to its own mark.
    """
    found = []
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        previous = 0
        for match in MARK.finditer(text):
            start = max(previous, match.start() - 400)
            found.append((match.group(1), path.name, " ".join(text[start:match.start()].split())))
            previous = match.end()
    return found


def stated_share(text: str, claim: str) -> float:
    """The share a claim states: the last ``NN.N%`` before its mark."""
    numbers = re.findall(r"(\d+(?:\.\d+)?)%", claim)
    assert numbers, f"{text}: a claim must state its share before its mark: {claim!r}"
    return float(numbers[-1])


def test_every_marked_claim_is_in_the_table():
    names = [name for name, _, _ in marked_claims()]
    assert names, "the README marks no claims"
    assert set(names) <= set(CLAIMS)
    assert set(CLAIMS) <= set(names), f"claims no text makes any more: {set(CLAIMS) - set(names)}"


@pytest.mark.parametrize("name, text, claim", marked_claims(), ids=[f"{n}@{t}" for n, t, _ in marked_claims()])
def test_stated_share_matches_the_draws(name, text, claim):
    assert stated_share(text, claim) == pytest.approx(CLAIMS[name](), abs=TOLERANCE)


def test_the_china_first_answer_turns_on_the_snap_back_tariff():
    """At the cited values a China moving first restores once the snap-back tariff passes
    base + (W s^2 V - R') / (L (1 - W s^2) - W R') x (april - base), W the part of the year after the
    deadline, R' the sales a full cut loses, L the export loss at the April rates (closed form)."""
    model = load_model("london-2025-china-first")
    v = model.values()
    after = 1 - v["months_to_deadline"] / 12
    lever = after * v["china_share"] ** 2
    lost = v["cn_rare_earth_sales"] * (1 - v["china_share"])
    exports = v["cn_us_exports"] * v["may_export_fall"]
    scale = (lever * v["cn_chip_value"] - lost) / (exports * (1 - lever) - after * lost)
    threshold = v["base_tariff"] + scale * (v["april_tariff"] - v["base_tariff"])
    assert threshold == pytest.approx(0.655, abs=0.001)  # as the README states: above 65.5%
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "above 65.5% (`snapback_tariff`)" in " ".join(readme.split())
    paths = [tuple(s.move for s in model.tree(snapback_tariff=t).backward_induction().path)
             for t in (threshold - 0.005, threshold + 0.005)]
    assert paths == [("withhold", "snap-back"), ("restore", "hold-and-extend")]
