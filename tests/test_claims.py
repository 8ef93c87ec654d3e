"""Every claim the README and docs make about a bundled model states how often it holds; recompute each share.

A claim is marked in the text by an HTML comment, ``<!-- claim: NAME -->``, right after the sentence
that states its share as ``NN.N%`` (the last share between the previous mark and this one). Each share
is recomputed here from 2,000 draws of every parameter over its plausible range (seed 1, as
``bargain montecarlo MODEL --samples 2000 --seed 1`` draws them): for a matrix model from the Monte
Carlo's sets of equilibria, for a tree by backward induction at every draw, and for a model of three or
more players from every draw's set of equilibria, by iterated strict dominance where it leaves one
profile and by complete enumeration (``bargain.nplayer``) where it does not. The stated share must lie
within a few points of the recomputed one, and every claim in the table must be marked in some text.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
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


def surviving(arrays) -> tuple[tuple[int, ...], ...]:
    """Each player's actions left by iterated elimination of actions strictly dominated by another action.

    When one action of each player is left, that profile is the game's only Nash equilibrium, mixed ones
    included: no equilibrium plays a strictly dominated action, and removing one keeps every equilibrium.
    """
    alive = [tuple(range(n)) for n in arrays[0].shape]
    changed = True
    while changed:
        changed = False
        for k, payoff in enumerate(arrays):
            rows = np.moveaxis(payoff[np.ix_(*alive)], k, 0).reshape(len(alive[k]), -1)
            keep = [i for i in range(len(rows)) if not any(np.all(rows[j] > rows[i]) for j in range(len(rows)))]
            if len(keep) < len(alive[k]):
                alive[k], changed = tuple(alive[k][i] for i in keep), True
    return tuple(alive)


@functools.cache
def n_player_sets(name: str) -> tuple[frozenset, ...]:
    """Every draw's set of equilibria of an n-player model, each equilibrium as its supports by label:
    by dominance where it leaves one profile, else by complete enumeration, where a segment of
    equilibria (in green-passage-2025, China mixing track-and-license and license, the same action
    against an EU in the front) counts as its support."""
    from bargain.nplayer import solve

    model = load_model(name)
    names, values = draw(model, SAMPLES, SEED)
    found = []
    for row in values:
        game = model.game_at(dict(zip(names, row, strict=True)))
        alive = surviving(game.payoffs)
        if all(len(a) == 1 for a in alive):
            found.append(frozenset({tuple((labels[a[0]],) for labels, a in zip(game.actions, alive, strict=True))}))
        else:
            solution = solve(game)
            assert solution.complete
            found.append(frozenset({*(eq.supports for eq in solution), *(c.support for c in solution.continua)}))
    return tuple(found)


def n_player_share(name: str, holds, among=None) -> float:
    """Share (%) of draws whose set of equilibria ``holds``; with ``among(values)``, of those draws only."""
    names, values = draw(load_model(name), SAMPLES, SEED)
    rows = [(found, dict(zip(names, row, strict=True))) for found, row in zip(n_player_sets(name), values,
                                                                                 strict=True)]
    rows = [(found, v) for found, v in rows if among is None or among(v)]
    return 100 * sum(bool(holds(found)) for found, _ in rows) / len(rows)


def only(*actions: str):
    """The set of equilibria is exactly the one pure profile ``actions``."""
    return lambda found: found == frozenset({tuple((a,) for a in actions)})


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
    "august-threat-credible": lambda: share("august-deadline", lambda p: p["US"]["august_slowed"] == "snap-back"),
    "august-threat": lambda: share(
        "august-deadline",
        lambda p: p["US"]["august_slowed"] == "extend" and p["China"]["reply_slowed"] == "retaliate"),
    "chicken": lambda: sets("rare-earth-chicken").get(CHICKEN_SET, 0.0),
    "green-passage-split-west": lambda: n_player_share(
        "green-passage-2025", lambda found: all(eq[0] == ("offer-track",) and eq[1] == ("snap-back",) for eq in found)),
    "green-passage-eu-track": lambda: n_player_share(
        "green-passage-2025", only("offer-track", "snap-back", "accept-track")),
    "green-passage-eu-front": lambda: n_player_share(
        "green-passage-2025", only("offer-track", "snap-back", "coordinate")),
    "green-passage-front-high-tariff": lambda: n_player_share(
        "green-passage-2025", only("offer-track", "snap-back", "coordinate"), lambda v: v["snapback_tariff"] > 0.7),
    "green-passage-us-holds": lambda: n_player_share(
        "green-passage-2025", lambda found: all(eq[1] == ("hold-and-extend",) for eq in found)),
    "green-passage-licenses-high-tariff": lambda: n_player_share(
        "green-passage-2025", lambda found: any(eq[0] != ("offer-track",) for eq in found),
        lambda v: v["snapback_tariff"] > 0.7),
    "green-passage-front-low-tariff": lambda: n_player_share(
        "green-passage-2025", only("offer-track", "snap-back", "coordinate"), lambda v: v["snapback_tariff"] <= 0.7),
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
    """At the cited values a China moving first withholds (and the US snaps back) until the snap-back
    tariff's share of the April rise, r, reaches the smaller root of
    W (1 - s^2) L r^2 + (W (1 - s^2) (V + R') - L (1 - W s^2)) r + W s^2 (V + R') - R' - G = 0,
    where withholding against a snap-back is worth -L r - R' + W (s^2 + (1 - s^2) r) (V + R' + L r) to
    China (the settlement at the deadline, forced by either lever) and G is what licensing against a
    US that holds is worth, W (s (1 - c))^2 (V + R' (1 - c)) - R' (1 - c); W the part of the year after
    the deadline, R' the sales a full cut loses, L the export loss at the April rates (closed form)."""
    model = load_model("london-2025-china-first")
    v = model.values()
    after, s, c, value = 1 - v["months_to_deadline"] / 12, v["china_share"], v["licence_coverage"], v["cn_chip_value"]
    lost = v["cn_rare_earth_sales"] * (1 - s)
    exports = v["cn_us_exports"] * v["may_export_fall"]
    licensing = after * (s * (1 - c)) ** 2 * (value + lost * (1 - c)) - lost * (1 - c)
    a = after * (1 - s**2) * exports
    b = after * (1 - s**2) * (value + lost) - exports * (1 - after * s**2)
    k = after * s**2 * (value + lost) - lost - licensing
    scale = (-b - (b * b - 4 * a * k) ** 0.5) / (2 * a)
    threshold = v["base_tariff"] + scale * (v["april_tariff"] - v["base_tariff"])
    assert threshold == pytest.approx(0.658, abs=0.001)  # as the README states: above 65.8%
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "above 65.8% (`snapback_tariff`)" in " ".join(readme.split())
    paths = [tuple(s.move for s in model.tree(snapback_tariff=t).backward_induction().path)
             for t in (threshold - 0.005, threshold + 0.005)]
    assert paths == [("withhold", "snap-back"), ("license", "hold-and-extend")]


def test_dominance_gives_the_same_equilibria_as_complete_enumeration_on_the_first_draws():
    from bargain.nplayer import solve

    model = load_model("green-passage-2025")
    names, values = draw(model, SAMPLES, SEED)
    for row, found in list(zip(values, n_player_sets("green-passage-2025"), strict=True))[:40]:
        solution = solve(model.game_at(dict(zip(names, row, strict=True))))
        assert frozenset({*(eq.supports for eq in solution), *(c.support for c in solution.continua)}) == found
