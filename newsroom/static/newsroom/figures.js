/*
 * "Insert image" beside each Markdown text of the article page (the introduction, each section's body, each FAQ's
 * answer): the media library opens in the admin's own lookup pop-up, and the image picked is written where the
 * cursor was as ![](image:ID), which the public document shows with the image's alt text and renditions.
 * Rows added later get their button too. Without scripts, an image's page gives the same text to paste.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const form = document.getElementById("article_form");
  const library = document.getElementById("image-library")?.dataset.url;  // only for editors who may see images
  if (!form || !library || !window.django) return;
  const $ = django.jQuery;
  const WORDS = JSON.parse(document.getElementById("article-page-words")?.textContent || "{}");
  const MARKDOWN = /^(id_intro|id_sections-\d+-body|id_faqs-\d+-answer)$/;

  function label(textarea) {
    const own = document.querySelector('label[for="' + textarea.id + '"]');
    return own ? own.textContent.replace(/:$/, "").trim() : textarea.name;
  }

  function equip(textarea) {
    if (!MARKDOWN.test(textarea.id) || textarea.dataset.figurePicker) return;
    textarea.dataset.figurePicker = "1";
    // Django's pop-up sets the value of the element named like its window (RelatedObjectLookups.js).
    const picked = document.createElement("input");
    picked.type = "hidden";
    picked.id = "figure_for_" + textarea.id;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button insert-image";
    button.textContent = WORDS.insert_image || "Insert image";
    button.setAttribute("aria-label", (WORDS.insert_image_named || "Insert image into %(name)s, from the media library")
      .split("%(name)s").join(label(textarea)));
    let cursor = null;
    button.addEventListener("click", function () {
      cursor = [textarea.selectionStart, textarea.selectionEnd];
      const url = new URL(library, window.location.href);
      url.searchParams.set("_popup", "1");
      url.searchParams.set("_to_field", "id");
      const win = window.open(url, picked.id + "__1", "height=600,width=900,resizable=yes,scrollbars=yes");
      if (win) win.focus();
    });
    $(picked).on("change", function () {
      if (!/^[1-9][0-9]*$/.test(picked.value)) return;
      const figure = "![](image:" + picked.value + ")";
      const [start, end] = cursor || [textarea.value.length, textarea.value.length];
      textarea.value = textarea.value.slice(0, start) + figure + textarea.value.slice(end);
      textarea.focus();
      textarea.setSelectionRange(start + figure.length, start + figure.length);
      textarea.dispatchEvent(new Event("input", {bubbles: true}));  // the live checks and "unsaved" follow
      picked.value = "";
    });
    textarea.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", picked);
  }

  for (const textarea of form.querySelectorAll("textarea")) equip(textarea);
  $(document).on("formset:added", function (event) {
    for (const textarea of event.target.querySelectorAll("textarea")) equip(textarea);
  });
});
