"""The compiled reverse search of :mod:`._rs_compiled` past 64-bit entries: residues in two words, checked by floats.

Each entry ``v`` of the dictionary is held twice: exactly modulo ``2**128`` as two
int64 words (``h * 2**64 + l``, ``l`` read unsigned: the two's complement of
``v`` in 128 bits) and approximately as a float. Entries stay below
:data:`CAP` in size (a pivot that would leave a larger one hands the walk to
Python integers), so the two words are the entry itself.

Every exact decision reduces to the sign of ``a * b - c * d``, or to the
quotient ``(a * p - f * r) / D`` of a pivot, which is known to be exact:

* the floats decide a sign when the difference is clearly larger than their
  rounding error; otherwise the difference is small (below ``2**127``), so its
  residue modulo ``2**128``, formed with wrapping word arithmetic, is the
  difference itself;
* the quotient is found modulo ``2**(128 - t)`` (``2**t`` the power of two in
  ``D``) by multiplying by the inverse of the odd part of ``D``, and the floats
  bound it well inside that range first.

The walk itself is :func:`._rs_compiled.run`'s: a dictionary, its depth and the
next column, with no stack.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._int128 import inverse

#: Status codes returned by :func:`run` (as :mod:`._rs_compiled`).
DONE, PAUSED, OVERFLOW = 0, 1, 2

#: Entries are kept below this size; products of two then stay where the floats and residues decide exactly.
CAP = 2.0**86

_M32 = 0xFFFFFFFF
_SIGN = -(2**63)
_TWO64 = 18446744073709551616.0
_ERR = 2.0**-48  # relative rounding error allowed for a float difference of two products


@njit(cache=True)
def _mulhi(a, b):
    """The high word of the unsigned 128-bit product of two words."""
    a0, a1 = a & _M32, (a >> 32) & _M32
    b0, b1 = b & _M32, (b >> 32) & _M32
    p00, p01, p10, p11 = a0 * b0, a0 * b1, a1 * b0, a1 * b1
    middle = ((p00 >> 32) & _M32) + (p01 & _M32) + (p10 & _M32)
    return p11 + ((p01 >> 32) & _M32) + ((p10 >> 32) & _M32) + ((middle >> 32) & _M32)


@njit(cache=True)
def _mul(ah, al, bh, bl):
    """``a * b`` modulo ``2**128``."""
    return _mulhi(al, bl) + ah * bl + al * bh, al * bl


@njit(cache=True)
def _sub(ah, al, bh, bl):
    """``a - b`` modulo ``2**128``."""
    low = al - bl
    borrow = 1 if (al ^ _SIGN) < (bl ^ _SIGN) else 0
    return ah - bh - borrow, low


@njit(cache=True)
def _neg(h, low):
    return (-h - 1, -low) if low != 0 else (-h, 0)


@njit(cache=True)
def to_float(h, low):
    """The value of the words ``(h, low)`` as a float (relative error below ``2**-51``)."""
    if h < 0:
        h, low = _neg(h, low)
        return -(h * _TWO64 + (low + _TWO64 if low < 0 else float(low)))
    return h * _TWO64 + (low + _TWO64 if low < 0 else float(low))


@njit(cache=True)
def _sign(h, low):
    if h < 0:
        return -1
    return 1 if h > 0 or low != 0 else 0


@njit(cache=True)
def compare(ah, al, af, bh, bl, bf, ch, cl, cf, dh, dl, df):
    """The sign of ``a * b - c * d``: -1, 0 or 1 (entries below :data:`CAP`)."""
    x, y = af * bf, cf * df
    diff = x - y
    err = _ERR * (abs(x) + abs(y))
    if diff > err:
        return 1
    if diff < -err:
        return -1
    uh, ul = _mul(ah, al, bh, bl)
    vh, vl = _mul(ch, cl, dh, dl)
    h, low = _sub(uh, ul, vh, vl)
    return _sign(h, low)


@njit(cache=True)
def _shift_down(h, low, t):
    """``(h, low) >> t`` (arithmetic), ``0 < t < 64``."""
    return h >> t, ((low >> t) & ((1 << (64 - t)) - 1)) | (h << (64 - t))


@njit(cache=True)
def _shift_up(h, low, t):
    """``(h, low) << t`` modulo ``2**128``, ``0 < t < 64``."""
    return (h << t) | ((low >> (64 - t)) & ((1 << t) - 1)), low << t


@njit(cache=True)
def divisor(dh, dl):
    """``(t, inverse high word, inverse low word)``: ``D = 2**t * odd``, the inverse of ``odd`` modulo ``2**128``.

    ``t`` is -1 when ``D`` has more than 40 factors of two (left to Python).
    """
    if dl == 0:
        return -1, 0, 0
    t = 0
    while not (dl >> t) & 1:
        t += 1
    if t > 40:  # the quotient's residue would no longer determine it below CAP
        return -1, 0, 0
    oh, ol = (dh, dl) if t == 0 else _shift_down(dh, dl, t)
    x = inverse(ol)  # right modulo 2**64; one Newton step makes it right modulo 2**128
    eh, el = _mul(oh, ol, 0, x)
    fh, fl = _sub(0, 2, eh, el)
    ih, il = _mul(0, x, fh, fl)
    return t, ih, il


@njit(cache=True)
def pivot_entry(ah, al, af, ph, pl, pf, fh, fl, ff, rh, rl, rf, Df, t, ih, il):
    """``(a * p - f * r) / D`` (exact), as ``(h, low, float, fits)``; ``fits`` is False past :data:`CAP`."""
    x, y = af * pf, ff * rf
    bound = (abs(x - y) + _ERR * (abs(x) + abs(y))) / Df * (1 + 2.0**-40)
    if bound >= CAP:
        return 0, 0, 0.0, False
    uh, ul = _mul(ah, al, ph, pl)
    vh, vl = _mul(fh, fl, rh, rl)
    h, low = _sub(uh, ul, vh, vl)
    if t:
        h, low = _shift_down(h, low, t)
    h, low = _mul(h, low, ih, il)
    if t:  # known modulo 2**(128 - t) only: extend the sign of bit 127 - t
        h, low = _shift_up(h, low, t)
        h, low = _shift_down(h, low, t)
    value = to_float(h, low)
    return h, low, value, abs(value) < CAP


@njit(cache=True)
def _leaving(H, L, F, s, k, d, column_of, row_of, alive):
    """Row leaving when column ``s`` enters (lexicographic minimum ratio), or -1 if none."""
    n = 0
    for i in range(k):
        if F[i, s] > 0:
            if n == 0:
                alive[0] = i
                n = 1
            else:
                b = alive[0]
                order = compare(H[i, d], L[i, d], F[i, d], H[b, s], L[b, s], F[b, s],
                                H[b, d], L[b, d], F[b, d], H[i, s], L[i, s], F[i, s])
                if order < 0:
                    alive[0] = i
                    n = 1
                elif order == 0:
                    alive[n] = i
                    n += 1
    if n == 0:
        return -1
    v = 0
    total = k + d
    while n > 1 and v < total:
        c = column_of[v]
        if c < 0:
            gone = row_of[v]
            kept = 0
            for q in range(n):
                if alive[q] != gone:
                    alive[kept] = alive[q]
                    kept += 1
            n = kept
        else:
            b = alive[0]
            kept = 1
            for q in range(1, n):
                r = alive[q]
                order = compare(H[r, c], L[r, c], F[r, c], H[b, s], L[b, s], F[b, s],
                                H[b, c], L[b, c], F[b, c], H[r, s], L[r, s], F[r, s])
                if order < 0:
                    b = r
                    alive[0] = r
                    kept = 1
                elif order == 0:
                    alive[kept] = r
                    kept += 1
            n = kept
        v += 1
    return alive[0]


@njit(cache=True)
def _pivot(H, L, F, NH, NL, NF, Dh, Dl, Df, basis, cobasis, column_of, row_of, r, s):
    """Pivot on ``(r, s)`` through scratch tables: ``(ok, new D as words and float)``; nothing changes unless ok."""
    k1, d1 = H.shape
    ph, pl, pf = H[r, s], L[r, s], F[r, s]
    t, ih, il = divisor(Dh, Dl)
    if t < 0:
        return False, Dh, Dl, Df
    same = ph == Dh and pl == Dl
    for i in range(k1):
        fh, fl, ff = H[i, s], L[i, s], F[i, s]
        if i == r or (ff == 0 and same):
            for j in range(d1):
                NH[i, j], NL[i, j], NF[i, j] = H[i, j], L[i, j], F[i, j]
            continue
        for j in range(d1):
            if j != s:
                h, low, value, fits = pivot_entry(H[i, j], L[i, j], F[i, j], ph, pl, pf, fh, fl, ff,
                                                  H[r, j], L[r, j], F[r, j], Df, t, ih, il)
                if not fits:
                    return False, Dh, Dl, Df
                NH[i, j], NL[i, j], NF[i, j] = h, low, value
        NH[i, s], NL[i, s] = _neg(fh, fl)
        NF[i, s] = -ff
    NH[r, s], NL[r, s], NF[r, s] = Dh, Dl, Df
    negate = pf < 0
    for i in range(k1):
        for j in range(d1):
            if negate:
                H[i, j], L[i, j] = _neg(NH[i, j], NL[i, j])
                F[i, j] = -NF[i, j]
            else:
                H[i, j], L[i, j], F[i, j] = NH[i, j], NL[i, j], NF[i, j]
    if negate:
        ph, pl = _neg(ph, pl)
        pf = -pf
    leaving, entering = basis[r], cobasis[s]
    basis[r], cobasis[s] = entering, leaving
    column_of[leaving], row_of[leaving] = s, -1
    column_of[entering], row_of[entering] = -1, r
    return True, ph, pl, pf


@njit(cache=True)
def _child_row(H, L, F, s, k, d, basis, cobasis, column_of, row_of, alive):
    """The row of the pivot from this dictionary to a child through column ``s``, or -1."""
    if F[k, s] <= 0:
        return -1
    r = _leaving(H, L, F, s, k, d, column_of, row_of, alive)
    if r < 0:
        return -1
    leaving = basis[r]
    for j in range(d):
        if j != s and cobasis[j] < leaving and compare(H[k, j], L[k, j], F[k, j], H[r, s], L[r, s], F[r, s],
                                                       H[k, s], L[k, s], F[k, s], H[r, j], L[r, j], F[r, j]) < 0:
            return -1
    return r


@njit(cache=True)
def _is_lexmin(F, k, d, basis, cobasis):
    for i in range(k):
        if F[i, d] == 0:
            b = basis[i]
            for j in range(d):
                if F[i, j] != 0 and cobasis[j] < b:
                    return False
    return True


@njit(cache=True)
def run(H, L, F, D, state, basis, cobasis, column_of, row_of, out_basis, out_h, out_l, out_Dh, out_Dl, max_pivots):
    """Walk on from ``D = [high word, low word]`` and ``state = [depth, next column]``; all arrays change in place.

    Returns ``(status, count)`` as :func:`._rs_compiled.run`; the vertices'
    right-hand sides and determinants come as words (``out_h``, ``out_l``,
    ``out_Dh``, ``out_Dl``). On :data:`OVERFLOW` the state is as it was before
    the pivot that would have left an entry past :data:`CAP`.
    """
    k = H.shape[0] - 1
    d = H.shape[1] - 1
    Dh, Dl = D[0], D[1]
    Df = to_float(Dh, Dl)
    depth, j = state[0], state[1]
    alive = np.empty(max(k, 1), np.int64)
    NH, NL, NF = np.empty_like(H), np.empty_like(L), np.empty_like(F)
    cap = out_basis.shape[0]
    count = 0
    pivots = 0
    status = DONE
    while True:
        if pivots >= max_pivots or count == cap:
            status = PAUSED
            break
        if j < d:
            r = _child_row(H, L, F, j, k, d, basis, cobasis, column_of, row_of, alive)
            if r < 0:
                j += 1
                continue
            ok, Dh, Dl, Df = _pivot(H, L, F, NH, NL, NF, Dh, Dl, Df, basis, cobasis, column_of, row_of, r, j)
            if not ok:
                status = OVERFLOW
                break
            depth += 1
            j = 0
            pivots += 1
            if _is_lexmin(F, k, d, basis, cobasis):
                for i in range(k):
                    out_basis[count, i] = basis[i]
                    out_h[count, i] = H[i, d]
                    out_l[count, i] = L[i, d]
                out_Dh[count] = Dh
                out_Dl[count] = Dl
                count += 1
        else:
            if depth == 0:
                break
            s = -1
            for c in range(d):
                if F[k, c] < 0 and (s < 0 or cobasis[c] < cobasis[s]):
                    s = c
            r = _leaving(H, L, F, s, k, d, column_of, row_of, alive)
            ok, Dh, Dl, Df = _pivot(H, L, F, NH, NL, NF, Dh, Dl, Df, basis, cobasis, column_of, row_of, r, s)
            if not ok:
                status = OVERFLOW
                break
            depth -= 1
            j = s + 1
            pivots += 1
    D[0], D[1] = Dh, Dl
    state[0], state[1] = depth, j
    return status, count


_MASK = 2**64 - 1


def words(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Python integers below :data:`CAP` in size as ``(high words, low words, floats)``, arrays of their shape."""
    flat = [int(v) for v in np.asarray(values, dtype=object).ravel().tolist()]
    shape = np.shape(values)
    high = np.array([v >> 64 for v in flat], dtype=np.int64).reshape(shape)
    low = np.array([(v & _MASK) - (1 << 64) if v & (1 << 63) else v & _MASK for v in flat],
                   dtype=np.int64).reshape(shape)
    return high, low, np.array([float(v) for v in flat], dtype=np.float64).reshape(shape)


def integers(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """The Python integers of words, as an object array of their shape."""
    return high.astype(object) * (1 << 64) + (low.astype(object) & _MASK)
