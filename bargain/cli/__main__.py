"""``python -m bargain.cli``: the same as the ``bargain`` console script."""

from bargain.cli import main

main()
