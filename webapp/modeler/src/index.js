// The designers' modeler page: reads what the server rendered into #modeler's data attributes
// (files, roles, forms, deployed processes and decisions, translated texts) and opens the files.
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn.css";
import "@bpmn-io/properties-panel/assets/properties-panel.css";
import "bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css";
import "dmn-js/dist/assets/dmn-js-shared.css";
import "dmn-js/dist/assets/dmn-js-drd.css";
import "dmn-js/dist/assets/dmn-js-decision-table.css";
import "dmn-js/dist/assets/dmn-js-decision-table-controls.css";
import "dmn-js/dist/assets/dmn-js-literal-expression.css";
import "dmn-js/dist/assets/dmn-font/css/dmn.css";
import "./modeler.css";

import { Workspace } from "./workspace.js";

function json(root, name) {
  return JSON.parse(root.dataset[name] || "null");
}

async function start(root) {
  const page = {
    texts: json(root, "texts"),
    library: json(root, "library"),
    roles: json(root, "roles"),
    forms: json(root, "forms"),
    milestones: json(root, "milestones"),
    processes: json(root, "processes"),
    decisions: json(root, "decisions"),
    formEditor: json(root, "formEditor"),
    csrf: root.dataset.csrf,
    validateUrl: root.dataset.validateUrl,
    deployUrl: root.dataset.deployUrl,
  };
  const workspace = new Workspace(root, page);
  window.yijiaoModeler = workspace; // for the browser tests and the console
  const files = json(root, "files") || {};
  const main = root.dataset.main;
  const order = (name) => (name === main ? 0 : name.toLowerCase().endsWith(".dmn") ? 2 : 1);
  const names = Object.keys(files).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  for (const name of names) workspace.add(name, files[name]);
  const upload = root.querySelector("[data-upload]");
  if (upload) {
    upload.addEventListener("change", async () => {
      let last = null;
      for (const chosen of upload.files) last = workspace.add(chosen.name, await chosen.text());
      if (last) await workspace.open(last.name);
      upload.value = "";
    });
  }
  const blank = root.querySelector("[data-new-diagram]");
  if (blank) blank.addEventListener("click", () => workspace.open(workspace.addEmptyDiagram().name));
  if (!workspace.files.length && blank) workspace.addEmptyDiagram();
  const first = main || (workspace.files[0] && workspace.files[0].name);
  if (first) await workspace.open(first);
  root.dataset.ready = "true";
}

const root = document.getElementById("modeler");
if (root) start(root);
