"""督办 — the campaign's progress against its milestones, counted in milestone units."""
