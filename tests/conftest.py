"""Shared fixtures; the oracles, regret helpers and seeded games live in ``tests/oracles.py``."""

from __future__ import annotations

import io

import pytest

from . import oracles


@pytest.fixture
def terminal(monkeypatch):
    """Make rich's default console a 100-column terminal writing to a buffer; yields the buffer."""
    import rich
    import rich.console

    buffer = io.StringIO()
    monkeypatch.setattr(rich, "_console", rich.console.Console(file=buffer, force_terminal=True, width=100))
    return buffer


def pytest_terminal_summary(terminalreporter):
    """One line per oracle: how often it was solved and how often answered from the run's cache."""
    names = sorted({name.removesuffix(" cached") for name in oracles.CALLS})
    for name in names:
        solved, cached = oracles.CALLS[name], oracles.CALLS[f"{name} cached"]
        terminalreporter.write_line(f"oracle {name}: {solved} solved, {cached} answered from the cache")


# Property tests judge correctness, not speed: no per-example deadline (a loaded machine is not a failure).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("bargain", deadline=None)
_hypothesis_settings.load_profile("bargain")
