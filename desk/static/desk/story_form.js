// The story form's helpers, each working without the others:
// - a counter under every box with a limit, which says when the text is too long
//   (the server refuses it with the same words; nothing is cut off while typing);
// - a warning before leaving the page with changes not saved;
// - the trailer's poster, shown as soon as its address is pasted, and the provider's
//   player only once the editor presses play;
// - an autosave of what is typed, every few seconds, to the editor's own row on the
//   server (desk/autosave.py): never the story itself, which only Save changes.
//
// The admin's own scripts (related-object links, autocompletes, the slug, the body's
// editor) send change and input events as the page loads, and fill boxes without
// any: so what counts as an edit is a difference between what the form holds and
// what it held once loaded, never an event.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.querySelector("#content-main form");
  if (!form) return;
  var jq = window.django && window.django.jQuery;

  // A new story starts in its headline. The admin's own script (loaded async, so done
  // by the window's load) focuses the form's first input: with the buttons on top, Save.
  var first = form.querySelector("[autofocus]");
  if (first) {
    window.addEventListener("load", function () {
      var now = document.activeElement;
      if (now === document.body || (now && now.type === "submit")) first.focus();
    });
  }

  // The video's kind follows a new story's headline ("… featurette" picks Featurette)
  // until the editor picks one: a default they see and can change, as the slug is.
  var kinds = form.querySelectorAll("input[name=video_kind]");
  var headline = form.elements.headline;
  if (kinds.length && headline && !form.querySelector("[name=loaded_version][value]:not([value=''])")) {
    var kindPicked = false;
    kinds.forEach(function (kind) {
      kind.addEventListener("change", function (event) { if (event.isTrusted) kindPicked = true; });
    });
    headline.addEventListener("input", function () {
      if (kindPicked) return;
      var words = headline.value.toLowerCase().match(/\b(trailer|teaser|featurette|clip|interview)s?\b/g);
      if (!words) return;
      var word = words[words.length - 1].replace(/s$/, "").replace("teaser", "trailer");
      kinds.forEach(function (kind) { kind.checked = kind.value === word; });
    });
  }

  // What every box holds, by name: lists, for the boxes that hold several values.
  function valuesOf(names) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (box) {
      var name = box.name;
      if (!name || name === "csrfmiddlewaretoken" || (names && names.indexOf(name) < 0)) return;
      if (/^(submit|button|reset|image|fieldset)$/.test(box.type)) return;
      var list = values[name] || (values[name] = []);
      if (box.type === "checkbox" || box.type === "radio") {
        if (box.checked) list.push(box.value);
      } else if (box.type === "file") {
        Array.prototype.forEach.call(box.files || [], function (file) { list.push(file.name + " " + file.size); });
      } else if (box.type === "select-multiple") {
        Array.prototype.forEach.call(box.selectedOptions, function (option) { list.push(option.value); });
      } else {
        list.push(box.value);
      }
    });
    return values;
  }
  function same(now, then) {
    var names = Object.keys(now).concat(Object.keys(then));
    return names.every(function (name) {
      return (now[name] || []).join("\u0000") === (then[name] || []).join("\u0000");
    });
  }

  var counters = [];
  function recount() { counters.forEach(function (count) { count(); }); }
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
    counters.push(count);
    count();
  });
  // Boxes are filled by scripts too: the slug from the headline (no event of its own),
  // a library picture's description (focal_point.js sends input), the browser itself
  // going back in history. Every box is counted again after any of them.
  form.addEventListener("input", recount);
  form.addEventListener("change", recount);
  if (jq) jq(form).on("change", recount);
  window.addEventListener("pageshow", recount);

  // The trailer: the server draws the poster (the still, if one is chosen) for the
  // address typed; the provider's player is asked for only when play is pressed.
  var trailer = document.getElementById("id_trailer_url");
  var trailerPreview = document.querySelector("[data-trailer-preview]");
  if (trailer && trailerPreview) {
    var still = form.elements.trailer_still;
    var waiting = null;
    var wanted = function () { return [trailer.value.trim(), still ? still.value : ""]; };
    var shown = wanted().join(" ");
    var draw = function () {
      var asked = wanted();
      var key = asked.join(" ");
      if (key === shown) return;
      shown = key;
      var headline = form.elements.headline;
      var url = trailerPreview.dataset.trailerPreview + "?" + new URLSearchParams({
        url: asked[0], still: asked[1], title: headline ? headline.value : ""
      });
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
        .then(function (html) { if (key === shown) trailerPreview.innerHTML = html; })
        .catch(function () { trailerPreview.textContent = "The preview could not be loaded; save to see it."; });
    };
    trailer.addEventListener("input", function () {
      clearTimeout(waiting);
      waiting = setTimeout(draw, 400);
    });
    if (still && jq) jq(still).on("change", draw); // a select2 box: jQuery hears it
    trailerPreview.addEventListener("click", function (event) {
      var play = event.target.closest("a.trailer__play[data-player]");
      if (!play) return;
      event.preventDefault();
      var player = document.createElement("iframe");
      player.src = play.dataset.player;
      player.title = "Trailer preview";
      player.width = 480;
      player.height = 270;
      player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      player.allowFullscreen = true;
      player.referrerPolicy = "strict-origin-when-cross-origin";
      (play.closest(".trailer__frame") || play).replaceWith(player);
      player.focus();
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

  // Unsaved: what a person changed since the form loaded. A refused form holds work
  // sent but not saved, so it counts as changed from the start.
  var refused = Array.prototype.some.call(form.querySelectorAll(".errornote"), function (note) {
    return !note.closest("[data-trailer-preview]");
  });
  var loaded = valuesOf();
  var used = false; // a key pressed, a click, a paste or a drop by a person, on the form
  ["keydown", "pointerdown", "paste", "drop"].forEach(function (type) {
    form.addEventListener(type, function (event) { if (event.isTrusted) used = true; }, true);
  });
  // Once the form is sent, leaving the page is the save itself: no warning, and no
  // autosave racing it (one landing after the save would be offered back as unsaved).
  var sent = false;
  form.addEventListener("submit", function () { sent = true; });
  function unsaved() { return !sent && (refused || !same(valuesOf(), loaded)); }

  var status = document.getElementById("nr-autosave-status");
  // The boxes an autosave keeps, as the server names them (desk/models.py).
  var AUTOSAVED = status ? status.dataset.fields.split(",") : [];
  // What the last autosave sent (null: send at the next turn); a form just opened
  // holds the story or the autosave already.
  var lastSent = refused ? null : JSON.stringify(valuesOf(AUTOSAVED));
  // The page has settled once loaded: what the admin's scripts wrote until then is
  // not the editor's doing (unless the editor was already at work).
  window.addEventListener("load", function () {
    if (!used) {
      loaded = valuesOf();
      lastSent = refused ? null : JSON.stringify(valuesOf(AUTOSAVED));
    }
  });
  // The body's editor starts later; it holds what the page was sent until typed in.
  form.addEventListener("prose-editor:ready", function (event) {
    var box = event.detail && event.detail.textarea;
    if (box && box.name) loaded[box.name] = [box.value];
  });
  function autosave() {
    if (!status || sent) return;
    var values = valuesOf(AUTOSAVED);
    var key = JSON.stringify(values);
    if (key === lastSent) return;
    lastSent = key;
    var data = new FormData();
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    if (token) data.append("csrfmiddlewaretoken", token.value);
    AUTOSAVED.forEach(function (name) {
      if (values[name] && values[name].length === 1) data.append(name, values[name][0]);
    });
    fetch(status.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (answer) {
        status.textContent = answer[0]
          ? "Autosaved on " + answer[1].saved_at + " (only you see it until you save)."
          : answer[1].error;
      })
      .catch(function () {
        if (lastSent === key) lastSent = null; // tried again at the next turn
        status.textContent = "Not autosaved: the server cannot be reached. Keep this tab open.";
      });
  }
  setInterval(autosave, Number((status && status.dataset.every) || 10000));
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") autosave();
  });
  window.addEventListener("beforeunload", function (event) {
    if (!unsaved()) return;
    event.preventDefault();
    event.returnValue = ""; // browsers show their own "Leave site?" question
  });
});
