"""(to be written)"""

from __future__ import annotations

from collections.abc import Callable

from engine.registry.steps import Step

#: what completing a task records (``engine.procedures.Step.record`` → the function)
RECORDS: dict[str, Callable[[Step], None]] = {}
