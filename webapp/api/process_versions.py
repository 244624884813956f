"""A process's versions over the API: list, files (the exact bytes deployed), diff."""
