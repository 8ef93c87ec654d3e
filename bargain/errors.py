"""One family of exceptions for everything ``bargain`` rejects.

Every message is meant to stand on one line in front of a user: it names the
file (when there is one), the field or line, and what is wrong with it.
"""

from __future__ import annotations


class BargainError(Exception):
    """Base class of every error ``bargain`` raises on purpose."""

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None):
        self.source = source
        self.where = where
        self.detail = message
        super().__init__(self._compose())

    def _compose(self) -> str:
        prefix = ": ".join(part for part in (self.source, self.where) if part)
        return f"{prefix}: {self.detail}" if prefix else self.detail


class GameError(BargainError, ValueError):
    """A game is malformed: shapes disagree, payoffs are not finite, labels clash."""


class SolverError(BargainError):
    """A solver was asked for something it cannot do (unknown method, wrong game kind)."""


class ModelError(BargainError, ValueError):
    """A model file or a parameter override is malformed."""


class FormatError(BargainError, ValueError):
    """A game file (for example Gambit ``.nfg``) cannot be parsed."""


class SourceError(BargainError):
    """A citation does not match the article it cites."""


class SequentialError(BargainError, ValueError):
    """A game tree is malformed: unknown player, clashing labels, bad probabilities."""
