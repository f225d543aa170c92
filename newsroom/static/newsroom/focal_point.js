// The focal-point picker of an image's admin page (newsroom/admin/images.py): a click on the thumbnail sets the
// "Focal point x" and "Focal point y" fields (fractions from the left and the top); typing in them moves the marker.
// The fields stay ordinary number inputs, so the keyboard sets the point as well as the pointer does.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector("[data-focal-picker]");
  const x = document.querySelector('input[data-focal-axis="x"]');
  const y = document.querySelector('input[data-focal-axis="y"]');
  if (!picker || !x || !y) {
    return;
  }
  const image = picker.querySelector("img");
  const marker = picker.querySelector(".focal-marker");
  const clamp = (value) => Math.min(1, Math.max(0, value));
  const place = () => {
    const fx = clamp(parseFloat(x.value) || 0);
    const fy = clamp(parseFloat(y.value) || 0);
    marker.style.left = `${fx * image.clientWidth}px`;
    marker.style.top = `${fy * image.clientHeight}px`;
    marker.hidden = false;
  };
  image.addEventListener("click", (event) => {
    const box = image.getBoundingClientRect();
    x.value = clamp((event.clientX - box.left) / box.width).toFixed(3);
    y.value = clamp((event.clientY - box.top) / box.height).toFixed(3);
    x.dispatchEvent(new Event("change", { bubbles: true }));
    place();
  });
  x.addEventListener("input", place);
  y.addEventListener("input", place);
  x.setAttribute("aria-describedby", "focal-picker-help");
  y.setAttribute("aria-describedby", "focal-picker-help");
  if (image.complete) {
    place();
  } else {
    image.addEventListener("load", place);
  }
});
