"""The designer's modeler (bpmn-js, dmn-js): edit, validate and deploy a process in the browser."""
