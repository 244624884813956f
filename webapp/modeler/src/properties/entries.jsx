// The entries of the "Yijiao" group: what this engine reads from a BPMN element, each bound to the
// element's XML through ./extensions.js. Each entry object carries what its component needs (the
// properties panel passes the entry's fields as props); labels come from the page, translated.
import {
  SelectEntry,
  TextAreaEntry,
  TextFieldEntry,
  isSelectEntryEdited,
  isTextAreaEntryEdited,
  isTextFieldEntryEdited,
} from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { getBusinessObject, is } from "bpmn-js/lib/util/ModelUtil";

import { FORM_KEY } from "../forms.js";
import { referenceName } from "../references.js";
import { Extensions, spiffProperty, spiffText } from "./extensions.js";

function useExtensions(element) {
  return new Extensions(element, { bpmnFactory: useService("bpmnFactory"), modeling: useService("modeling") });
}

function withCurrent(options, current, texts) {
  const list = [{ value: "", label: texts.none }, ...options];
  if (current && !options.some((o) => o.value === current)) list.push({ value: current, label: current });
  return list;
}

const trimmed = (value) => (value || "").trim();

// -- spiffworkflow:property name="…" ---------------------------------------------------------------

function PropertyField({ element, id, label, description, name }) {
  const extensions = useExtensions(element);
  const target = getBusinessObject(element);
  return (
    <TextFieldEntry
      element={element} id={id} label={label} description={description}
      debounce={useService("debounceInput")}
      getValue={() => spiffProperty(target, name)}
      setValue={(value) => extensions.setProperty(target, name, trimmed(value))}
    />
  );
}

function PropertySelect({ element, id, label, name, options, texts }) {
  const extensions = useExtensions(element);
  const target = getBusinessObject(element);
  return (
    <SelectEntry
      element={element} id={id} label={label}
      getValue={() => spiffProperty(target, name)}
      setValue={(value) => extensions.setProperty(target, name, value)}
      getOptions={() => withCurrent(options, spiffProperty(target, name), texts)}
    />
  );
}

function property(element, texts, name, options) {
  if (options) {
    return {
      id: `yijiao-${name}-select`, element, name, options, texts, label: texts[`${name}Select`],
      component: PropertySelect, isEdited: isSelectEntryEdited,
    };
  }
  return {
    id: `yijiao-${name}`, element, name, label: texts[name], description: texts[`${name}Hint`],
    component: PropertyField, isEdited: isTextFieldEntryEdited,
  };
}

// -- the form's actions: preview, edit or create it in the form editor (../forms.js) ---------------

function FormActions({ element, id, context }) {
  const target = getBusinessObject(element);
  const key = spiffProperty(target, "form");
  const editor = context.formEditor;
  const texts = editor.texts;
  const eventBus = useService("eventBus");
  const create = () => {
    editor.create(key, target.name || key);
    eventBus.fire("elements.changed", { elements: [element] }); // now it offers preview and edit
  };
  const action = (name, run) => (
    <button type="button" class="secondary" key={name} data-form-action={name} onClick={run}>{texts[name]}</button>
  );
  let content = null;
  if (key && !FORM_KEY.test(key)) content = <span class="bio-properties-panel-description">{texts.badKey}</span>;
  else if (key && editor.has(key)) {
    content = [action("preview", () => editor.open(key, "preview")), action("edit", () => editor.open(key, "edit"))];
  } else if (key) content = action("create", create);
  return <div class="bio-properties-panel-entry yijiao-form-actions" data-entry-id={id}>{content}</div>;
}

// -- body-only extension elements (instructions, scripts, message variable, decision) ------------

function TextExtension({ element, id, label, description, type, owner, area }) {
  const extensions = useExtensions(element);
  const target = owner || getBusinessObject(element);
  const common = {
    element, id, label, description,
    debounce: useService("debounceInput"),
    getValue: () => spiffText(target, type),
  };
  if (area) {
    return <TextAreaEntry {...common} rows={4} setValue={(value) => extensions.setText(target, type, value || "")} />;
  }
  return <TextFieldEntry {...common} setValue={(value) => extensions.setText(target, type, trimmed(value))} />;
}

