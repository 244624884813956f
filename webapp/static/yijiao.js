// The app's only script (the Content-Security-Policy allows no inline one): small page helpers
// wired by data attributes.
"use strict";

// <input type="checkbox" data-select-all="retiree">: ticks or clears every box named "retiree"
document.addEventListener("change", (event) => {
  const name = event.target.dataset && event.target.dataset.selectAll;
  if (!name) return;
  for (const box of document.querySelectorAll(`input[name="${name}"]`)) box.checked = event.target.checked;
});

// <… data-progress-url="…">: a roster import's progress, polled every 2 s until it ends
const watched = document.querySelector("[data-progress-url]");
if (watched) {
  setInterval(async () => {
    const p = await (await fetch(watched.dataset.progressUrl)).json();
    if (p.state !== "pending" && p.state !== "running") { location.reload(); return; }
    const bar = document.getElementById("progress");
    if (p.rows_total && bar) { bar.max = p.rows_total; bar.value = p.rows_done; }
    document.getElementById("rows").textContent = p.rows_done + " / " + (p.rows_total || "?");
  }, 2000);
}

// The header's menu button (shown on narrow screens): opens and closes the menu. The class on <html>
// says the script runs, so without it the menu simply stays open.
document.documentElement.classList.add("menu-ready");
const menuButton = document.querySelector("header.top .menu-toggle");
if (menuButton) {
  menuButton.addEventListener("click", () => {
    const open = menuButton.closest("header").classList.toggle("open");
    menuButton.setAttribute("aria-expanded", String(open));
  });
}

// A form sent back with errors: focus moves to its error summary, so a screen reader reads it first.
const errorSummary = document.querySelector("[data-error-summary]");
if (errorSummary) errorSummary.focus();
