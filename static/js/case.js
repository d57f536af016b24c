// The case page, on top of forms that work without JavaScript (static/js/lineout.js runs first).
// 1. Each checklist tick is saved as it is made: the one item is posted to the checklist's
//    own URL, which answers JSON with the new count; the form's button stays for no script.
// 2. A form with files (upload, message) is sent with XMLHttpRequest to show its progress.
//    The server answers as for the browser (a redirect to the case, or the page with the
//    form's errors): its <main> replaces this one, messages and errors included.
(function () {
  "use strict";
  var saving = 0;         // checklist ticks on their way
  var waiting = [];       // what runs once they have arrived
  var inFlight = {};      // item -> true while its tick is being saved
  var changedAgain = {};  // item -> true when ticked again meanwhile: send the latest

  function prepare() {
    document.querySelectorAll("form[data-checklist] [data-checklist-save]").forEach(function (button) {
      button.hidden = true;
    });
  }

  function whenSaved(then) {
    if (saving === 0) { then(); } else { waiting.push(then); }
  }

  function arrived() {
    saving -= 1;
    if (saving === 0) { waiting.splice(0).forEach(function (then) { then(); }); }
  }

  function showSaved(data) {
    var progress = document.querySelector("[data-checklist-progress]");
    var meter = document.querySelector("[data-checklist-meter]");
    if (progress) { progress.textContent = data.progress; }
    if (meter) { meter.max = data.total; meter.value = data.done; meter.textContent = data.done + " / " + data.total; }
    document.querySelectorAll("[data-checklist-item]").forEach(function (item) {
      item.hidden = data.missing.indexOf(item.dataset.checklistItem) === -1;
    });
    var todo = document.querySelector("[data-submit-todo]");
    var ready = document.querySelector("[data-submit-ready]");
    if (todo && ready) {
      var left = todo.querySelectorAll("li:not([hidden])").length;
      todo.hidden = left === 0;
      ready.hidden = left !== 0;
    }
  }

  function saveTick(form, box) {
    var status = form.querySelector("[data-checklist-status]");
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    body.append("item", box.name);
    if (box.checked) { body.append(box.name, "on"); }
    inFlight[box.name] = true;
    saving += 1;
    // keepalive: a tick made just before leaving the page still arrives.
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", keepalive: true,
                         headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) { throw data; }
          return data;
        });
      })
      .then(function (data) {
        showSaved(data);
        status.classList.remove("error");
        status.textContent = data.status;
      })
      .catch(function (problem) {
        status.classList.add("error");
        status.textContent = (problem && problem.error) || form.dataset.failed;
        form.querySelector("[data-checklist-save]").hidden = false;
      })
      .then(function () {
        inFlight[box.name] = false;
        if (changedAgain[box.name]) { changedAgain[box.name] = false; saveTick(form, box); }
        arrived();
      });
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    var form = box.form;
    if (box.type !== "checkbox" || !form || !form.hasAttribute("data-checklist")) { return; }
    if (inFlight[box.name]) { changedAgain[box.name] = true; } else { saveTick(form, box); }
  });

  function chosenFiles(form) {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
  }

  function showPage(html, form) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var main = page.querySelector("main#main");
    if (!main) { form.submit(); return; }  // not one of our pages: let the browser post it
    document.title = page.title;
    document.querySelector("main#main").replaceWith(main);
    prepare();
    var invalid = main.querySelector(".field-invalid input, .field-invalid select, .field-invalid textarea");
    (invalid || main).focus();
    if (!invalid) { window.scrollTo(0, 0); }
  }

  function sendWithProgress(form, labels) {
    var box = form.querySelector("[data-progress]");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");
    var failed = form.querySelector("[data-progress-failed]");
    var request = new XMLHttpRequest();
    failed.hidden = true;
    box.hidden = false;
    request.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) { return; }
      var percent = Math.floor((event.loaded / event.total) * 100);
      bar.value = percent;
      text.textContent = percent + "%";
    });
    request.addEventListener("load", function () {
      var action = new URL(form.action, window.location.href).pathname;
      var landed = new URL(request.responseURL || form.action, window.location.href);
      if (landed.pathname !== window.location.pathname && landed.pathname !== action) {
        window.location.assign(landed.href);  // elsewhere (signed out meanwhile): go there
        return;
      }
      showPage(request.responseText, form);
    });
    request.addEventListener("error", function () {
      // Nothing was saved: the form stays as it was, ready to send again.
      box.hidden = true;
      failed.hidden = false;
      delete form.dataset.sending;
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[type=submit]").forEach(function (button, index) {
        button.disabled = false;
        button.textContent = labels[index];
      });
    });
    request.open("POST", form.action);
    request.send(new FormData(form));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.hasAttribute("data-checklist")) { return; }
    var withProgress = form.hasAttribute("data-upload-progress") && chosenFiles(form);
    if (!withProgress && saving === 0) { return; }  // the browser posts it, as without script
    event.preventDefault();
    var labels = Array.prototype.map.call(form.querySelectorAll("button[type=submit]"), function (button) {
      return button.textContent;
    });
    // The page the post leads to shows the checklist: let the ticks on their way arrive first.
    whenSaved(function () {
      if (withProgress) { sendWithProgress(form, labels); } else { form.submit(); }
    });
  });

  prepare();
}());
