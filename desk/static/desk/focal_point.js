// A picture's focal point: a click on the preview fills in the two percentages, and
// the marker shows where they point. The number fields still work without it.
// On the story form, picking another picture from the library swaps the preview.
// Loaded in the head with the admin's other scripts, so it waits for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var preview = document.querySelector("[data-focal-preview]");
  if (!preview) return;
  var across = document.getElementById(preview.dataset.focalX);
  var down = document.getElementById(preview.dataset.focalY);
  if (!across || !down) return;
  var image = preview.querySelector("img");
  var marker = preview.querySelector(".nr-focal__marker");

  function show() {
    var x = across.value === "" ? 50 : Number(across.value);
    var y = down.value === "" ? 50 : Number(down.value);
    marker.style.left = x + "%";
    marker.style.top = y + "%";
    marker.hidden = image.hidden || (across.value === "" && down.value === "");
  }

  image.addEventListener("click", function (event) {
    var box = image.getBoundingClientRect();
    across.value = Math.round(((event.clientX - box.left) / box.width) * 100);
    down.value = Math.round(((event.clientY - box.top) / box.height) * 100);
    show();
  });
  across.addEventListener("input", show);
  down.addEventListener("input", show);
  show();

  // The library picker is a select2 widget; it tells jQuery, not the DOM, of a change.
  var picker = document.getElementById("id_hero");
  var pattern = preview.dataset.pictureUrl;
  if (!picker || !pattern || !window.django || !window.django.jQuery) return;
  window.django.jQuery(picker).on("change", function () {
    var empty = document.querySelector("[data-focal-empty]");
    if (picker.value) {
      image.src = pattern.replace(/\/0\/picture\/$/, "/" + encodeURIComponent(picker.value) + "/picture/");
      image.alt = "The picked picture";
      image.hidden = false;
      if (empty) empty.hidden = true;
    } else {
      image.hidden = true;
      if (empty) empty.hidden = false;
    }
    show();
  });
});