function textExtension(element, id, type, label, { owner, area, description } = {}) {
  return {
    id, element, type, label, owner, area, description,
    component: TextExtension, isEdited: area ? isTextAreaEntryEdited : isTextFieldEntryEdited,
  };
}

const DECISION = "spiffworkflow:CalledDecisionId";

function DecisionSelect({ element, id, label, context }) {
  const extensions = useExtensions(element);
  const target = getBusinessObject(element);
  return (
    <SelectEntry
      element={element} id={id} label={label}
      getValue={() => spiffText(target, DECISION)}
      setValue={(value) => extensions.setText(target, DECISION, value)}
      getOptions={() => withCurrent(context.decisions(), spiffText(target, DECISION), context.texts)}
    />
  );
}

// -- plain BPMN attributes and expressions ----------------------------------------------------------

function CalledProcessSelect({ element, id, label, context }) {
  const modeling = useService("modeling");
  const target = getBusinessObject(element);
  return (
    <SelectEntry
      element={element} id={id} label={label}
      getValue={() => target.get("calledElement") || ""}
      setValue={(value) => modeling.updateModdleProperties(element, target, { calledElement: value || undefined })}
      getOptions={() => withCurrent(context.processes(), target.get("calledElement"), context.texts)}
    />
  );
}

function AttributeField({ element, id, label, target, attribute }) {
  const modeling = useService("modeling");
  return (
    <TextFieldEntry
      element={element} id={id} label={label}
      debounce={useService("debounceInput")}
      getValue={() => target.get(attribute) || ""}
      setValue={(value) => modeling.updateModdleProperties(element, target, { [attribute]: trimmed(value) || undefined })}
    />
  );
}

// the text of a script (a string) or of a bpmn:FormalExpression (conditions)
function ExpressionArea({ element, id, label, description, target, attribute, rows }) {
  const modeling = useService("modeling");
  const bpmnFactory = useService("bpmnFactory");
  const read = () => {
    const value = target.get(attribute);
    return (value && typeof value === "object" ? value.body : value) || "";
  };
  const write = (text) => {
    let value = text || undefined;
    if (value && attribute !== "script") {
      value = bpmnFactory.create("bpmn:FormalExpression", { body: text });
      value.$parent = target;
    }
    modeling.updateModdleProperties(element, target, { [attribute]: value });
  };
  return (
    <TextAreaEntry
      element={element} id={id} label={label} description={description} rows={rows || 3} monospace
      debounce={useService("debounceInput")} getValue={read} setValue={write}
    />
  );
}

// -- the lane's role: kept by the page and sent with validate/deploy as lane_roles -------------------

function LaneRole({ element, id, label, context }) {
  const eventBus = useService("eventBus");
  return (
    <SelectEntry
      element={element} id={id} label={label}
      getValue={() => context.laneRoles.roleOf(element)}
      setValue={(role) => {
        context.laneRoles.set(element, role);
        eventBus.fire("elements.changed", { elements: [element] });
      }}
      getOptions={() => [{ value: "", label: context.texts.none }, ...context.roles]}
    />
  );
}

// -- timers: the expression is Python (a quoted "PT1H", or a variable) ----------------------------

const TIMER_KINDS = ["timeDuration", "timeDate", "timeCycle"];

function timerKindOf(definition) {
  return TIMER_KINDS.find((kind) => definition.get(kind)) || "";
}

function formal(bpmnFactory, definition, body) {
  const expression = bpmnFactory.create("bpmn:FormalExpression", { body });
  expression.$parent = definition;
  return expression;
}

