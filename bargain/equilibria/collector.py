"""Python's cyclic garbage collector held off while a long computation builds what it keeps.

A large solve builds tens of thousands of fractions, tuples and lists and keeps
them all; none of them is part of a reference cycle, so reference counting
frees whatever is dropped, yet every few hundred new objects start a pass of
the cyclic collector, and now and then a full pass over every object in the
process. Measured on the 15 x 15 coordination game (32,767 equilibria), those
passes were a quarter to a third of an exact solve's time; on Gambit's ``tim``
(1,731), one full pass added about 80 ms to a solve of about 90. Sweeps and
Monte Carlo runs keep a few small tuples per point, and the passes over them
were a fifth to two fifths of a run's time on a 3 x 3 model.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """Hold off the cyclic garbage collector for the block (also a decorator).

    The collector is switched back on when the block ends, however it ends, if
    it was on when the block began; a caller that had switched it off keeps it
    off. Cycles made meanwhile are collected by the first pass after.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
