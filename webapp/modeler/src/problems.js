// Problems the server found: listed beside the canvas, and each element marked on its diagram
// (a marker class on the element's SVG group and a badge overlay). Clicking one selects it.
export const MARKER = "yijiao-problem";

export class Problems {
  constructor(list, workspace) {
    this.list = list;
    this.workspace = workspace;
    this.problems = [];
  }

  show(problems) {
    for (const editor of this.workspace.openEditors()) this.unmark(editor);
    this.problems = problems;
    this.list.replaceChildren(...problems.map((problem) => this.item(problem)));
    this.list.closest("[data-problems]").hidden = problems.length === 0;
    for (const [name, editor] of this.workspace.openEditorsByName()) this.mark(name, editor);
  }

  item(problem) {
    const item = document.createElement("li");
    const where = [problem.file, problem.line ? `:${problem.line}` : "", problem.element ? ` [${problem.element}]` : ""];
    const place = document.createElement("button");
    place.type = "button";
    place.className = "link";
    place.textContent = where.join("");
    place.addEventListener("click", () => this.workspace.reveal(problem.file, problem.element));
    const message = document.createElement("span");
    message.textContent = ` ${problem.message}`;
    item.append(place, message);
    item.dataset.file = problem.file;
    if (problem.element) item.dataset.element = problem.element;
    return item;
  }

  /** Mark this editor's problems (called again when a file's tab is first opened). */
  mark(name, editor) {
    if (editor.kind !== "bpmn") return;
    const registry = editor.modeler.get("elementRegistry");
    const canvas = editor.modeler.get("canvas");
    const overlays = editor.modeler.get("overlays");
    for (const problem of this.problems) {
      const id = problem.element && editor.currentId(problem.element);
      // the server may keep a file under another name (files are known by the ids they define)
      const elsewhere = problem.file !== name && this.workspace.file(problem.file);
      if (elsewhere || !id || !registry.get(id)) continue;
      canvas.addMarker(id, MARKER);
      const badge = document.createElement("div");
      badge.className = "yijiao-problem-badge";
      badge.textContent = "!";
      badge.title = problem.message;
      overlays.add(id, MARKER, { position: { top: -10, left: -10 }, html: badge });
    }
  }

  unmark(editor) {
    if (editor.kind !== "bpmn") return;
    const canvas = editor.modeler.get("canvas");
    for (const element of editor.modeler.get("elementRegistry").getAll()) canvas.removeMarker(element, MARKER);
    editor.modeler.get("overlays").remove({ type: MARKER });
  }
}
