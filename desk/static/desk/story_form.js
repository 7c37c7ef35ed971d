// The story form's helpers, each working without the others:
// - a counter under every box with a limit, which says when the text is too long
//   (the server refuses it with the same words; nothing is cut off while typing);
// - a warning before leaving the page with changes not saved;
// - the trailer's preview, shown as soon as its address is pasted;
// - an autosave of what is typed, every few seconds, to the editor's own row on the
//   server (desk/autosave.py): never the story itself, which only Save changes.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.querySelector("#content-main form");
  if (!form) return;

  // A new story starts in its headline. The admin's own script (loaded async, so done
  // by the window's load) focuses the form's first input: with the buttons on top, Save.
  var first = form.querySelector("[autofocus]");
  if (first) {
    window.addEventListener("load", function () {
      var now = document.activeElement;
      if (now === document.body || (now && now.type === "submit")) first.focus();
    });
  }

  document.querySelectorAll("[data-limit]").forEach(function (box) {
    var limit = Number(box.dataset.limit);
    var counter = document.createElement("span");
    counter.className = "nr-count";
    counter.id = box.id + "_count";
    box.setAttribute("aria-describedby", ((box.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    box.insertAdjacentElement("afterend", counter);
    function count() {
      var used = box.value.length;
      var over = used > limit;
      counter.textContent = over
        ? used + " characters: " + (used - limit) + " over the limit of " + limit
        : used + " of " + limit + " characters";
      counter.classList.toggle("nr-count--over", over);
    }
    box.addEventListener("input", count);
    // The slug is filled from the headline by the admin's own script, which sends no
    // event of its own: every box is counted again after any typing in the form.
    form.addEventListener("input", count);
    count();
  });

  var trailer = document.getElementById("id_trailer_url");
  var trailerPreview = document.querySelector("[data-trailer-preview]");
  if (trailer && trailerPreview) {
    var waiting = null;
    var shown = trailer.value.trim();
    trailer.addEventListener("input", function () {
      clearTimeout(waiting);
      waiting = setTimeout(function () {
        var address = trailer.value.trim();
        if (address === shown) return;
        shown = address;
        var url = trailerPreview.dataset.trailerPreview + "?url=" + encodeURIComponent(address);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
          .then(function (html) { if (address === shown) trailerPreview.innerHTML = html; })
          .catch(function () { trailerPreview.textContent = "The preview could not be loaded; save to see it."; });
      }, 400);
    });
  }

  // People, films and shows named in the text: suggested as it is typed, added to
  // "About" or "Mentions" with one click (desk/suggestions.py renders the buttons).
  var suggested = document.querySelector("[data-entity-suggestions]");
  if (suggested) {
    var asking = null;
    var lastAsked = "";
    var asked = 0; // only the answer to the latest question is shown
    var ask = function () {
      var data = new FormData();
      var token = form.querySelector("[name=csrfmiddlewaretoken]");
      if (token) data.append("csrfmiddlewaretoken", token.value);
      ["headline", "standfirst", "body"].forEach(function (name) {
        var box = form.elements[name];
        if (box) data.append(name, box.value);
      });
      ["about", "mentions"].forEach(function (name) {
        var box = form.elements[name];
        if (box) Array.prototype.forEach.call(box.selectedOptions, function (option) {
          data.append("chosen", option.value);
        });
      });
      var key = JSON.stringify(Array.from(data.entries()).filter(function (pair) { return pair[0] !== "csrfmiddlewaretoken"; }));
      if (key === lastAsked) return;
      lastAsked = key;
      var number = ++asked;
      fetch(suggested.dataset.entitySuggestions, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
        .then(function (html) { if (number === asked) suggested.innerHTML = html; })
        .catch(function () { lastAsked = ""; });
    };
    var later = function () { clearTimeout(asking); asking = setTimeout(ask, 800); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    if (window.django && window.django.jQuery) window.django.jQuery(form).on("change", later);
    suggested.addEventListener("click", function (event) {
      var button = event.target.closest("[data-add-entity]");
      if (!button) return;
      var select = form.elements[button.dataset.addEntity];
      if (!select) return;
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === button.dataset.id; });
      if (!option) {
        option = new Option(button.dataset.label, button.dataset.id, true, true);
        select.appendChild(option);
      }
      option.selected = true;
      if (window.django && window.django.jQuery) window.django.jQuery(select).trigger("change");
      else select.dispatchEvent(new Event("change", { bubbles: true }));
      button.closest("li").remove();
      ask();
    });
  }

  var changed = false;
  function edited() { changed = true; }
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  if (window.django && window.django.jQuery) {
    window.django.jQuery(form).on("change", edited); // the library and byline pickers
  }
  // Once the form is sent, leaving the page is the save itself: no warning, and no
  // autosave racing it (one landing after the save would be offered back as unsaved).
  var sent = false;
  form.addEventListener("submit", function () { changed = false; sent = true; });

  var status = document.getElementById("nr-autosave-status");
  var typedSince = false;
  function typed() { typedSince = true; }
  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  // The boxes an autosave keeps, as the server names them (desk/models.py).
  var AUTOSAVED = status ? status.dataset.fields.split(",") : [];
  function autosave() {
    if (!status || !typedSince || sent) return;
    typedSince = false;
    var data = new FormData();
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    if (token) data.append("csrfmiddlewaretoken", token.value);
    AUTOSAVED.forEach(function (name) {
      var box = form.elements[name];
      if (box && typeof box.value === "string") data.append(name, box.value);
    });
    fetch(status.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (answer) {
        status.textContent = answer[0]
          ? "Autosaved on " + answer[1].saved_at + " (only you see it until you save)."
          : answer[1].error;
      })
      .catch(function () {
        typedSince = true; // tried again at the next turn
        status.textContent = "Not autosaved: the server cannot be reached. Keep this tab open.";
      });
  }
  setInterval(autosave, Number((status && status.dataset.every) || 10000));
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") autosave();
  });
  window.addEventListener("beforeunload", function (event) {
    if (!changed) return;
    event.preventDefault();
    event.returnValue = ""; // browsers show their own "Leave site?" question
  });
});
