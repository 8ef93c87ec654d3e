"""Limits of a sensitivity run: seeds, bounds on work, interruption, and a dask address that is not one."""

from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bargain.model import load_model
from bargain.sensitivity import (
    MAX_POINTS,
    MAX_SAMPLES,
    Interrupted,
    SensitivityError,
    linspace,
    montecarlo,
    sweep,
    wilson,
)
from bargain.sensitivity.cluster import check_handshake, check_port

from .entry_point import run_main

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.filterwarnings("ignore::bargain.model.RangeWarning")


@pytest.fixture(scope="module")
def chicken():
    return load_model("rare-earth-chicken")


# ---------------------------------------------------------------------------- seeds


def test_no_seed_draws_a_fresh_one_and_reports_it(chicken):
    first = montecarlo(chicken, 12, seed=None)
    again = montecarlo(chicken, 12, seed=first.seed)
    assert isinstance(first.seed, int) and first.seed >= 0
    assert again == first, "the reported seed repeats the run"
    assert montecarlo(chicken, 12, seed=None).seed != first.seed


@pytest.mark.parametrize("seed", [-1, 1.5, True, "7"])
def test_a_seed_that_is_not_a_whole_number_from_zero_is_refused(chicken, seed):
    with pytest.raises(SensitivityError, match="seed must be a whole number 0 or above"):
        montecarlo(chicken, 5, seed=seed)


def test_cli_seed_errors_are_one_line(capsys):
    code, out, err = run_main(capsys, "montecarlo", "rare-earth-chicken", "--seed", "-1")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error:") and "--seed" in err


def test_cli_random_seed_is_printed_and_repeats(capsys):
    code, out, err = run_main(capsys, "montecarlo", "rare-earth-chicken", "-n", "15", "--seed", "random",
                              "--format", "json")
    assert code == 0, err
    import json

    first = json.loads(out)
    code, out, _ = run_main(capsys, "montecarlo", "rare-earth-chicken", "-n", "15", "--seed", str(first["seed"]),
                            "--format", "json")
    assert json.loads(out) == first


# ---------------------------------------------------------------------------- Wilson interval


def wilson_by_hand(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval, written out from its textbook formula."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (8, 10), (10, 10), (1, 300), (150, 300), (999, 1000)])
def test_wilson_interval_matches_its_formula(k, n):
    low, high = wilson(k, n)
    expected = wilson_by_hand(k, n)
    assert low == pytest.approx(max(0.0, expected[0]), abs=1e-12)
    assert high == pytest.approx(min(1.0, expected[1]), abs=1e-12)


def test_wilson_refuses_impossible_counts():
    with pytest.raises(SensitivityError):
        wilson(3, 0)
    with pytest.raises(SensitivityError):
        wilson(5, 4)


# ---------------------------------------------------------------------------- bounds


def test_a_sweep_above_the_bound_is_refused_before_any_work(chicken):
    values = [0.5 + k * 1e-7 for k in range(MAX_POINTS + 1)]
    with pytest.raises(SensitivityError, match=f"{MAX_POINTS + 1:,} points") as info:
        sweep(chicken, "china_share", values)
    assert f"{MAX_POINTS:,}" in str(info.value)


def test_cli_refuses_a_million_step_sweep_in_one_line(capsys):
    code, out, err = run_main(capsys, "sweep", "london-2025", "--param", "china_share", "--steps", "1000000")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "1,000,000" in err and f"{MAX_POINTS:,}" in err


def test_montecarlo_above_the_bound_is_refused(chicken):
    with pytest.raises(SensitivityError, match=f"{MAX_SAMPLES:,}"):
        montecarlo(chicken, MAX_SAMPLES + 1, seed=0)


# ---------------------------------------------------------------------------- interruption


def test_an_interrupted_run_keeps_the_blocks_it_finished(chicken):
    seen = []

    def stop_in_the_second_block(n: int) -> None:
        seen.append(n)
        if sum(seen) > 4096:
            raise KeyboardInterrupt

    with pytest.raises(Interrupted) as info:
        montecarlo(chicken, 10_000, seed=4, progress=stop_in_the_second_block)
    partial = info.value.partial
    assert partial is not None and not partial.complete
    assert partial.samples == 4096 and partial.requested == 10_000
    full = montecarlo(chicken, 10_000, seed=4)
    assert partial.draws == full.draws[:4096] and partial.signatures == full.signatures[:4096]
    assert sum(f.count for f in partial.sets) == 4096


def test_cli_prints_the_partial_result_and_one_line(capsys, monkeypatch, chicken):
    from bargain import sensitivity

    partial = montecarlo(chicken, 30, seed=1)
    partial = partial.__class__(**{**partial.__dict__, "requested": 500})

    def interrupted(*args, **kwargs):
        raise Interrupted(partial)

    monkeypatch.setattr(sensitivity, "montecarlo", interrupted)
    code, out, err = run_main(capsys, "montecarlo", "rare-earth-chicken", "-n", "500")
    assert code == 130
    assert "30 of 500 samples (interrupted)" in out
    assert err == "error: interrupted after 30 of 500 samples; the output above counts those\n"


def test_ctrl_c_on_local_processes_gives_one_line():
    """A real SIGINT to the whole process group, as a terminal sends it: one line, no traceback."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    # three players and 1,600 points (some 10 s in one process): a run that starts worker processes
    command = [sys.executable, "-c", "from bargain.cli import main; main()", "sweep", "green-passage-2025",
               "-p", "china_share", "-p", "eu_front_weight", "--steps", "40", "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if not children.parent.exists():
        process.kill()
        pytest.skip("needs /proc to see when the worker processes have started")
    for _ in range(1200):  # until the worker processes run (imports done, work under way), at most 2 minutes
        if process.poll() is not None or (children.exists() and children.read_text().strip()):
            break
        time.sleep(0.1)
    if process.poll() is None:
        time.sleep(0.5)
        os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the sweep finished before it could be interrupted")
    assert process.returncode == 130, err
    assert err == "error: interrupted\n"


# ---------------------------------------------------------------------------- dask addresses


@pytest.fixture
def garbage_server():
    """A TCP server on 127.0.0.1 that answers every connection with bytes of another protocol."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                try:
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello, this is not dask\n" * 4)
                    connection.recv(1024)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    server.close()


@pytest.fixture
def closed_port():
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"tcp://127.0.0.1:{port}"


def test_a_closed_port_is_refused_at_once(closed_port):
    with pytest.raises(SensitivityError, match="no dask scheduler at .*connection refused"):
        check_port(closed_port)


def test_a_service_speaking_another_protocol_is_named(garbage_server):
    pytest.importorskip("distributed")
    check_port(garbage_server)  # the port is open
    with pytest.raises(SensitivityError, match="does not speak the dask protocol"):
        check_handshake(garbage_server)


@pytest.mark.parametrize("which", ["garbage_server", "closed_port"])
def test_cli_scheduler_errors_are_one_line(capsys, request, which):
    pytest.importorskip("distributed")
    address = request.getfixturevalue(which)
    code, out, err = run_main(capsys, "sweep", "rare-earth-chicken", "--param", "china_share", "--scheduler", address)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error:") and address in err
    assert "Traceback" not in err and "EiB" not in err


def test_a_bad_address_is_named(chicken):
    with pytest.raises(SensitivityError, match="not a scheduler address"):
        sweep(chicken, "china_share", linspace(0.5, 1, 3), backend="tcp://:notaport")
