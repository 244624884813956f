// The form editor: a user task's form as JSON Schema in a text box, beside the form drawn as the
// official will see it. The server checks and draws it (POST previewUrl: {key, schema} → {problems,
// html}), a moment after each keystroke. Forms edited or created here go with the bundle on check
// and deploy, each as the file `<form_key>.json`.
import "./forms.css";

export const FORM_KEY = /^[a-z][a-z0-9_]*$/;
const DRAFT = "https://json-schema.org/draft/2020-12/schema";
const PAUSE = 400; // ms after the last keystroke before the preview is asked for

/** A form with no fields yet that keeps our conventions (forms/schema_check.py). */
export function newFormText(title) {
  const schema = {
    $schema: DRAFT,
    title,
    type: "object",
    properties: {},
    additionalProperties: false,
    "x-ui": { order: [] },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function element(tag, attributes = {}, ...children) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") made.textContent = value;
    else made.setAttribute(name, value);
  }
  made.append(...children);
  return made;
}

export class FormEditor {
  /** `setup`: the page's {schemas (key → text), previewUrl, stylesheets, texts}; `after`: where the
   * panel goes. */
  constructor(after, setup, csrf, { onCreate = () => {} } = {}) {
    this.schemas = setup.schemas || {};
    this.url = setup.previewUrl;
    this.stylesheets = setup.stylesheets || [];
    this.texts = setup.texts;
    this.csrf = csrf;
    this.onCreate = onCreate;
    this.forms = new Map(); // key → {text, original}; original null for a form created here
    this.key = null;
    this.asked = 0; // the newest preview asked for: older answers are dropped
    this.timer = null;
    this.panel = this.build();
    after.after(this.panel);
  }

  build() {
    const t = this.texts;
    this.heading = element("h2", { "data-form-title": "" });
    this.editButton = element("button", { type: "button", class: "secondary", "data-form-edit": "", text: t.edit });
    this.editButton.addEventListener("click", () => this.show("edit"));
    const close = element("button", { type: "button", class: "secondary", "data-form-close": "", text: t.close });
    close.addEventListener("click", () => this.close());
    this.textarea = element("textarea", { spellcheck: "false", "data-form-schema": "", rows: "28" });
    this.textarea.addEventListener("input", () => this.edited());
    this.schemaBox = element("label", { class: "form-editor-schema" }, element("span", { text: t.schema }), this.textarea);
    this.status = element("p", { role: "status", class: "form-editor-status", "data-form-status": "" });
    this.problemList = element("ul");
    this.problems = element(
      "section",
      { class: "form-editor-problems", "data-form-problems": "" },
      element("h3", { text: t.problems }),
      this.problemList,
    );
    this.problems.hidden = true;
    this.preview = element("div", { class: "form-editor-preview", "data-form-preview": "" });
    const side = element("div", { class: "form-editor-side" }, this.status, this.problems,
      element("h3", { text: t.previewHeading }), this.preview);
    const panel = element(
      "section",
      { class: "form-editor", "data-form-panel": "", "aria-labelledby": "form-editor-title" },
      element("div", { class: "form-editor-bar" }, this.heading, this.editButton, close),
      element("div", { class: "form-editor-body" }, this.schemaBox, side),
    );
    this.heading.id = "form-editor-title";
    panel.hidden = true;
    return panel;
  }

  /** Whether the form `key` is known: deployed, or created on this page. */
  has(key) {
    return this.forms.has(key) || Object.prototype.hasOwnProperty.call(this.schemas, key);
  }

  /** The form's text as it stands on this page. */
  text(key) {
    if (this.forms.has(key)) return this.forms.get(key).text;
    return this.schemas[key];
  }

  /** Open form `key` to preview it (`mode` "preview") or edit it ("edit"). */
  open(key, mode = "preview") {
    if (!this.has(key)) return;
    this.key = key;
    this.textarea.value = this.text(key);
    this.textarea.setSelectionRange(0, 0); // from the top: the title first
    this.textarea.scrollTop = 0;
    this.heading.textContent = this.texts.title.replace("%(key)s", key);
    this.show(mode);
    this.ask();
  }

  /** Start form `key` from a template titled `title`, and edit it. */
  create(key, title) {
    if (!FORM_KEY.test(key) || this.has(key)) return;
    this.forms.set(key, { text: newFormText(title), original: null });
    this.onCreate(key, title);
    this.open(key, "edit");
  }

  show(mode) {
    this.loadStyles();
    this.panel.hidden = false;
    this.panel.dataset.mode = mode;
    this.schemaBox.hidden = mode !== "edit";
    this.editButton.hidden = mode === "edit";
    if (mode === "edit") this.textarea.focus({ preventScroll: true });
    this.panel.scrollIntoView({ block: "nearest" });
  }

  close() {
    this.panel.hidden = true;
    this.key = null;
  }

  // the task page's own styles, so that the preview looks as the official's form does
  loadStyles() {
    for (const href of this.stylesheets) {
      if (document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) continue;
      document.head.append(element("link", { rel: "stylesheet", href }));
    }
    this.stylesheets = [];
  }

  edited() {
    const key = this.key;
    const kept = this.forms.get(key) || { original: this.text(key) };
    this.forms.set(key, { ...kept, text: this.textarea.value });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.ask(), PAUSE);
  }

  async ask() {
    const asked = ++this.asked;
    const key = this.key;
    this.status.textContent = this.texts.checking;
    let answer;
    try {
      const response = await fetch(this.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf },
        body: JSON.stringify({ key, schema: this.textarea.value }),
        credentials: "same-origin",
      });
      answer = await response.json();
      if (!response.ok) throw new Error((answer.error && answer.error.message) || response.status);
    } catch (error) {
      if (asked === this.asked) this.say(`${this.texts.failed} ${error.message}`, "error");
      return;
    }
    if (asked !== this.asked || key !== this.key) return;
    this.showAnswer(key, answer);
  }

  showAnswer(key, { problems = [], html = null }) {
    this.problemList.replaceChildren(...problems.map((problem) => element("li", { text: problem })));
    this.problems.hidden = problems.length === 0;
    this.preview.classList.toggle("stale", problems.length > 0);
    if (html !== null) this.preview.innerHTML = html; // drawn by our own template, every value escaped
    if (problems.length) this.say(this.preview.childElementCount ? this.texts.stale : "", "error");
    else this.say(this.isEdited(key) ? this.texts.good : this.texts.unchanged, "ok");
  }

  say(text, tone) {
    this.status.textContent = text;
    this.status.dataset.tone = tone;
  }

  isEdited(key) {
    const form = this.forms.get(key);
    return !!form && form.text !== form.original;
  }

  /** The forms edited or created on this page that a task of `bpmnTexts` names, as the bundle's
   * files: `<key>.json` → text (a form left behind by a renamed key stays out). */
  files(bpmnTexts) {
    const used = new Set(bpmnTexts.flatMap(formKeysIn));
    const files = {};
    for (const key of this.forms.keys()) {
      if (used.has(key) && this.isEdited(key)) files[`${key}.json`] = this.forms.get(key).text;
    }
    return files;
  }
}

/** The form keys the tasks of a BPMN text name (`<spiffworkflow:property name="form" value="…">`). */
export function formKeysIn(text) {
  const document = new DOMParser().parseFromString(text, "application/xml");
  return [...document.getElementsByTagNameNS("*", "property")]
    .filter((property) => property.getAttribute("name") === "form")
    .map((property) => property.getAttribute("value"));
}
