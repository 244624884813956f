"""Moving running cases to a newer version: a preview per case, then one audited action."""
