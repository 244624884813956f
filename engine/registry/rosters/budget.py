"""The time one step of reading a roster may take: opening the file, or reading one batch of rows.

The readers call ``check`` for each row (and each shared string) they pass, so a file crafted to
keep them busy — a vast gap of empty rows, a huge shared-strings table — stops within the budget
instead of holding a server thread for ever.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

#: a step of a real roster (1,000 rows) takes well under a second on the 2-core machine
STEP_SECONDS = 30.0


class OutOfTime(Exception):
    """A step took longer than its budget."""

    def __init__(self, seconds: float):
        super().__init__(f"reading took longer than {seconds:g} s")
        self.seconds = seconds


class Budget:
    """``seconds`` for each step, from ``restart`` on; ``check`` raises ``OutOfTime`` past it."""

    def __init__(self, seconds: float = STEP_SECONDS, monotonic: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self._monotonic = monotonic
        self._until = math.inf

    def restart(self) -> None:
        self._until = self._monotonic() + self.seconds

    def check(self) -> None:
        if self._monotonic() > self._until:
            raise OutOfTime(self.seconds)
