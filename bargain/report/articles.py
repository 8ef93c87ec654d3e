"""Where a cited quote sits in its article, so the page can show it in context.

The page carries an excerpt around each quote (its paragraph, with the one
before and the one after), not whole articles. A quote is matched the way
:mod:`bargain.sources` checks it: after typographic quotes and dashes are made
plain and whitespace runs collapsed, in both the quote and the article. The
match is then mapped back to the article's own characters, so the page can
highlight the very words of the original text.

>>> locate("a  “big” share", "It was a\\n“big” share of it.")
(7, 20)
>>> locate("not there", "It was a big share.") is None
True
"""

from __future__ import annotations

from ..model.sources import normalise


def _normalised_with_index(text: str) -> tuple[str, list[int]]:
    """``text`` normalised as :func:`bargain.sources.normalise` does, and each kept character's index in ``text``."""
    chars: list[str] = []
    where: list[int] = []
    for k, c in enumerate(text):
        if not c.isspace():
            c = normalise(c)  # one character in, one out: typographic quotes and dashes made plain
        if c.isspace():
            if not chars or chars[-1] == " ":
                continue
            c = " "
        chars.append(c)
        where.append(k)
    while chars and chars[-1] == " ":
        chars.pop()
        where.pop()
    return "".join(chars), where


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """``(start, end)`` of the first occurrence of ``quote`` in ``text``, or None when it does not occur.

    Offsets index ``text`` itself (Python string indices); ``text[start:end]``
    is the quoted passage as the article prints it.

    >>> text = "China’s share is “over 90%”."
    >>> start, end = locate('share is "over 90%"', text)
    >>> text[start:end]
    'share is “over 90%”'
    """
    wanted = normalise(quote)
    if not wanted:
        return None
    flat, where = _normalised_with_index(text)
    k = flat.find(wanted)
    if k < 0:
        return None
    return where[k], where[k + len(wanted) - 1] + 1


def context(text: str, span: tuple[int, int], width: int = 160) -> str:
    """The quote with up to ``width`` characters either side, on one line, cut at word boundaries.

    >>> context("one two three four five six", (8, 13), width=6)
    '… two three four …'
    """
    start, end = span
    before, after = text[max(0, start - width):start], text[end:end + width]
    if start - width > 0 and " " in before:
        before = "… " + before.split(" ", 1)[1]
    if end + width < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + " …"
    return " ".join((before + text[start:end] + after).split())


def excerpt(text: str, span: tuple[int, int], width: int = 900) -> tuple[str, int, int]:
    """The paragraph holding ``text[start:end]`` with the paragraphs either side, and the quote's place in it.

    Paragraphs are lines. At most ``width`` characters are kept on each side of
    the quote; a cut is made at a space and marked with "…".

    >>> text = "First line.\\nSecond, with the quote.\\nThird line.\\nFourth line."
    >>> start = text.index("the quote")
    >>> piece, a, b = excerpt(text, (start, start + 9))
    >>> piece
    'First line.\\nSecond, with the quote.\\nThird line.'
    >>> piece[a:b]
    'the quote'
    """
    start, end = span
    lo = text.rfind("\n", 0, start)
    lo = text.rfind("\n", 0, lo) + 1 if lo > 0 else 0
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else text.find("\n", hi + 1)
    hi = len(text) if hi < 0 else hi
    prefix, suffix = "", ""
    if start - lo > width:
        cut = text.find(" ", start - width, start)
        lo, prefix = (cut + 1 if cut >= 0 else start - width), "… "
    if hi - end > width:
        cut = text.rfind(" ", end, end + width)
        hi, suffix = (cut if cut >= 0 else end + width), " …"
    piece = prefix + text[lo:hi].strip("\n") + suffix
    shift = len(prefix) - (len(text[lo:hi]) - len(text[lo:hi].lstrip("\n"))) - lo
    return piece, start + shift, end + shift
