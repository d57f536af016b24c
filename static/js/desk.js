// The desk's queue by keyboard: j and k move through the rows, Enter opens the current one
// (its link has focus). Typing in a field is never taken for a shortcut.
document.addEventListener("keydown", function (event) {
  if (event.altKey || event.ctrlKey || event.metaKey) { return; }
  if (event.key !== "j" && event.key !== "k") { return; }
  var target = event.target;
  if (target.closest && target.closest("input, textarea, select, [contenteditable]")) { return; }
  var links = Array.prototype.slice.call(document.querySelectorAll("[data-queue] [data-row-link]"));
  if (!links.length) { return; }
  var current = links.indexOf(document.activeElement);
  var next = current === -1 ? 0 : current + (event.key === "j" ? 1 : -1);
  next = Math.max(0, Math.min(links.length - 1, next));
  links.forEach(function (link) { link.closest("tr").classList.remove("is-current"); });
  links[next].closest("tr").classList.add("is-current");
  links[next].focus();
  event.preventDefault();
});
