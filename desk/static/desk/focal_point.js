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

  // A value written here is announced as typing would be, for the form's other
  // helpers (its counters, its check for unsaved changes) to see it.
  function put(field, value) {
    value = value === null || value === undefined ? "" : String(value);
    if (field.value === value) return;
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  image.addEventListener("click", function (event) {
    var box = image.getBoundingClientRect();
    put(across, Math.round(((event.clientX - box.left) / box.width) * 100));
    put(down, Math.round(((event.clientY - box.top) / box.height) * 100));
    show();
  });
  across.addEventListener("input", show);
  down.addEventListener("input", show);
  show();

  // The library picker is a select2 widget; it tells jQuery, not the DOM, of a change.
  // A picked picture shows at once with its description, which the editor need not
  // retype; a change to it is written to the library image, for every story using it.
  // Only another picture than the one shown brings its description: the admin sends
  // "change" for every picker as the page loads, and the boxes may hold the editor's
  // own words then (a refused form, unsaved work put back).
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
      if (field) put(field, picture[described[name]]);
    });
    put(across, picture.focal_x);
    put(down, picture.focal_y);
    var others = picture.stories;
    usage.textContent = others
      ? "This picture is used in " + others + (others === 1 ? " story" : " stories") +
        ": a change to its alt text, caption, credit or focal point shows there too."
      : "No story uses this picture yet.";
    usage.hidden = false;
    show();
  }

  // The picture the preview shows: the server drew it, or none (a form refused for a
  // file already in the library picks that picture without showing it). The admin's
  // scripts send "change" for every select as the page loads; the picture shown is
  // never fetched again, which would overwrite the form's description with the
  // library's current one (on a revision's page, the very description being restored).
  var shown = image.hidden || !image.getAttribute("src") ? "" : picker.value;

  function pick() {
    if (picker.value === shown) return;
    var chosen = (shown = picker.value);
    var empty = document.querySelector("[data-focal-empty]");
    if (!chosen) {
      image.hidden = true;
      usage.hidden = true;
      if (empty) empty.hidden = false;
      show();
      return;
    }
    if (empty) empty.hidden = true;
    var url = pattern.replace(/\/0\/picture\/$/, "/" + encodeURIComponent(chosen) + "/picture/");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (picture) { if (picker.value === chosen) fill(picture); })
      .catch(function () {
        if (shown === chosen) shown = ""; // asked again at the next change
        usage.textContent = "The picture's description could not be loaded; it is kept as it is in the library.";
        usage.hidden = false;
      });
  }
  window.django.jQuery(picker).on("change", pick);
  pick();
});
