/*
 * "Add another …" in an inline (Django's inlines.js, the sortable ones of django-admin-sortable2 too) adds a row and
 * leaves the focus on the link: a keyboard user then has to find the new row. Here the focus moves to the new row's
 * first field, as soon as the admin's own handlers of the new row (select2's autocomplete among them) have run.
 *
 * Django sends "formset:added" from the new row (bubbling, only when the editor adds one). A field is the first
 * input, select or text area that is shown and enabled; a select that select2 hides is reached through the box
 * select2 draws after it, which is what the keyboard uses.
 */
(function () {
  "use strict";

  function shown(element) {
    return element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
  }

  function firstField(row) {
    for (const field of row.querySelectorAll("input, select, textarea")) {
      if (field.type === "hidden" || field.disabled || field.readOnly) continue;
      if (field.classList.contains("select2-hidden-accessible")) {
        const box = field.nextElementSibling?.querySelector(".select2-selection");
        if (box && shown(box)) return box;
        continue;
      }
      if (shown(field)) return field;
    }
    return null;
  }

  document.addEventListener("formset:added", function (event) {
    const row = event.target;
    if (!(row instanceof Element)) return;
    // After the other listeners of this event (select2 is set up on it) and the browser's own layout of the row.
    setTimeout(function () {
      const field = firstField(row);
      if (field) field.focus();
    }, 0);
  });
})();
