// The share row's two buttons, shown only where they can work: copying the link
// (the clipboard) and the device's own share sheet (navigator.share). The other
// ways to share are plain links, which need no script.
(() => {
  const status = document.querySelector("[data-share-status]");
  const copy = document.querySelector("[data-share-copy]");
  const native = document.querySelector("[data-share-native]");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    const button = copy.querySelector("button");
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(button.dataset.url).then(
        () => {
          button.textContent = "Link copied";
          say("The story's link is copied.");
        },
        () => say("The link could not be copied."),
      );
    });
  }
  if (native && navigator.share) {
    native.hidden = false;
    const button = native.querySelector("button");
    button.addEventListener("click", () => {
      navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(() => {});
    });
  }
})();
