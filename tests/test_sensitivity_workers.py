"""Local worker processes: the same numbers as a serial run, one pool per run, batches packed both ways."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import pytest

from bargain.model import load_model
from bargain.sensitivity import engine, linspace, montecarlo, sweep
from bargain.sensitivity.workers import pack, unpack

DATA = Path(__file__).parent / "data" / "models_nplayer"


@pytest.fixture(scope="module")
def london():
    return load_model("london-2025")


@pytest.fixture(scope="module")
def chain():
    return load_model(DATA / "chain.toml")


@pytest.fixture
def pools(monkeypatch):
    """Counts the local process pools started."""
    started = []
    real = concurrent.futures.ProcessPoolExecutor

    class Counted(real):
        def __init__(self, *args, **kwargs):
            started.append(kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    return started


def test_a_sweep_over_several_batches_on_processes_equals_serial(london, pools):
    values = linspace(0.3, 1.0, 2 * engine.CHUNK + 100)  # three batches shared by two workers
    assert sweep(london, "china_share", values, workers=2, backend="processes") == sweep(london, "china_share", values)
    assert pools == [2]


def test_a_montecarlo_run_keeps_one_pool_for_all_its_blocks(london, pools, monkeypatch):
    from bargain.sensitivity import monte_carlo

    monkeypatch.setattr(monte_carlo, "BLOCK", engine.CHUNK)  # three blocks of two batches each
    two = montecarlo(london, 6 * engine.CHUNK, seed=9, workers=2, backend="processes")
    assert pools == [2]
    assert two == montecarlo(london, 6 * engine.CHUNK, seed=9)


def test_three_players_on_processes_equal_serial(chain, pools, monkeypatch):
    assert 40 > 2 * engine.CHUNK_ONE_BY_ONE  # three batches, each point solved on its own
    one = montecarlo(chain, 40, seed=2, params=["t"])
    two = montecarlo(chain, 40, seed=2, params=["t"], workers=2, backend="processes")
    assert pools == [2]
    assert two == one
    values = linspace(0.0, 3.0, 40)
    assert sweep(chain, "t", values, workers=2, backend="processes") == sweep(chain, "t", values)


def test_packing_gives_back_the_same_tuples(london, chain):
    for model, name in ((london, "china_share"), (chain, "t")):
        results = engine.solve_points(model, [name], [(v,) for v in linspace(0.0, 1.0, 50)])
        again = unpack(pack(results))
        assert again == results
        assert [[type(x) for eq in r for x in eq] for r in again] == [[type(x) for eq in r for x in eq]
                                                                      for r in results]
    assert unpack(pack([(), ()])) == [(), ()]