function TimerKind({ element, id, label, definition, context }) {
  const modeling = useService("modeling");
  const bpmnFactory = useService("bpmnFactory");
  return (
    <SelectEntry
      element={element} id={id} label={label}
      getValue={() => timerKindOf(definition)}
      setValue={(kind) => {
        const current = timerKindOf(definition);
        if (kind === current) return;
        const change = Object.fromEntries(TIMER_KINDS.map((k) => [k, undefined]));
        if (kind) change[kind] = current ? definition.get(current) : formal(bpmnFactory, definition, "");
        modeling.updateModdleProperties(element, definition, change);
      }}
      getOptions={() => [
        { value: "", label: context.texts.none },
        ...TIMER_KINDS.map((k) => ({ value: k, label: context.texts[k] })),
      ]}
    />
  );
}

function TimerExpression({ element, id, label, description, definition }) {
  const modeling = useService("modeling");
  const bpmnFactory = useService("bpmnFactory");
  return (
    <TextFieldEntry
      element={element} id={id} label={label} description={description}
      debounce={useService("debounceInput")}
      getValue={() => {
        const kind = timerKindOf(definition);
        return (kind && definition.get(kind).body) || "";
      }}
      setValue={(text) => {
        const kind = timerKindOf(definition) || "timeDuration";
        modeling.updateModdleProperties(element, definition, { [kind]: formal(bpmnFactory, definition, text || "") });
      }}
    />
  );
}

// -- multi-instance: SpiffWorkflow reads the collections as variable names -------------------------

function LoopReference({ element, id, label, description, loop, attribute }) {
  const modeling = useService("modeling");
  const moddle = useService("moddle");
  return (
    <TextFieldEntry
      element={element} id={id} label={label} description={description}
      debounce={useService("debounceInput")}
      getValue={() => referenceName(loop.get(attribute))}
      setValue={(text) => {
        const name = trimmed(text);
        const value = name ? moddle.create("bpmn:Property", { id: name, name }) : undefined;
        modeling.updateModdleProperties(element, loop, { [attribute]: value });
      }}
    />
  );
}

function LoopItem({ element, id, label, loop, attribute, type }) {
  const modeling = useService("modeling");
  const moddle = useService("moddle");
  return (
    <TextFieldEntry
      element={element} id={id} label={label}
      debounce={useService("debounceInput")}
      getValue={() => {
        const item = loop.get(attribute);
        return (item && (item.name || item.id)) || "";
      }}
      setValue={(text) => {
        const name = trimmed(text);
        let value;
        if (name) {
          value = moddle.create(type, { id: name, name });
          value.$parent = loop;
        }
        modeling.updateModdleProperties(element, loop, { [attribute]: value });
      }}
    />
  );
}

function multiInstanceEntries(element, loop, texts) {
  const edited = isTextFieldEntryEdited;
  return [
    { id: "yijiao-loop-input", element, loop, attribute: "loopDataInputRef", label: texts.collection,
      description: texts.collectionHint, component: LoopReference, isEdited: edited },
    { id: "yijiao-loop-input-item", element, loop, attribute: "inputDataItem", type: "bpmn:DataInput",
      label: texts.elementVariable, component: LoopItem, isEdited: edited },
    { id: "yijiao-loop-output", element, loop, attribute: "loopDataOutputRef", label: texts.outputCollection,
      component: LoopReference, isEdited: edited },
    { id: "yijiao-loop-output-item", element, loop, attribute: "outputDataItem", type: "bpmn:DataOutput",
      label: texts.outputElement, component: LoopItem, isEdited: edited },
  ];
}

// -- which entries an element gets ---------------------------------------------------------------------

function isAny(element, types) {
  return !!element && types.some((type) => is(element, type));
}

function spiffOperator(bo) {
  const values = (bo.extensionElements && bo.extensionElements.values) || [];
  return values.find((value) => is(value, "spiffworkflow:ServiceTaskOperator"));
}

