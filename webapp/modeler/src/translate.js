// bpmn-js and dmn-js ask `translate(template, replacements)` for every text they show; the page
// gives the translations (server-side gettext of the libraries' English texts).
export function translateModule(dictionary) {
  function translate(template, replacements = {}) {
    const text = (dictionary && dictionary[template]) || template;
    return text.replace(/{([^}]+)}/g, (whole, key) => (key in replacements ? replacements[key] : whole));
  }
  return { translate: ["value", translate] };
}
