// Reading and writing the `spiffworkflow:` extension elements SpiffWorkflow reads (see
// ../spiffworkflow.json), through bpmn-js's modeling so that every change can be undone.
import { is } from "bpmn-js/lib/util/ModelUtil";

export function extensionOf(owner, type) {
  const values = (owner && owner.extensionElements && owner.extensionElements.values) || [];
  return values.find((value) => is(value, type));
}

/** The value of `<spiffworkflow:property name="…">` (form, milestone, due, owner, data_key, …). */
export function spiffProperty(owner, name) {
  const properties = extensionOf(owner, "spiffworkflow:Properties");
  const found = properties && (properties.values || []).find((p) => p.name === name);
  return (found && found.value) || "";
}

/** The text of a body-only extension (instructionsForEndUser, calledDecisionId, messageVariable, …). */
export function spiffText(owner, type) {
  const found = extensionOf(owner, type);
  return (found && found.value) || "";
}

export class Extensions {
  constructor(element, { bpmnFactory, modeling }) {
    this.element = element;
    this.factory = bpmnFactory;
    this.modeling = modeling;
  }

  update(target, properties) {
    this.modeling.updateModdleProperties(this.element, target, properties);
  }

  create(type, attrs, parent) {
    const created = this.factory.create(type, attrs);
    created.$parent = parent;
    return created;
  }

  container(owner) {
    if (!owner.extensionElements) {
      this.update(owner, { extensionElements: this.create("bpmn:ExtensionElements", { values: [] }, owner) });
    }
    return owner.extensionElements;
  }

  add(parent, list, item) {
    this.update(parent, { [list]: [...(parent.get(list) || []), item] });
  }

  remove(parent, list, item) {
    this.update(parent, { [list]: (parent.get(list) || []).filter((x) => x !== item) });
  }

  /** Set (or, with an empty value, remove) `<spiffworkflow:property name value>`. */
  setProperty(owner, name, value) {
    let properties = extensionOf(owner, "spiffworkflow:Properties");
    const found = properties && (properties.values || []).find((p) => p.name === name);
    if (!value) {
      if (found) this.remove(properties, "values", found);
      return;
    }
    if (found) return this.update(found, { value });
    if (!properties) {
      const container = this.container(owner);
      properties = this.create("spiffworkflow:Properties", { values: [] }, container);
      this.add(container, "values", properties);
    }
    this.add(properties, "values", this.create("spiffworkflow:Property", { name, value }, properties));
  }

  /** Set (or, with an empty value, remove) a body-only extension element of `type`. */
  setText(owner, type, value) {
    const found = extensionOf(owner, type);
    if (!value) {
      if (found) this.remove(owner.extensionElements, "values", found);
      return;
    }
    if (found) return this.update(found, { value });
    const container = this.container(owner);
    this.add(container, "values", this.create(type, { value }, container));
  }
}
