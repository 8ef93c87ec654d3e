"""How long hostile inputs take to be refused: huge or deeply nested files, huge powers, deep expressions.

Run with ``python tests/benchmarks/bench_refusals.py``. Each refusal should take well under a
second; the unit tests check that each input is refused, this script how fast (wall-clock
limits do not belong in unit tests, where a loaded machine makes them flaky).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bargain.errors import BargainError
from bargain.model import load_model
from bargain.model.expr import evaluate, parse_expression


def timed(label: str, action) -> None:
    start = time.perf_counter()
    try:
        action()
    except BargainError as error:
        outcome = f"refused: {str(error)[:60]}"
    else:
        outcome = "NOT refused"
    print(f"{time.perf_counter() - start:8.4f} s  {label:40s} {outcome}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        huge = Path(folder) / "huge.toml"
        with huge.open("wb") as handle:
            for _ in range(50):
                handle.write(b'x = "' + b"a" * (1 << 20) + b'"\n')
        timed("a 50 MB model file", lambda: load_model(huge))
        nested = Path(folder) / "nested.toml"
        nested.write_text("a = " + "[" * 200_000 + "]" * 200_000 + "\n")
        timed("TOML nested 200,000 deep", lambda: load_model(nested))
    for text in ("9**9**9", "10 ** 10000", "(9**9)**(9**9)"):
        timed(f"evaluate {text}", lambda text=text: evaluate(text, {}))
    for label, text in [("10,000 parentheses", "(" * 10_000 + "1" + ")" * 10_000),
                        ("10,000 unary minus", "-" * 10_000 + "1"),
                        ("10,000 additions", "+".join(["1"] * 10_000))]:
        timed(label, lambda text=text: parse_expression(text, names={}))


if __name__ == "__main__":
    main()
