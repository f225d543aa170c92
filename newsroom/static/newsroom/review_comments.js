/*
 * Review comments on the article page (templates/admin/articles/article/_review_comments.html).
 *
 * Beside the label of each field that has open comments, a marker links to them. A reviewer who selects a passage of
 * one field (its text as the page shows it, or within its text box) can click "Comment on selection": the new
 * comment's field and quoted text are filled in from the selection. Without this script the reviewer chooses the
 * field from the list, and may paste the passage.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  const panel = document.getElementById("review-comments");
  if (!panel) return;
  const form = document.getElementById("article_form") || document;

  // The field an element of the page belongs to: the article's own (`summary`) or a row's (`sections[12].body`).
  function fieldClass(element) {
    const box = element.closest("[class*='field-']");
    if (!box || !form.contains(box)) return null;
    const found = Array.from(box.classList).find((name) => name.startsWith("field-") && name !== "field-box");
    return found ? {box: box, name: found.slice("field-".length)} : null;
  }
  function rowOf(element) {
    const row = element.closest(".inline-related[id]");
    if (!row) return null;
    const id = row.querySelector("input[name='" + row.id + "-id']");
    const kind = row.id.replace(/-\d+$/, "");
    return id && id.value ? {kind: kind, id: id.value} : null;
  }
  function anchorOf(element) {
    const field = fieldClass(element);
    if (!field) return null;
    const row = rowOf(field.box);
    return row ? row.kind + "[" + row.id + "]." + field.name : field.name;
  }
  function boxFor(anchor) {
    const part = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(anchor);
    if (!part) return form.querySelector(".form-row.field-" + anchor + ", .fieldBox.field-" + anchor);
    for (const id of form.querySelectorAll("input[name^='" + part[1] + "-'][name$='-id']")) {
      if (id.value === part[2]) {
        const row = id.closest(".inline-related") || id.closest("tr");
        return row && row.querySelector(".field-" + part[3]);
      }
    }
    return null;
  }

  // Markers beside the fields that have open comments.
  const open = JSON.parse(document.getElementById("review-comment-anchors")?.textContent || "{}");
  for (const [anchor, ids] of Object.entries(open)) {
    const box = boxFor(anchor);
    if (!box) continue;
    const marker = document.createElement("a");
    marker.className = "review-comment-marker";
    marker.href = "#review-comment-" + ids[0];
    marker.textContent = "💬 " + ids.length;
    marker.title = panel.querySelector("#review-comment-" + ids[0] + " .review-comment-body")?.textContent.trim() || "";
    const label = box.querySelector("label");
    (label || box).insertAdjacentElement(label ? "afterend" : "afterbegin", marker);
  }

  const button = document.getElementById("review-comment-on-selection");
  const field = document.getElementById("id_review_comment_anchor");
  const quote = document.getElementById("id_review_comment_quote");
  const body = document.getElementById("id_review_comment_body");
  if (!button || !field || !quote) return;
  const note = document.getElementById("review-comment-selection-note");
  const offered = new Set(Array.from(field.options).map((option) => option.value));
  button.hidden = false;
  let chosen = null;

  function selection() {
    const active = document.activeElement;
    if (active && (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && active.type === "text"))) {
      if (panel.contains(active) || active.selectionStart === active.selectionEnd) return null;
      const anchor = anchorOf(active);
      return anchor ? {anchor: anchor, quote: active.value.slice(active.selectionStart, active.selectionEnd)} : null;
    }
    const selected = window.getSelection();
    if (!selected || selected.isCollapsed || !selected.rangeCount) return null;
    const range = selected.getRangeAt(0);
    const start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
    const end = range.endContainer.nodeType === 1 ? range.endContainer : range.endContainer.parentElement;
    if (!start || !end || panel.contains(start)) return null;
    const anchor = anchorOf(start);
    if (!anchor || anchorOf(end) !== anchor) return null;  // within one field
    return {anchor: anchor, quote: selected.toString()};
  }
  function remember() {
    const found = selection();
    if (found && offered.has(found.anchor) && found.quote.trim()) chosen = found;
  }
  document.addEventListener("selectionchange", remember);
  document.addEventListener("mouseup", remember);
  document.addEventListener("keyup", remember);
  button.addEventListener("mousedown", function (event) {
    event.preventDefault();  // keep the selection while the button is clicked
    remember();
  });
  button.addEventListener("click", function () {
    remember();
    if (!chosen) {
      if (note) note.hidden = false;
      return;
    }
    if (note) note.hidden = true;
    field.value = chosen.anchor;
    quote.value = chosen.quote;
    (body || quote).focus();
  });
});
