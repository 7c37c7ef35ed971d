// Within a day of a story, its time in lists reads "2 hours ago". Worked out here, in
// the reader's browser, from each <time datetime>: the server writes only the exact
// moment, since the page it makes may be kept for a day and its "ago" would go stale.
// Without this script the exact moment stays, which is true however old the page.
(function () {
  "use strict";
  var MINUTE = 60000;
  var DAY = 24 * 60 * MINUTE;

  function ago(ms) {
    var minutes = Math.floor(ms / MINUTE);
    if (minutes < 1) return "just now";
    if (minutes < 60) return minutes === 1 ? "1 minute ago" : minutes + " minutes ago";
    var hours = Math.floor(minutes / 60);
    return hours === 1 ? "1 hour ago" : hours + " hours ago";
  }

  function update() {
    var now = Date.now();
    document.querySelectorAll("time[data-ago]").forEach(function (time) {
      if (!time.dataset.exact) time.dataset.exact = time.textContent;
      var age = now - Date.parse(time.getAttribute("datetime"));
      // A clock a little behind the server's still says "just now"; anything odd, the exact time.
      if (!(age > -5 * MINUTE && age < DAY)) {
        time.textContent = time.dataset.exact;
        time.removeAttribute("title");
        return;
      }
      time.textContent = ago(Math.max(age, 0));
      time.title = time.dataset.exact;
    });
  }

  update();
  setInterval(update, MINUTE);
})();