function taskEntries(element, context) {
  const texts = context.texts;
  return [
    property(element, texts, "form", context.forms),
    property(element, texts, "form"),
    { id: "yijiao-form-actions", element, context, component: FormActions },
    textExtension(element, "yijiao-instructions", "spiffworkflow:InstructionsForEndUser", texts.instructions, { area: true }),
    property(element, texts, "milestone", context.milestones),
    property(element, texts, "due"),
    property(element, texts, "owner"),
    property(element, texts, "data_key"),
  ];
}

function eventEntries(element, bo, context) {
  const texts = context.texts;
  const entries = [];
  for (const definition of bo.eventDefinitions || []) {
    if (is(definition, "bpmn:TimerEventDefinition")) {
      entries.push(
        { id: "yijiao-timer-kind", element, definition, context, label: texts.timerKind,
          component: TimerKind, isEdited: isSelectEntryEdited },
        { id: "yijiao-timer-expression", element, definition, label: texts.timerExpression,
          description: texts.timerHint, component: TimerExpression, isEdited: isTextFieldEntryEdited },
      );
    }
    if (is(definition, "bpmn:MessageEventDefinition")) {
      entries.push(textExtension(element, "yijiao-message-variable", "spiffworkflow:MessageVariable",
        texts.messageVariable, { owner: definition }));
    }
  }
  return entries;
}

export function yijiaoEntries(element, context) {
  const texts = context.texts;
  const bo = getBusinessObject(element);
  const entries = [];
  if (is(element, "bpmn:Lane")) {
    entries.push({ id: "yijiao-lane-role", element, context, label: texts.role, component: LaneRole, isEdited: isSelectEntryEdited });
  }
  if (isAny(element, ["bpmn:UserTask", "bpmn:ManualTask"])) entries.push(...taskEntries(element, context));
  if (is(bo.loopCharacteristics, "bpmn:MultiInstanceLoopCharacteristics")) {
    entries.push(...multiInstanceEntries(element, bo.loopCharacteristics, texts));
  }
  if (is(element, "bpmn:CallActivity")) {
    entries.push({ id: "yijiao-called-element", element, context, label: texts.calledProcess,
      component: CalledProcessSelect, isEdited: isSelectEntryEdited });
  }
  if (is(element, "bpmn:BusinessRuleTask")) {
    entries.push({ id: "yijiao-decision", element, context, label: texts.decision,
      component: DecisionSelect, isEdited: isSelectEntryEdited });
  }
  const operator = is(element, "bpmn:ServiceTask") && spiffOperator(bo);
  if (operator) {
    entries.push(
      { id: "yijiao-operator", element, target: operator, attribute: "id", label: texts.operator,
        component: AttributeField, isEdited: isTextFieldEntryEdited },
      { id: "yijiao-result", element, target: operator, attribute: "resultVariable", label: texts.resultVariable,
        component: AttributeField, isEdited: isTextFieldEntryEdited },
    );
  }
  if (is(element, "bpmn:ScriptTask")) {
    entries.push({ id: "yijiao-script", element, target: bo, attribute: "script", rows: 6, label: texts.script,
      component: ExpressionArea, isEdited: isTextAreaEntryEdited });
  }
  if (isAny(element, ["bpmn:Task", "bpmn:SubProcess", "bpmn:CallActivity"])) {
    entries.push(
      textExtension(element, "yijiao-pre-script", "spiffworkflow:PreScript", texts.preScript, { area: true }),
      textExtension(element, "yijiao-post-script", "spiffworkflow:PostScript", texts.postScript, { area: true }),
    );
  }
  if (is(element, "bpmn:SequenceFlow") && isAny(bo.sourceRef, ["bpmn:ExclusiveGateway", "bpmn:InclusiveGateway"])) {
    entries.push({ id: "yijiao-condition", element, target: bo, attribute: "conditionExpression",
      label: texts.condition, description: texts.conditionHint, component: ExpressionArea, isEdited: isTextAreaEntryEdited });
  }
  entries.push(...eventEntries(element, bo, context));
  return entries;
}
