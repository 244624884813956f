// One editor per file of the bundle: bpmn-js (with the properties panel and bpmnlint) for BPMN,
// dmn-js (decision tables) for DMN. Each answers `xml()` with the file's text as edited, and
// `edited()` whether anything changed (an unedited file is sent as deployed, byte for byte).
import BpmnModeler from "bpmn-js/lib/Modeler";
import lintModule from "bpmn-js-bpmnlint";
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from "bpmn-js-properties-panel";
import DmnModeler from "dmn-js/lib/Modeler";
import lintConfig from "virtual:bpmnlint-config";

import { YijiaoPropertiesModule } from "./properties/provider.js";
import { keepUnresolvedReferences } from "./references.js";
import spiffworkflow from "./spiffworkflow.json";
import { translateModule } from "./translate.js";

export async function openBpmn(text, { canvas, panel, context }) {
  const modeler = new BpmnModeler({
    container: canvas,
    propertiesPanel: { parent: panel },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      YijiaoPropertiesModule,
      lintModule,
      translateModule(context.library),
    ],
    moddleExtensions: { spiffworkflow },
    linting: { bpmnlint: lintConfig, active: true },
    yijiao: context,
  });
  const { warnings } = await modeler.importXML(text);
  keepUnresolvedReferences(modeler.get("moddle"), warnings);
  modeler.get("canvas").zoom("fit-viewport");
  const renamed = renames(modeler.get("eventBus"));
  let edited = false;
  modeler.on("commandStack.changed", () => (edited = true));
  return {
    kind: "bpmn",
    modeler,
    edited: () => edited,
    /** The id an element has now: a problem found before a rename names the old one. */
    currentId: (id) => {
      const seen = new Set();
      while (renamed.has(id) && !seen.has(id)) {
        seen.add(id);
        id = renamed.get(id);
      }
      return id;
    },
    xml: async () => (await modeler.saveXML({ format: true })).xml,
    processIds: () => rootsOf(modeler, "bpmn:Process"),
  };
}

export async function openDmn(text, { canvas, context }) {
  const modeler = new DmnModeler({
    container: canvas,
    common: { additionalModules: [translateModule(context.library)] },
  });
  await modeler.importXML(text);
  let edited = false;
  const watched = new WeakSet();
  const watch = () => {
    const viewer = modeler.getActiveViewer();
    if (!viewer || watched.has(viewer)) return;
    watched.add(viewer);
    viewer.get("eventBus").on("commandStack.changed", () => (edited = true));
  };
  modeler.on("views.changed", watch);
  const table = modeler.getViews().find((view) => view.type === "decisionTable");
  if (table) await modeler.open(table);
  watch();
  return {
    kind: "dmn",
    modeler,
    edited: () => edited,
    xml: async () => (await modeler.saveXML({ format: true })).xml,
  };
}

function renames(eventBus) {
  const renamed = new Map();
  const idChange = ({ context }) => {
    const before = context.oldProperties && context.oldProperties.id;
    const after = context.properties && context.properties.id;
    return before && after && before !== after ? [before, after] : null;
  };
  eventBus.on("commandStack.element.updateProperties.executed", (event) => {
    const change = idChange(event);
    if (change) renamed.set(change[0], change[1]);
  });
  eventBus.on("commandStack.element.updateProperties.reverted", (event) => {
    const change = idChange(event);
    if (change) renamed.delete(change[0]);
  });
  return renamed;
}

function rootsOf(modeler, type) {
  const definitions = modeler.getDefinitions();
  return (definitions.rootElements || []).filter((root) => root.$instanceOf(type)).map((root) => root.id);
}

/** Ids of the `tag` elements (process, decision) of an XML text, without opening an editor. */
export function idsIn(text, tag) {
  const document = new DOMParser().parseFromString(text, "application/xml");
  return [...document.getElementsByTagNameNS("*", tag)].map((element) => element.getAttribute("id")).filter(Boolean);
}

/** The comments before the root element (a policy note): an editor drops them, we put them back. */
export function withProlog(original, exported) {
  const prolog = /^(?:<\?xml[^>]*\?>)?\s*((?:<!--[\s\S]*?-->\s*)+)</.exec(original);
  if (!prolog) return exported;
  const declaration = /^<\?xml[^>]*\?>\s*/.exec(exported);
  const at = declaration ? declaration[0].length : 0;
  return exported.slice(0, at) + prolog[1] + exported.slice(at);
}
