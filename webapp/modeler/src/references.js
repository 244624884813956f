// SpiffWorkflow reads `loopDataInputRef`/`loopDataOutputRef` as the name of a case variable, where
// BPMN expects the id of an element; bpmn-moddle warns "unresolved reference" and would drop them
// on export. A stand-in element carrying the name as its id writes them back unchanged.
export function keepUnresolvedReferences(moddle, warnings) {
  for (const warning of warnings || []) {
    const { element, property, value } = warning;
    if (!element || !property || !/^unresolved reference/.test(warning.message || "")) continue;
    const descriptor = element.$descriptor.propertiesByName[property];
    if (!descriptor) continue;
    const standIn = moddle.create("bpmn:Property", { id: value, name: value });
    if (descriptor.isMany) element.get(descriptor.name).push(standIn);
    else element.set(descriptor.name, standIn);
  }
}

// The reference's text as SpiffWorkflow reads it (a variable name), or "".
export function referenceName(ref) {
  return (ref && ref.id) || "";
}
