// A live story's page, kept current without moving the text under the reader's eyes.
//
// Every 20 s or so (NEWSROOM_LIVE_CHECK_SECONDS; six times less often while the tab
// is hidden, longer after errors) it asks the story's update address what changed
// since the revision the page has. The answer is one small JSON document the cache or the edge keeps until the next entry; when
// nothing changed it holds only the revision. Edited entries change in place, deleted
// ones go, and new ones wait behind an "N new updates" button. Without this script a
// reload shows the same.
(() => {
  const root = document.querySelector("[data-updates]");
  if (!root || !window.fetch) return;

  const VISIBLE = (Number(root.dataset.every) || 20) * 1000;
  const HIDDEN = VISIBLE * 6;
  const MOST = Math.max(300000, VISIBLE);
  const address = root.dataset.updates;
  const onFirstPage = root.dataset.page === "1";
  const list = root.querySelector("[data-live-entries]");
  const top = root.querySelector("[data-live-top]");
  const news = root.querySelector("[data-live-news]");
  const button = root.querySelector("[data-live-show]");
  let revision = root.dataset.revision;
  let failures = 0;
  let timer = null;
  let lastCheck = Date.now();
  let reloadInstead = false;
  // New entries not shown yet, by id, newest first: their HTML.
  let waiting = new Map();

  const fragment = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template;
  };

  const shownEntry = (id) => list.querySelector(`[data-entry="${id}"]`);

  const firstInView = () => {
    for (const element of root.querySelectorAll("[data-entry]")) {
      if (element.getBoundingClientRect().bottom > 0) return element;
    }
    return null;
  };

  // Changes above what the reader is looking at must not push it away.
  const keepingPlace = (change) => {
    const anchor = firstInView();
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    if (anchor && anchor.isConnected) {
      const moved = anchor.getBoundingClientRect().top - before;
      if (moved) window.scrollBy(0, moved);
    }
  };

  const say = () => {
    const count = waiting.size;
    news.hidden = count === 0 && !reloadInstead;
    if (reloadInstead && count === 0) {
      button.textContent = "Show the latest updates";
      return;
    }
    button.textContent = count === 1 ? "1 new update" : `${count} new updates`;
  };

  const apply = (answer) => {
    if (String(answer.revision) === revision || !answer.ids) {
      revision = String(answer.revision);
      return;
    }
    const readable = new Set(answer.ids);
    const sent = new Map(answer.entries.map((item) => [item.id, item]));
    keepingPlace(() => {
      for (const element of list.querySelectorAll("[data-entry]")) {
        const id = Number(element.dataset.entry);
        if (!readable.has(id)) {
          element.remove(); // deleted, or waiting for an editor again
        } else if (sent.has(id) && element.dataset.revision !== String(sent.get(id).revision)) {
          element.replaceWith(fragment(sent.get(id).html).content);
        }
      }
      if (answer.top !== undefined) {
        const fresh = fragment(answer.top);
        if (fresh.innerHTML !== top.innerHTML) top.replaceChildren(fresh.content);
      }
    });
    // New: listed before the newest entry this page shows.
    const newest = list.querySelector("[data-entry]");
    const newestId = newest ? Number(newest.dataset.entry) : null;
    const fresh = new Map();
    for (const id of answer.ids) {
      if (id === newestId) break;
      if (shownEntry(id)) continue;
      const html = sent.has(id) ? sent.get(id).html : waiting.get(id);
      if (html === undefined) {
        reloadInstead = true; // too far behind to be sent everything
      } else {
        fresh.set(id, html);
      }
    }
    if (answer.complete === false) reloadInstead = true;
    waiting = fresh;
    revision = String(answer.revision);
    say();
  };

  const showNew = () => {
    if (reloadInstead || !onFirstPage) {
      // The first page, as the server makes it now.
      if (window.location.search) {
        window.location.assign(`${window.location.pathname}#live-heading`);
      } else {
        window.location.hash = "live-heading";
        window.location.reload();
      }
      return;
    }
    const empty = list.querySelector(".live__empty");
    if (empty) empty.remove();
    const items = [...waiting.values()].map((html) => fragment(html).content);
    list.prepend(...items);
    waiting = new Map();
    say();
    const first = list.querySelector("[data-entry]");
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  };

  const nextDelay = () => {
    // A little jitter, so that readers who opened the page together do not stay in step.
    const base = document.hidden ? HIDDEN : VISIBLE * (1 + Math.random() * 0.25);
    return Math.min(base * 2 ** failures, MOST);
  };

  const schedule = (delay) => {
    clearTimeout(timer);
    timer = setTimeout(check, delay);
  };

  async function check() {
    lastCheck = Date.now();
    let ended = false;
    try {
      const response = await fetch(`${address}?since=${encodeURIComponent(revision)}`, {
        headers: { Accept: "application/json" },
        // Always asked again, with the ETag: a 304 when nothing changed, and never an
        // answer the browser kept stale while it revalidates.
        cache: "no-cache",
      });
      if (!response.ok) throw new Error(`The update address answered ${response.status}`);
      const answer = await response.json();
      failures = 0;
      apply(answer);
      ended = answer.live === false;
    } catch (error) {
      failures = Math.min(failures + 1, 6);
    }
    if (!ended) schedule(nextDelay());
  }

  button.addEventListener("click", showNew);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && Date.now() - lastCheck > VISIBLE) schedule(1000);
  });
  schedule(nextDelay());
})();
