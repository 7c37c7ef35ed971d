// The live desk's helpers (desk/live.py). The page works without them: each form
// posts and the server redirects back with a message. With them:
// - Ctrl+Enter (Cmd+Enter on a Mac) posts the new entry, or saves the one edited;
// - the new entry is posted without leaving the page, and the list shows it at once;
// - the list asks every few seconds whether anything changed (another editor's entry)
//   and, if so, shows the new one, unless an entry is being edited or deleted here;
// - "Delete" and "End coverage" ask in a dialog instead of on a second page.
(function () {
  "use strict";
  var CHECK_EVERY = 10000;
  var postEditor = null; // the new-entry box's editor (django-prose-editor's TipTap)

  document.addEventListener("prose-editor:ready", function (event) {
    var form = event.detail.textarea.closest("form");
    if (form && form.hasAttribute("data-live-post")) postEditor = event.detail.editor;
  });

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector("[data-live-list]");
    var postForm = document.querySelector("form[data-live-post]");

    // Ctrl+Enter, caught before the editor would make it a line break.
    document.addEventListener(
      "keydown",
      function (event) {
        if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
        var form = event.target.closest && event.target.closest("form[data-live-post], form[data-live-edit]");
        if (!form) return;
        event.preventDefault();
        event.stopPropagation();
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      },
      true
    );

    // A question asked in a dialog: the server asks on a page of its own otherwise.
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var question = form.getAttribute("data-confirm");
      if (!question) return;
      if (!window.confirm(question)) {
        event.preventDefault();
        return;
      }
      if (!form.querySelector("input[name=confirmed]")) {
        var yes = document.createElement("input");
        yes.type = "hidden";
        yes.name = "confirmed";
        yes.value = "1";
        form.appendChild(yes);
      }
    });

    function showEntries(html, revision) {
      if (!list) return;
      list.innerHTML = html;
      if (revision !== undefined && revision !== null) list.dataset.revision = revision;
    }

    function say(box, text, isError, details) {
      box.innerHTML = "";
      var note = document.createElement(isError ? "div" : "p");
      note.className = isError ? "errornote" : "nr-live__said";
      note.setAttribute("role", isError ? "alert" : "status");
      var first = document.createElement("p");
      first.textContent = text;
      note.appendChild(first);
      if (details && details.length) {
        var items = document.createElement("ul");
        details.forEach(function (error) {
          error.messages.forEach(function (message) {
            var item = document.createElement("li");
            item.textContent = (error.label ? error.label + ": " : "") + message;
            items.appendChild(item);
          });
        });
        note.appendChild(items);
      }
      box.appendChild(note);
    }

    function emptyPostBox(form) {
      ["title", "link", "picture"].forEach(function (name) {
        var box = form.elements.namedItem(name);
        if (box) box.value = "";
      });
      ["pinned", "key_moment"].forEach(function (name) {
        var box = form.elements.namedItem(name);
        if (box) box.checked = false;
      });
      var label = form.querySelector(".field-picture strong");
      if (label) label.remove();
      if (postEditor) {
        postEditor.commands.clearContent(true);
        postEditor.commands.focus();
      } else if (form.elements.namedItem("body")) {
        form.elements.namedItem("body").value = "";
      }
      form.querySelectorAll(".errorlist").forEach(function (errors) { errors.remove(); });
      form.querySelectorAll(".form-row.errors").forEach(function (row) { row.classList.remove("errors"); });
    }

    if (postForm && window.fetch && window.FormData) {
      var feedback = postForm.querySelector("[data-live-feedback]");
      var button = postForm.querySelector("input[type=submit]");
      var sending = false;
      postForm.addEventListener("submit", function (event) {
        event.preventDefault();
        if (sending) return; // one click, one entry
        sending = true;
        button.disabled = true;
        fetch(postForm.action, {
          method: "POST",
          body: new FormData(postForm),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if ((response.headers.get("Content-Type") || "").indexOf("application/json") === -1) {
              // Signed out, or refused: said in words, and the text stays.
              return {
                ok: false,
                answer: {
                  message: "Not posted: the desk answered " + response.status +
                    ". Your text is still here; reload the page (signing in again if asked) and try again.",
                },
              };
            }
            return response.json().then(function (answer) {
              return { ok: response.ok, answer: answer };
            });
          })
          .then(function (result) {
            var answer = result.answer;
            if (result.ok && answer.ok) {
              emptyPostBox(postForm);
              if (answer.entries !== undefined && (list && list.dataset.page === "1")) {
                showEntries(answer.entries, answer.revision);
              }
              say(feedback, answer.message, false);
            } else {
              // Nothing was posted: what was typed stays in the box.
              say(feedback, answer.message || "Not posted.", true, answer.errors);
            }
          })
          .catch(function () {
            say(
              feedback,
              "Not posted: the desk could not be reached. Your text is still here; try again.",
              true
            );
          })
          .then(function () {
            sending = false;
            button.disabled = false;
          });
      });
    }

    // Other editors' entries, shown as they come.
    if (list && list.dataset.entriesUrl && list.dataset.page === "1") {
      setInterval(function () {
        if (document.hidden) return;
        if (list.querySelector("form[data-live-edit], .nr-live__confirm")) return;
        var url = list.dataset.entriesUrl + "?revision=" + encodeURIComponent(list.dataset.revision);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) {
            if (response.status !== 200) return;
            var revision = response.headers.get("X-Live-Revision");
            return response.text().then(function (html) {
              if (list.querySelector("form[data-live-edit], .nr-live__confirm")) return;
              showEntries(html, revision);
            });
          })
          .catch(function () {});
      }, CHECK_EVERY);
    }
  });
})();
