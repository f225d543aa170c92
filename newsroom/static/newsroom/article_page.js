/*
 * The article page never discards what an editor typed.
 *
 * The lifecycle buttons (Submit, Approve, Publish, ...) act on the article as it is saved, so while
 * the form holds unsaved changes they are disabled and a note says to save first. Leaving the page
 * with unsaved changes (a breadcrumb, a link, closing the tab) asks the browser to confirm.
 *
 * "Unsaved" compares the form's data with what it held when the page had loaded: typing, pasting,
 * dragging rows (which rewrites hidden order fields without an input event) and adding or deleting
 * rows all count; the lifecycle comment and go-live time do not, since the buttons send those, nor do the review
 * comments' inputs (review_comments.js), which their own buttons send.
 * The admin loads this script in the page head, so it starts once the document is parsed.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  // The words this script writes, in the editor's language: the page gives them (#article-page-words, from
  // newsroom/templatetags/editorial.py), English where it does not. %(name)s marks where a value goes.
  const WORDS = JSON.parse(document.getElementById("article-page-words")?.textContent || "{}");
  function words(key, english, values) {
    let text = WORDS[key] || english;
    for (const [name, value] of Object.entries(values || {})) text = text.split("%(" + name + ")s").join(String(value));
    return text;
  }

  // The go-live time is typed in the site's time zone (the server reads it so); show the same moment in the
  // editor's own time, so that nobody schedules for the wrong hour.
  function offsetMinutes(instant, zone) {
    const parts = {};
    for (const part of new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit",
    }).formatToParts(instant)) {
      parts[part.type] = part.value;
    }
    const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute);
    return Math.round((asUtc - instant.getTime()) / 60000);
  }
  function siteTimeToInstant(value, zone) {
    const [day, time] = value.split("T");
    const [year, month, date] = day.split("-").map(Number);
    const [hour, minute] = time.split(":").map(Number);
    const wall = Date.UTC(year, month - 1, date, hour, minute);
    let instant = new Date(wall - offsetMinutes(new Date(wall), zone) * 60000);
    instant = new Date(wall - offsetMinutes(instant, zone) * 60000);  // again, across a change of offset
    return instant;
  }
  // Times the page gives in the site's zone also read in the editor's own.
  for (const element of document.querySelectorAll("time.site-time")) {
    const yours = element.parentElement.querySelector(".your-time");
    if (yours) {
      const instant = new Date(element.getAttribute("datetime"));
      const time = instant.toLocaleString(document.documentElement.lang || [], {dateStyle: "medium", timeStyle: "short"});
      yours.textContent = words("your_time", " (%(time)s your time)", {time: time});
    }
  }

  const liveFrom = document.getElementById("id_live_from");
  const liveFromLocal = document.getElementById("id_live_from_local");
  if (liveFrom && liveFromLocal) {
    liveFrom.addEventListener("change", function () {
      if (!liveFrom.value) {
        liveFromLocal.textContent = "";
        return;
      }
      const instant = siteTimeToInstant(liveFrom.value, liveFrom.dataset.siteTimeZone);
      const yours = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const time = instant.toLocaleString(document.documentElement.lang || [], {dateStyle: "medium", timeStyle: "short"});
      liveFromLocal.textContent = words("in_your_time", "That is %(time)s in your time (%(zone)s).", {time: time, zone: yours});
    });
  }

  const form = document.getElementById("article_form");
  const NOTHING_TO_MEASURE = words("nothing_to_measure", "Nothing to measure yet: shown as you type.");

  // Readability and the citation check follow what the page holds (the same functions as at save), a moment after
  // it changes: typing, a choice made in a list or an autocomplete (select2 and the add-another pop-up tell only
  // jQuery), a row added, deleted, removed or moved; and once when the page opens (the add page's checks start
  // there).
  const checks = document.getElementById("live-checks");
  const locked = document.getElementById("lifecycle")?.dataset.locked === "true";
  const value = (name) => (form.elements[name] ? form.elements[name].value : "");
  // A kind of part's rows in the order the page shows them (rows dragged keep their names): the order numbers
  // the citations and names the parts.
  const rows = function (prefix, fields) {
    const found = [];
    for (let index = 0; form.elements[prefix + "-" + index + "-" + fields[0]]; index++) {
      const deleted = form.elements[prefix + "-" + index + "-DELETE"];
      if (deleted && deleted.checked) continue;
      const row = {};
      for (const field of fields) row[field] = value(prefix + "-" + index + "-" + field);
      if (Object.values(row).some((text) => text.trim())) {
        found.push({row: row, element: form.elements[prefix + "-" + index + "-" + fields[0]]});
      }
    }
    found.sort((a, b) => (a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    return found.map((item) => item.row);
  };
  // What the page holds, as JSON, to one of the article page's own views (the checks, the preview).
  const sendPage = (url, body) => fetch(url, {
    method: "POST",
    headers: {"Content-Type": "application/json", "X-CSRFToken": value("csrfmiddlewaretoken")},
    body: body,
    credentials: "same-origin",
  });
  // `callback` a moment after what the page holds changes: typing, a choice made in a list or an autocomplete
  // (select2 and the add-another pop-up tell only jQuery), a row added, deleted, removed or moved.
  const afterChanges = function (callback) {
    let timer = null;
    const later = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(callback, 600);
    };
    form.addEventListener("input", later);
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("change", later); // jQuery's handlers see native change events too
    } else {
      form.addEventListener("change", later);
    }
    // Rows added and removed (Django renumbers the rows left after sending formset:removed: the callback waits).
    document.addEventListener("formset:added", later);
    document.addEventListener("formset:removed", later);
    // Rows dragged, or moved to the first or last place, are moved in the page without an event (whatever else
    // changes in the inlines leaves the texts as they were, which are then not sent again).
    const moved = new MutationObserver(later);
    for (const group of form.querySelectorAll(".inline-group")) {
      moved.observe(group, {childList: true, subtree: true});
    }
  };

  // A locked page shows the saved checks: it has no texts to send.
  if (form && checks && !locked) {
    const show = function (selector, nodes) {
      const target = document.querySelector(selector + " .readonly");
      if (target) target.replaceChildren(...nodes);
    };
    const element = function (tag, text, className) {
      const node = document.createElement(tag);
      if (text !== undefined) node.textContent = text;
      if (className) node.className = className;
      return node;
    };
    const render = function (result) {
      const scores = result.readability;
      if (!scores) {
        show(".field-readability_scores", [element("span", NOTHING_TO_MEASURE)]);
      } else if (!scores.available) {
        show(".field-readability_scores", [element("p", scores.summary)]); // no formula for the language
      } else {
        // The sentences come from the server, in the words of the saved page (newsroom/admin/readability.py).
        const parts = element("ul", undefined, "grade-by-part");
        for (const part of scores.by_part) {
          const score = new Intl.NumberFormat(document.documentElement.lang || undefined).format(part.score);
          parts.append(element("li", part.part + ": " + score, part.above_target ? "above-target" : ""));
        }
        const long = element("ul", undefined, "long-sentences");
        for (const sentence of scores.long_sentences.slice(0, 5)) {
          long.append(element("li", words("sentence_words", "%(words)s words: “%(sentence)s”",
            {words: sentence.words, sentence: sentence.text})));
        }
        show(".field-readability_scores", [
          element("p", scores.summary),
          element("p", scores.by_part_heading), parts,
          element("p", scores.long_sentences.length
            ? words("long_sentences", "Sentences over 25 words:")
            : words("no_long_sentence", "No sentence is over 25 words.")),
          long,
        ]);
      }
      const notes = result.citations.problems.slice();
      if (result.citations.unused.length) {
        notes.push(words("never_cited", "Never cited in the text: %(numbers)s.", {numbers: result.citations.unused.join(", ")}));
      }
      show(".field-citation_check", [element("span", notes.length ? notes.join(" ") : words("all_cited", "Every marker points at a citation."),
        result.citations.problems.length ? "errornote" : "")]);
    };
    let asked = null; // the texts last sent: the same texts need no new check
    const run = function () {
      const body = JSON.stringify({
        summary: value("summary"), intro: value("intro"), audience: value("audience") || "patients",
        language: value("language") || null,
        key_points: rows("key_points", ["text"]), sections: rows("sections", ["heading", "body"]),
        faqs: rows("faqs", ["question", "answer"]), citations: rows("citations", ["reference"]).length,
      });
      if (body === asked) return;
      asked = body;
      sendPage(checks.dataset.url, body).then((response) => (response.ok ? response.json() : null)).then(function (result) {
        if (asked !== body) return; // the page changed again meanwhile: a later answer is on its way
        if (result) {
          render(result);
        } else {
          asked = null; // not checked: the next change asks again
        }
      }).catch(function () {
        if (asked === body) asked = null;
      });
    };
    afterChanges(run);
    run();
  }

  // The live preview: the article as the preview page shows it, from what the form holds (nothing is saved),
  // refreshed after the same changes as the checks, while its panel is open.
  const panel = document.getElementById("live-preview-panel");
  if (form && panel && !locked) {
    const toggle = document.getElementById("live-preview-toggle");
    const frame = document.getElementById("live-preview-frame");
    const problem = document.getElementById("live-preview-error");
    // The names to send, from the content model (newsroom/admin/live_preview.py).
    const shape = JSON.parse(document.getElementById("live-preview-shape").textContent);
    // A field as the server reads it: a box ticked or not, the choices of a multiple choice, else its text.
    const field = function (name) {
      const element = form.elements[name];
      if (!element) return undefined; // not on this page (read-only): left as saved
      if (element.type === "checkbox") return element.checked;
      if (element.multiple) return Array.from(element.selectedOptions, (option) => option.value);
      return element.value;
    };
    const pageData = function () {
      const fields = {};
      for (const name of shape.fields) fields[name] = field(name);
      const parts = {};
      for (const [kind, names] of Object.entries(shape.parts)) {
        if (form.elements[kind + "-TOTAL_FORMS"]) parts[kind] = rows(kind, [...names, "id"]);
      }
      return {fields: fields, authors: field("authors"), topics: field("topics"), parts: parts};
    };
    const showProblem = function (text) {
      problem.textContent = text;
      problem.style.display = text ? "" : "none"; // the admin's .errornote style would override [hidden]
    };
    // A refresh keeps the reader where they were in the article.
    const showPage = function (html) {
      const view = frame.contentWindow;
      const x = view ? view.scrollX : 0;
      const y = view ? view.scrollY : 0;
      frame.addEventListener("load", () => frame.contentWindow.scrollTo(x, y), {once: true});
      frame.srcdoc = html;
      showProblem("");
    };
    let shown = null; // the data last sent: the same data needs no new preview
    const refresh = function () {
      if (panel.hidden) return;
      const body = JSON.stringify(pageData());
      if (body === shown) return;
      shown = body;
      sendPage(panel.dataset.url, body).then(function (response) {
        if (response.ok) return response.text().then((html) => ({html: html}));
        // A 4xx says what is wrong with the data in `detail`; the last preview stays below the message.
        return response.json().then((answer) => ({detail: answer.detail}), () => ({detail: null}));
      }).then(function (result) {
        if (shown !== body) return; // the page changed again meanwhile: a later answer is on its way
        if (result.html !== undefined) {
          showPage(result.html);
        } else {
          showProblem(result.detail || words("preview_failed", "The live preview could not be made."));
        }
      }).catch(function () {
        if (shown !== body) return;
        shown = null; // not shown: the next change asks again
        showProblem(words("preview_failed", "The live preview could not be made."));
      });
    };
    const open = function (opened) {
      panel.hidden = !opened;
      toggle.setAttribute("aria-expanded", opened ? "true" : "false");
      document.body.classList.toggle("live-preview-open", opened);
      if (opened) refresh();
    };
    const close = document.getElementById("live-preview-close");
    toggle.addEventListener("click", function () {
      open(panel.hidden);
      // On a narrow screen the panel covers the page, the toggle too: the focus goes to the way out.
      if (!panel.hidden && panel.offsetWidth >= document.documentElement.clientWidth) close.focus();
    });
    const shut = function () {
      open(false);
      toggle.focus();
    };
    close.addEventListener("click", shut);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") shut();
    });
    afterChanges(refresh);
  }
  const lifecycle = document.getElementById("lifecycle");
  if (!form || (lifecycle && lifecycle.dataset.locked === "true")) {
    return; // a locked page has nothing to save
  }
  const IGNORED = new Set([
    "csrfmiddlewaretoken", "transition_comment", "override_reason", "live_from", "shown_version", "_transition",
  ]);
  // Where the page says why its buttons wait (the header's steps, the review comments' buttons).
  const notes = Array.from(document.querySelectorAll(".unsaved-note"));

  let loaded = null;
  let submitting = false;

  function snapshot() {
    const parts = [];
    for (const [name, value] of new FormData(form).entries()) {
      if (!IGNORED.has(name) && !name.startsWith("review_comment_")) {  // review comments post on their own
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
    // The lifecycle buttons, and rollback, act on what is saved (some are links to a confirmation page); a review
    // comment's buttons send the page to a view that reads only the comment, and back: what was typed would be lost.
    document.querySelectorAll(".lifecycle-button, .rollback-button, .comment-step-button").forEach(function (button) {
      if (button.tagName === "A") {
        button.setAttribute("aria-disabled", blocked ? "true" : "false");
        button.classList.toggle("disabled", blocked);
      } else {
        button.disabled = blocked;
      }
      button.title = blocked && notes.length ? notes[0].textContent.trim() : "";
    });
    for (const note of notes) {
      note.style.display = blocked ? "" : "none"; // the admin's .errornote style would override [hidden]
    }
  }

  // A disabled link (the confirmation pages' steps) is not followed.
  document.addEventListener("click", function (event) {
    const link = event.target.closest("a.lifecycle-button, a.rollback-button");
    if (link && link.getAttribute("aria-disabled") === "true") {
      event.preventDefault();
    }
  });

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
