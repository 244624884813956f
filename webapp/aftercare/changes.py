"""(to be written)"""

from __future__ import annotations

from .blueprint import bp  # noqa: F401
