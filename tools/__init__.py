"""Tools for process designers, run from the repository root (``python -m tools.<name>``)."""
