// Small touches on top of pages that work without JavaScript.
// A form that is being sent cannot be sent twice: its submit buttons are disabled and,
// where the form says so (data-busy-label), the button tells what is happening.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || event.defaultPrevented) { return; }
  if (form.dataset.sending === "1") { event.preventDefault(); return; }
  form.dataset.sending = "1";
  form.setAttribute("aria-busy", "true");
  var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
  // Disable after this tick, so the clicked button's own name and value are still sent.
  window.setTimeout(function () {
    buttons.forEach(function (button) {
      button.disabled = true;
      if (form.dataset.busyLabel && button.tagName === "BUTTON") {
        button.textContent = form.dataset.busyLabel;
      }
    });
  }, 0);
});
// Coming back with the browser's back button shows the page from cache: make it usable.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sending]").forEach(function (form) {
    delete form.dataset.sending;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
      b.disabled = false;
    });
  });
});
// The header's "Menu" (a <details>) is for narrow screens: wider, its links show inline, so
// keep it open there (browsers without ::details-content would hide them); Escape closes it.
(function () {
  var menu = document.querySelector(".site-menu");
  if (!menu) { return; }
  var wide = window.matchMedia("(min-width: 48rem)");
  function fit() { menu.open = wide.matches; }
  fit();
  wide.addEventListener("change", fit);
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
// Time zones: the browser knows the customer's. On sign-up it is sent with the form (the new
// account starts in it; the server checks it); in the settings menu, that zone and the
// others of its country at the same offset move to a first group. Nothing is selected for them.
(function () {
  var inputs = document.querySelectorAll("input[data-browser-timezone]");
  var menus = document.querySelectorAll("select[data-timezone-menu]");
  if (!inputs.length && !menus.length) { return; }  // Intl's first use costs: only when needed
  var browserZone;
  try { browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (error) { return; }
  if (!browserZone) { return; }
  inputs.forEach(function (input) {
    if (!input.value) { input.value = browserZone; }
  });
  // Browsers may name a zone by an older alias (Asia/Calcutta): compare as the browser names them.
  function isBrowserZone(option) {
    try {
      return new Intl.DateTimeFormat("en", { timeZone: option.value })
        .resolvedOptions().timeZone === browserZone;
    } catch (error) { return false; }
  }
  menus.forEach(function (select) {
    var options = Array.prototype.slice.call(select.options);
    var mine = options.filter(function (o) { return o.value === browserZone; })[0] ||
      options.filter(isBrowserZone)[0];
    if (!mine) { return; }
    var likely = options.filter(function (o) {
      return o !== mine && o.dataset.country && o.dataset.country === mine.dataset.country &&
        o.dataset.offset === mine.dataset.offset;
    });
    var group = document.createElement("optgroup");
    group.label = select.dataset.suggestedLabel || "";
    [mine].concat(likely).forEach(function (option) { group.appendChild(option); });
    select.insertBefore(group, select.firstChild);
    select.querySelectorAll("optgroup").forEach(function (g) { if (!g.children.length) { g.remove(); } });
  });
})();
