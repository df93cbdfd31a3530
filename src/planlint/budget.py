"""A time budget for plugin code, and telling a plugin's KeyboardInterrupt from the user's.

A rule runs in the linting process (no thread can be killed safely), so the
budget is a SIGALRM timer (``signal.setitimer``): when it fires, the rule is
interrupted with :class:`OverBudget`, a BaseException that a rule's own
``except Exception`` does not swallow. Where there is no such timer (Windows)
or outside the main thread, rules run without a budget.

While rules run, SIGINT is watched too: a KeyboardInterrupt raised by a rule
while the user pressed nothing is a plugin bug (reported like a crash); one
after a real Ctrl-C stops the run as usual.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class OverBudget(BaseException):
    """The running rule used up its time."""


class Budget:
    """``with Budget(seconds) as budget: budget.run(call)``; 0 seconds: no limit."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.interrupted = False  # the user pressed Ctrl-C
        self._active = False
        self._saved: dict = {}

    @property
    def enforced(self) -> bool:
        return self._active and self.seconds > 0

    def __enter__(self) -> Budget:
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self._saved = {
                signal.SIGALRM: signal.signal(signal.SIGALRM, self._alarm),
                signal.SIGINT: signal.signal(signal.SIGINT, self._interrupt),
            }
            self._active = True
        return self

    def __exit__(self, *exc) -> None:
        if self._active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            for signum, handler in self._saved.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
            self._active = False

    def _alarm(self, signum, frame) -> None:
        raise OverBudget()

    def _interrupt(self, signum, frame) -> None:
        self.interrupted = True
        raise KeyboardInterrupt

    def run(self, call: Callable[[], T]) -> T:
        """``call()``, interrupted with OverBudget after the budget's seconds."""
        if not self.enforced:
            return call()
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            return call()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
