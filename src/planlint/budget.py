"""A time budget for plugin code, and telling a plugin's KeyboardInterrupt from the user's.

A rule runs in the linting process (no thread can be killed safely), so the
budget is a SIGALRM timer (``signal.setitimer``): when it fires, the rule is
interrupted with :class:`OverBudget`, a BaseException that a rule's own
``except Exception`` does not swallow. Where there is no such timer (Windows)
or outside the main thread, rules run without a budget.

The timer is set once for a file's rules, not around each one (two system calls
per rule were 3% of a run): each rule notes its own deadline, and a timer that
fires before the running rule's deadline (it was set for an earlier rule) is set
again for what that rule has left; one that fires between rules does nothing.

While rules run, SIGINT is watched too: a KeyboardInterrupt raised by a rule
while the user pressed nothing is a plugin bug (reported like a crash); one
after a real Ctrl-C stops the run as usual.
"""

from __future__ import annotations

import signal
import threading
import time
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
        self._armed = False  # the timer is set
        self._deadline: float | None = None  # the running rule's, on the monotonic clock

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
            self._armed, self._deadline = False, None
            for signum, handler in self._saved.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
            self._active = False

    def _alarm(self, signum, frame) -> None:
        self._armed = False
        if self._deadline is None:
            return  # between rules: the next one sets the timer again
        left = self._deadline - time.monotonic()
        if left > 0:  # set for an earlier rule: this one still has time
            signal.setitimer(signal.ITIMER_REAL, left)
            self._armed = True
            return
        raise OverBudget()

    def _interrupt(self, signum, frame) -> None:
        self.interrupted = True
        raise KeyboardInterrupt

    def run(self, call: Callable[[], T]) -> T:
        """``call()``, interrupted with OverBudget after the budget's seconds."""
        if not self.enforced:
            return call()
        self._deadline = time.monotonic() + self.seconds
        if not self._armed:
            self._armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            return call()
        finally:
            self._deadline = None
