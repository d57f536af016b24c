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
