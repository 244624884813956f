"""A procedure's versions: who deployed each, its cases, its diagram, its files, the diff between two."""
