"""Connecting to a dask scheduler: fail fast, with one clear sentence, when nothing answers as one.

Before a ``distributed.Client`` is made, the address is checked in two short
steps: a plain TCP connection (a closed port fails at once), then dask's own
handshake with a time limit, run in a thread of its own so that it works
under a running event loop too. Whatever goes wrong -- a refused or silent
port, a service speaking another protocol (whose bytes dask would read as a
message length of exabytes) -- becomes a :class:`SensitivityError` naming the
address.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from .options import SensitivityError

#: Seconds allowed for the TCP connection, and for dask's handshake.
CONNECT_TIMEOUT = 3.0
HANDSHAKE_TIMEOUT = 5.0


def address_parts(address: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` of a scheduler address such as ``tcp://127.0.0.1:8786``.

    >>> address_parts("tcp://127.0.0.1:8786")
    ('tcp', '127.0.0.1', 8786)
    """
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        raise SensitivityError(f"{address!r} is not a scheduler address such as tcp://127.0.0.1:8786") from None
    if not parts.scheme or not parts.hostname:
        raise SensitivityError(f"{address!r} is not a scheduler address such as tcp://127.0.0.1:8786")
    return parts.scheme, parts.hostname, port


def check_port(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Open and close a TCP connection to ``address``; a refused, unreachable or silent port is an error.

    >>> check_port("tcp://127.0.0.1:1")
    Traceback (most recent call last):
    ...
    bargain.sensitivity.options.SensitivityError: no dask scheduler at tcp://127.0.0.1:1: connection refused
    """
    scheme, host, port = address_parts(address)
    if scheme not in ("tcp", "tls") or port is None:
        return  # other transports (ucx, inproc) are left to dask
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except ConnectionRefusedError:
        raise SensitivityError(f"no dask scheduler at {address}: connection refused") from None
    except TimeoutError:
        raise SensitivityError(f"no dask scheduler at {address}: no answer within {timeout:g} s") from None
    except OSError as error:
        raise SensitivityError(f"no dask scheduler at {address}: {error.strerror or error}") from None


def check_handshake(address: str, timeout: float = HANDSHAKE_TIMEOUT) -> None:
    """Run dask's connection handshake with ``address`` once, within ``timeout`` seconds.

    Any failure -- including a service that answers in another protocol -- is a
    :class:`SensitivityError`.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from distributed.comm import connect

    async def handshake() -> None:
        comm = await connect(address, timeout=timeout)
        await comm.close()

    def run() -> None:
        asyncio.run(asyncio.wait_for(handshake(), timeout))

    with ThreadPoolExecutor(max_workers=1) as thread:
        try:
            thread.submit(run).result()
        except TimeoutError:
            raise SensitivityError(
                f"the service at {address} did not answer as a dask scheduler within {timeout:g} s"
            ) from None
        except MemoryError:  # another protocol's bytes read as the length of a dask message
            raise SensitivityError(
                f"the service at {address} does not speak the dask protocol (its answer is not a dask message)"
            ) from None
        except Exception as error:  # noqa: BLE001 - whatever the peer sent, the answer is the same sentence
            detail = " ".join(str(error).split())[:120] or type(error).__name__
            raise SensitivityError(f"the service at {address} does not speak the dask protocol ({detail})") from None


def connect_client(address: str):
    """A ``distributed.Client`` for the scheduler at ``address``, after checking that one answers there."""
    try:
        from distributed import Client
    except ImportError:
        raise SensitivityError("a dask scheduler address needs dask.distributed: pip install dask[distributed]") \
            from None
    check_port(address)
    check_handshake(address)
    try:
        return Client(address, timeout="10s", set_as_default=False)
    except Exception as error:  # noqa: BLE001 - one sentence, never a traceback
        raise SensitivityError(f"cannot use the dask scheduler at {address}: {error}") from None


__all__ = ["CONNECT_TIMEOUT", "HANDSHAKE_TIMEOUT", "address_parts", "check_handshake", "check_port",
           "connect_client"]
