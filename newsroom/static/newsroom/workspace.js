/*
 * The article page as a workspace (change_form.html): its header stays at the top of the window, so the panels and
 * the checks scroll to just below it (--workspace-header-height); the header's link to the panel in view is marked
 * (aria-current), and each link says how many errors its panel holds after a save that was refused.
 * The page works without this script: every panel is on the page, the links are links.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const header = document.getElementById("workspace-header");
  const nav = document.getElementById("workspace-nav");
  if (!header || !nav) return;
  const WORDS = JSON.parse(document.getElementById("article-page-words")?.textContent || "{}");

  function measureHeader() {
    const sticky = getComputedStyle(header).position === "sticky";
    document.documentElement.style.setProperty("--workspace-header-height", (sticky ? header.offsetHeight : 0) + "px");
  }
  measureHeader();
  window.addEventListener("resize", measureHeader);
  new ResizeObserver(measureHeader).observe(header);

  const links = Array.from(nav.querySelectorAll("a[href^='#']"));
  const targets = links.map((link) => document.getElementById(link.getAttribute("href").slice(1)));

  // The errors a refused save left in each panel, in its link's words ("References (2 errors)").
  links.forEach(function (link, index) {
    const target = targets[index];
    const errors = target ? target.querySelectorAll(".errorlist li").length : 0;
    if (errors) {
      const template = errors === 1 ? (WORDS.one_error || "1 error") : (WORDS.errors || "%(count)s errors");
      link.append(" (" + template.split("%(count)s").join(String(errors)) + ")");
      link.classList.add("has-errors");
    }
  });

  // The panel in view: the last whose top has passed the header's bottom.
  function markCurrent() {
    const line = header.getBoundingClientRect().bottom + 1;
    let current = -1;
    targets.forEach(function (target, index) {
      if (target && target.getBoundingClientRect().top <= line + 40 && !target.classList.contains("workspace-checks")) {
        current = index;
      }
    });
    links.forEach((link, index) => link.setAttribute("aria-current", index === current ? "true" : "false"));
  }
  let pending = false;
  window.addEventListener("scroll", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        markCurrent();
      });
    }
  }, {passive: true});
  markCurrent();

  // A link to a panel moves the keyboard's focus there too, so the next Tab is in the panel.
  links.forEach(function (link, index) {
    link.addEventListener("click", function () {
      const target = targets[index];
      if (target) window.setTimeout(() => target.focus({preventScroll: true}), 0);
    });
  });
});
