"""管理费用年度拨付 — the management fee after a county's hand-over: a cycle per county, one case a
year (``management_fee``), its instalments due on their own dates (六(二)2)."""

from engine.fees.cycles import LISTENER, FeeCycle, FeeYear, open_due_years

__all__ = ["LISTENER", "FeeCycle", "FeeYear", "open_due_years"]
