// The files of one bundle (the process's own BPMN, the processes it calls, its decision tables),
// each in a tab; validate and deploy send every file of the bundle in one request.
import { idsIn, openBpmn, openDmn, withProlog } from "./editors.js";
import { FormEditor } from "./forms.js";
import { LaneRoles } from "./lanes.js";
import { Problems } from "./problems.js";

const EMPTY_DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="new_process_definitions" targetNamespace="http://yijiao.example/bpmn/new_process">
  <bpmn:process id="new_process" isExecutable="true">
    <bpmn:startEvent id="new_process_start" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="new_process_diagram">
    <bpmndi:BPMNPlane id="new_process_plane" bpmnElement="new_process">
      <bpmndi:BPMNShape id="new_process_start_shape" bpmnElement="new_process_start">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

export class Workspace {
  constructor(root, page) {
    this.root = root;
    this.page = page;
    this.texts = page.texts;
    this.files = []; // {name, text, kind, fresh, tab, canvas, panel, editor}
    this.current = null;
    this.laneRoles = new LaneRoles(page.roles);
    this.formEditor = new FormEditor(root.querySelector(".modeler-body"), page.formEditor, page.csrf, {
      onCreate: (key, title) => page.forms.push({ value: key, label: `${title}（${key}）` }),
    });
    this.context = {
      texts: page.texts,
      library: page.library,
      roles: page.roles,
      forms: page.forms,
      milestones: page.milestones,
      laneRoles: this.laneRoles,
      formEditor: this.formEditor,
      processes: () => this.options(page.processes, "bpmn", "process"),
      decisions: () => this.options(page.decisions, "dmn", "decision"),
    };
    this.tabs = root.querySelector("[data-tabs]");
    this.canvases = root.querySelector("[data-canvases]");
    this.panels = root.querySelector("[data-panels]");
    this.status = root.querySelector("[data-status]");
    this.problems = new Problems(root.querySelector("[data-problems] ul"), this);
    root.querySelector("[data-validate]").addEventListener("click", () => this.validate());
    root.querySelector("[data-deploy]").addEventListener("click", () => this.deploy());
  }

  // -- files and tabs --------------------------------------------------------------------------

  add(name, text, { fresh = false } = {}) {
    const kind = name.toLowerCase().endsWith(".dmn") ? "dmn" : "bpmn";
    const file = { name, text, kind, fresh, editor: null };
    file.tab = document.createElement("button");
    file.tab.type = "button";
    file.tab.className = "modeler-tab";
    file.tab.textContent = name;
    file.tab.dataset.file = name;
    file.tab.setAttribute("role", "tab");
    file.tab.addEventListener("click", () => this.open(name));
    this.tabs.append(file.tab);
    file.canvas = this.pane(this.canvases, "modeler-canvas");
    file.panel = this.pane(this.panels, "modeler-properties");
    this.files.push(file);
    return file;
  }

  addEmptyDiagram() {
    let name = "new_process.bpmn";
    for (let n = 2; this.file(name); n++) name = `new_process_${n}.bpmn`;
    return this.add(name, EMPTY_DIAGRAM, { fresh: true });
  }

  pane(parent, className) {
    const pane = document.createElement("div");
    pane.className = className;
    pane.hidden = true;
    parent.append(pane);
    return pane;
  }

  file(name) {
    return this.files.find((file) => file.name === name);
  }

  async open(name) {
    const file = this.file(name);
    if (!file) return null;
    for (const other of this.files) {
      const shown = other === file;
      other.canvas.hidden = other.panel.hidden = !shown;
      other.tab.setAttribute("aria-selected", String(shown));
    }
    this.current = file;
    if (!file.editor) {
      const open = file.kind === "dmn" ? openDmn : openBpmn;
      try {
        file.editor = await open(file.text, { canvas: file.canvas, panel: file.panel, context: this.context });
      } catch (error) {
        this.say(`${this.texts.cannotOpen} ${name}: ${error.message}`, "error");
        return null;
      }
      this.problems.mark(name, file.editor);
    }
    return file.editor;
  }

