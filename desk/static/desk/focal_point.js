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
  // A picked picture shows at once with its description, which the editor need not
  // retype; a change to it is written to the library image, for every story using it.
  var picker = document.getElementById("id_hero");
  var pattern = preview.dataset.pictureUrl;
  if (!picker || !pattern || !window.django || !window.django.jQuery) return;
  var described = { hero_alt: "alt", hero_caption: "caption", hero_credit: "credit" };
  var usage = document.createElement("p");
  usage.className = "help nr-picture-use";
  usage.hidden = true;
  preview.parentNode.insertBefore(usage, preview.nextSibling);

  function fill(picture) {
    image.src = picture.src;
    if (picture.srcset) {
      image.srcset = picture.srcset;
      image.sizes = "480px";
    } else {
      image.removeAttribute("srcset");
    }
    image.alt = picture.alt;
    image.hidden = false;
    Object.keys(described).forEach(function (name) {
      var field = document.getElementById("id_" + name);
      if (field) field.value = picture[described[name]] || "";
    });
    across.value = picture.focal_x === null ? "" : picture.focal_x;
    down.value = picture.focal_y === null ? "" : picture.focal_y;
    var others = picture.stories;
    usage.textContent = others
      ? "This picture is used in " + others + (others === 1 ? " story" : " stories") +
        ": a change to its alt text, caption, credit or focal point shows there too."
      : "No story uses this picture yet.";
    usage.hidden = false;
    show();
  }

  // The admin's own scripts send "change" for every select as the page loads: only a
  // picture other than the one shown is fetched. Fetching the one shown would overwrite
  // the form's description with the library's current one, and on a revision's page
  // that is the description the restore is meant to undo.
  var shownPicture = picker.value;
  window.django.jQuery(picker).on("change", function () {
    if (picker.value === shownPicture) return;
    shownPicture = picker.value;
    var empty = document.querySelector("[data-focal-empty]");
    if (!picker.value) {
      image.hidden = true;
      usage.hidden = true;
      if (empty) empty.hidden = false;
      show();
      return;
    }
    if (empty) empty.hidden = true;
    var url = pattern.replace(/\/0\/picture\/$/, "/" + encodeURIComponent(picker.value) + "/picture/");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(fill)
      .catch(function () {
        usage.textContent = "The picture's description could not be loaded; it is kept as it is in the library.";
        usage.hidden = false;
      });
  });
});
