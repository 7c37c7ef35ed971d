// The hero image's focal point: a click on the preview fills in the two percentages,
// and the marker shows where they point. The number fields still work without it.
// Loaded in the head with the admin's other scripts, so it waits for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var preview = document.querySelector("[data-focal-preview]");
  var across = document.getElementById("id_hero_focal_x");
  var down = document.getElementById("id_hero_focal_y");
  if (!preview || !across || !down) return;
  var image = preview.querySelector("img");
  var marker = preview.querySelector(".nr-focal__marker");

  function show() {
    var x = across.value === "" ? 50 : Number(across.value);
    var y = down.value === "" ? 50 : Number(down.value);
    marker.style.left = x + "%";
    marker.style.top = y + "%";
    marker.hidden = across.value === "" && down.value === "";
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
});