  openEditors() {
    return this.files.filter((file) => file.editor).map((file) => file.editor);
  }

  openEditorsByName() {
    return this.files.filter((file) => file.editor).map((file) => [file.name, file.editor]);
  }

  /** Show a problem's file and select its element. */
  async reveal(name, elementId) {
    const form = name && name.endsWith(".json") ? name.slice(0, -".json".length) : null;
    if (form && this.formEditor.has(form)) return this.formEditor.open(form, "edit");
    const known = this.file(name) ? name : this.current && this.current.name;
    const editor = await this.open(known);
    if (!editor || editor.kind !== "bpmn" || !elementId) return;
    const element = editor.modeler.get("elementRegistry").get(editor.currentId(elementId));
    if (!element) return;
    editor.modeler.get("selection").select(element);
    editor.modeler.get("canvas").scrollToElement(element);
  }

  options(deployed, kind, tag) {
    const known = new Map(deployed.map((option) => [option.value, option]));
    for (const file of this.files.filter((f) => f.kind === kind)) {
      for (const id of idsIn(file.text, tag)) if (!known.has(id)) known.set(id, { value: id, label: id });
    }
    return [...known.values()];
  }

  // -- what is sent ---------------------------------------------------------------------------

  async exportFiles() {
    const files = {};
    for (const file of this.files) {
      let text = file.text;
      if (file.editor && (file.fresh || file.editor.edited())) text = withProlog(file.text, await file.editor.xml());
      let name = file.name;
      if (file.fresh && file.editor && file.editor.processIds) {
        const [process] = file.editor.processIds();
        if (process) name = `${process}.bpmn`;
      }
      files[name] = text;
    }
    const bpmn = Object.entries(files).filter(([name]) => name.toLowerCase().endsWith(".bpmn"));
    return { ...files, ...this.formEditor.files(bpmn.map(([, text]) => text)) };
  }

  async send(url) {
    const body = JSON.stringify({ files: await this.exportFiles(), lane_roles: this.laneRoles.mapping() });
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.page.csrf },
      body,
      credentials: "same-origin",
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch {
      answer = {};
    }
    return { status: response.status, answer };
  }

  async validate() {
    this.say(this.texts.validating);
    const { status, answer } = await this.request(this.page.validateUrl);
    if (!answer) return;
    const problems = answer.problems || [];
    this.problems.show(problems);
    if (status === 200 && !problems.length) this.say(this.texts.valid, "ok");
    else this.say(this.texts.problemsFound.replace("%(count)s", problems.length), "error");
  }

  async deploy() {
    this.say(this.texts.deploying);
    const { status, answer } = await this.request(this.page.deployUrl);
    if (!answer) return;
    if (answer.problems) {
      this.problems.show(answer.problems);
      this.say(this.texts.problemsFound.replace("%(count)s", answer.problems.length), "error");
      return;
    }
    this.problems.show([]);
    const done = (answer.deployments || []).filter((d) => d.changed);
    const list = done.map((d) => this.texts.deployedVersion.replace("%(name)s", d.name || d.key).replace("%(number)s", d.version));
    this.say(done.length ? `${this.texts.deployed} ${list.join("；")}` : this.texts.unchanged, status < 300 ? "ok" : "error");
  }

  async request(url) {
    try {
      const result = await this.send(url);
      if (result.status >= 400 && !result.answer.problems) {
        this.say((result.answer.error && result.answer.error.message) || this.texts.failed, "error");
        return {};
      }
      return result;
    } catch (error) {
      this.say(`${this.texts.failed} ${error.message}`, "error");
      return {};
    }
  }

  say(text, tone = "") {
    this.status.textContent = text;
    this.status.dataset.tone = tone;
  }
}
