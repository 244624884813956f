"""Lay out hand-written BPMN files: give them a tidy diagram (BPMN DI) for bpmn-js / Camunda Modeler.

``python -m tools.bpmn_layout processes/*.bpmn`` rewrites the files in place; ``--check`` only
lists those whose diagram is missing or out of date.
"""

from .document import has_diagram, layout
from .model import LayoutError
from .ordering import reordered_choices

__all__ = ["LayoutError", "has_diagram", "layout", "reordered_choices"]
