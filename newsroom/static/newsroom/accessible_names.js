/*
 * Names for screen readers that the admin's own widgets leave out, on every admin page (templates/admin/base_site.html).
 *
 * Empty headers of a tabular inline's columns are named (visually hidden, the page looks as before): "Row" for
 * the first (the row's name and, in a sortable one, its drag handle), "Delete?" for the last when no row may be
 * deleted (a locked page).
 *
 * Django's autocomplete fields (select2 4.0): select2 draws its own search box beside the hidden <select>, the
 * inline one of a multiple choice (authors, topics) and the one in the drop-down of a single choice (a
 * citation's reference). Neither has a label, so each takes its field's: the <label> of the <select>, or in a table the <select>'s aria-label (its column).
 * A multiple choice's "Remove all items" cross is a <span> inside the list of choices, which a list may not
 * hold; it only answers the mouse (each choice keeps its own ×, and Backspace removes one), so it is hidden
 * from the accessibility tree. A single choice's box is named by what it shows, which is nothing in a new row:
 * then it takes the field's name. An open drop-down is named in aria-owns (ARIA 1.0), which ARIA 1.2 asks
 * of an expanded combobox as aria-controls: both are given. select2 redraws all this whenever the choice
 * changes or the drop-down opens or closes, so it is fixed each time. select2 puts an open drop-down at the end of the
 * page, outside every landmark: it is put in the page's <main> instead (select2's dropdownParent, which select2 reads
 * from the <select>'s data-dropdown-parent; set before the admin's autocomplete.js sets select2 up, on jQuery's ready,
 * which runs after this script's DOMContentLoaded; the hidden row that "Add another" copies carries it too).
 */
(function () {
  "use strict";

  // The words this script writes, in the editor's language (#admin-words, newsroom's admin_words tag).
  let given = null;
  function words(key, english, values) {
    given = given || JSON.parse(document.getElementById("admin-words")?.textContent || "{}");
    let text = given[key] || english;
    for (const [name, value] of Object.entries(values || {})) text = text.split("%(" + name + ")s").join(String(value));
    return text;
  }

  function fieldName(select) {
    if (!select) return "";
    const label = select.id && document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    const text = label ? label.textContent : select.getAttribute("aria-label") || "";
    return text.replace(/:\s*$/, "").trim();
  }

  // The <select> a search box belongs to: the drop-down's names its results ("select2-<id>-results"); the
  // inline one sits in the container select2 put right after the <select>.
  function selectOf(search) {
    const results = search.getAttribute("aria-controls") || "";
    const match = /^select2-(.+)-results$/.exec(results);
    if (match) return document.getElementById(match[1]);
    const container = search.closest(".select2-container");
    const before = container && container.previousElementSibling;
    return before && before.tagName === "SELECT" ? before : null;
  }

  function fix() {
    for (const header of document.querySelectorAll(".inline-group .tabular thead th")) {
      if (!header.textContent.trim()) {
        const name = document.createElement("span");
        name.className = "visually-hidden";
        name.textContent = header.classList.contains("original") ? words("row", "Row") : words("delete_column", "Delete?");
        header.append(name);
      }
    }
    for (const rendered of document.querySelectorAll(".select2-selection--single .select2-selection__rendered")) {
      const select = document.getElementById(rendered.id.replace(/^select2-(.+)-container$/, "$1"));
      const name = rendered.textContent.trim() ? null : fieldName(select);
      if (name && rendered.getAttribute("aria-label") !== name) {
        rendered.setAttribute("aria-label", name);
      } else if (!name && rendered.hasAttribute("aria-label")) {
        rendered.removeAttribute("aria-label");
      }
    }
    for (const combobox of document.querySelectorAll(".select2-container [role=combobox]")) {
      const owns = combobox.getAttribute("aria-owns");
      if (owns && combobox.getAttribute("aria-controls") !== owns) {
        combobox.setAttribute("aria-controls", owns);
      } else if (!owns && combobox.hasAttribute("aria-controls")) {
        combobox.removeAttribute("aria-controls");
      }
    }
    for (const search of document.querySelectorAll("input.select2-search__field")) {
      const name = fieldName(selectOf(search));
      const label = name ? words("search_named", "Search: %(name)s", {name: name}) : words("search", "Search");
      if (search.getAttribute("aria-label") !== label) search.setAttribute("aria-label", label);
    }
    for (const clear of document.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear")) {
      if (clear.getAttribute("aria-hidden") !== "true") clear.setAttribute("aria-hidden", "true");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.getElementById("content-start")) {
      for (const select of document.querySelectorAll("select.admin-autocomplete:not([data-dropdown-parent])")) {
        select.setAttribute("data-dropdown-parent", "#content-start");
      }
    }
    fix();
    // Only nodes added or removed are watched: the attributes set here do not call it again.
    new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
  });
})();
