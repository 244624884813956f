"""Versions of a deployed process side by side: what changed between two (``diff``), and moving
running cases from one to the next (``migration``), on SpiffWorkflow's ``bpmn.util.diff``."""
