"""Case diagrams (流程图): a BPMN file's diagram drawn as SVG from its diagram interchange, coloured
by where a case stands — no JavaScript, no modeler.

``render`` draws any laid-out file; ``CaseDiagrams`` (and ``case_diagram``/``case_marks``) draw a
case's, on the definition version it runs.
"""

from engine.diagram.case import CaseDiagrams, DrillDown, case_diagram, case_marks
from engine.diagram.document import NoDiagram
from engine.diagram.svg import STATES, render

__all__ = ["STATES", "CaseDiagrams", "DrillDown", "NoDiagram", "case_diagram", "case_marks", "render"]
