// Swap the trailer poster for the provider's player when the reader asks for it,
// so no third-party frame, script or cookie loads before then.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.trailer__play[data-player]");
  if (!link) return;
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.src = link.dataset.player;
  frame.title = `${link.dataset.kind || "Video"}: ${link.dataset.title}`;
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  link.replaceWith(frame);
  frame.focus();
});
