"""What changed between two deployed versions of a process (elements added, removed, changed)."""
