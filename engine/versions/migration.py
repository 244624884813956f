"""Moving running cases of a process from one deployed version to another: preview, then apply."""
