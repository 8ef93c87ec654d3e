"""Run the ``bargain`` console entry point inside a test."""

from __future__ import annotations

from bargain.cli import main


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """Call the console entry point; return (exit status, stdout, stderr)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code or 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err
