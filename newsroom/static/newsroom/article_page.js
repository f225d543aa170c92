/*
 * The article page never discards what an editor typed.
 *
 * The lifecycle buttons (Submit, Approve, Publish, ...) act on the article as it is saved, so while
 * the form holds unsaved changes they are disabled and a note says to save first. Leaving the page
 * with unsaved changes (a breadcrumb, a link, closing the tab) asks the browser to confirm.
 *
 * "Unsaved" compares the form's data with what it held when the page had loaded: typing, pasting,
 * dragging rows (which rewrites hidden order fields without an input event) and adding or deleting
 * rows all count; the lifecycle comment and go-live time do not, since the buttons send those.
 * The admin loads this script in the page head, so it starts once the document is parsed.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  // The go-live time is typed in the editor's own time zone; send the same moment with its offset.
  const liveFrom = document.getElementById("id_live_from");
  const liveFromUtc = document.getElementById("id_live_from_utc");
  if (liveFrom && liveFromUtc) {
    liveFrom.addEventListener("change", function () {
      const moment = new Date(liveFrom.value);
      liveFromUtc.value = liveFrom.value && !isNaN(moment) ? moment.toISOString() : "";
    });
  }

  const form = document.getElementById("article_form");
  const lifecycle = document.getElementById("lifecycle");
  if (!form || (lifecycle && lifecycle.dataset.locked === "true")) {
    return; // a locked page has nothing to save
  }
  const IGNORED = new Set([
    "csrfmiddlewaretoken", "transition_comment", "live_from", "live_from_utc", "shown_version", "_transition",
  ]);
  const note = document.getElementById("lifecycle-unsaved");

  let loaded = null;
  let submitting = false;

  function snapshot() {
    const parts = [];
    for (const [name, value] of new FormData(form).entries()) {
      if (!IGNORED.has(name)) {
        parts.push(name + "=" + (typeof value === "string" ? value : value.name));
      }
    }
    return parts.join("&");
  }

  function unsaved() {
    return loaded !== null && snapshot() !== loaded;
  }

  function refresh() {
    const blocked = unsaved();
    // The lifecycle buttons, and rollback, act on what is saved.
    document.querySelectorAll("button.lifecycle-button, button.rollback-button").forEach(function (button) {
      button.disabled = blocked;
      button.title = blocked && note ? note.textContent.trim() : "";
    });
    if (note) {
      note.style.display = blocked ? "" : "none"; // the admin's .errornote style would override [hidden]
    }
  }

  window.addEventListener("load", function () {
    loaded = snapshot(); // after the admin's own scripts (sortable rows, autocompletes) have set up the form
    refresh();
  });
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  window.setInterval(refresh, 500);
  form.addEventListener("submit", function () {
    submitting = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && unsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
