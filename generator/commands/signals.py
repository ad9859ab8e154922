"""Ctrl-C and SIGTERM: a command stops, cleans up, and exits 130 or 143.

The handler raises Stopped in the main thread wherever it is; Stopped derives from BaseException,
so no `except Exception` swallows it, and every `with` on the way out does its cleanup: the render
pool kills its workers, the output tree removes its staging folder and releases its lock. While
that runs, further Ctrl-Cs are ignored, so a second press cannot cut the cleanup short.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

from generator.errors import GeneratorError

NAMES: dict[int, str] = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}


class Stopped(BaseException):
    """A signal asked the command to stop."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class Interrupted(GeneratorError):
    """Stopped by Ctrl-C: exit 130 (128 + SIGINT), as shells report it."""

    exit_code = 128 + signal.SIGINT

    def __init__(self, signum: int, what: str):
        super().__init__(f"stopped by {NAMES.get(signum, f'signal {signum}')}: {what}")


class Terminated(Interrupted):
    """Stopped by SIGTERM: exit 143 (128 + SIGTERM)."""

    exit_code = 128 + signal.SIGTERM


def _raise_stopped(signum, frame) -> None:
    for number in NAMES:
        signal.signal(number, signal.SIG_IGN)  # the cleanup on the way out runs to its end
    raise Stopped(signum)


@contextlib.contextmanager
def stop_on_signals(what: str) -> Iterator[None]:
    """Turn Ctrl-C and SIGTERM into Interrupted (saying `what` was left) after the cleanup ran.

    A signal the command was started with ignored (a shell's background job) stays ignored."""
    previous = {number: signal.getsignal(number) for number in NAMES}
    for number, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(number, _raise_stopped)
    try:
        yield
    except Stopped as stop:
        raise (Terminated if stop.signum == signal.SIGTERM else Interrupted)(stop.signum, what) from None
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
