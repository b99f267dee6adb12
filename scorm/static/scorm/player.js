/* The academy side of a package lesson: the real SCORM run-time API (scorm-again)
 * behind a cross-frame server. The package runs in a sandboxed frame on another
 * origin and reaches this API only by postMessage; every commit goes to the
 * academy's commit URL, which checks every value again. On unload the data is
 * sent once more by sendBeacon so closing the tab loses nothing. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("scorm-player-config").textContent);
  var frame = document.querySelector(".scorm-player__frame");
  var status = document.querySelector("[data-scorm-status]");
  var is12 = config.schema === "1.2";
  var finished = false;

  function envelope(cmi, terminate) {
    return {token: config.token, terminate: !!terminate, cmi: cmi};
  }

  var settings = {
    lmsCommitUrl: config.commitUrl,
    dataCommitFormat: "flattened",
    autocommit: true,
    autocommitSeconds: 30,
    xhrHeaders: {"X-CSRFToken": config.csrf},
    logLevel: 4,
    requestHandler: function (cmi, metadata) {
      return envelope(cmi, metadata && metadata.isTerminateCommit);
    }
  };
  var api = is12 ? new Scorm12API(settings) : new Scorm2004API(settings);
  api.loadFromFlattenedJSON(config.launch, "");

  // Only the package's own frames may talk to the API.
  function fromPackage(source) {
    try {
      for (var w = source; w; w = (w === w.parent ? null : w.parent)) {
        if (w === frame.contentWindow) { return true; }
      }
    } catch (e) { return false; }
    return false;
  }
  window.addEventListener("message", function (event) {
    if (!fromPackage(event.source) ||
        (config.contentOrigin && event.origin !== config.contentOrigin)) {
      event.stopImmediatePropagation();
    }
  });
  new CrossFrameLMS(api, config.contentOrigin || "*");

  // Load the package only now that the API is listening.
  frame.src = frame.getAttribute("data-src");

  function say(text) { if (status) { status.textContent = text; } }
  // A multi-SCO package's SCO may ask, before Terminate, to move on
  // (adl.nav.request): the academy opens what it asked for once it has ended.
  var navForm = document.querySelector("[data-scorm-nav]");
  var navRequest = "";
  if (!is12) {
    api.on("SetValue.adl.nav.request", function (element, value) {
      navRequest = String(value || "");
    });
  }
  api.on(is12 ? "LMSFinish" : "Terminate", function () {
    finished = true;
    say("Your progress is saved.");
    if (pending) { leave(pending); return; }
    if (navForm && navRequest && navRequest !== "_none_") {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = "nav";
      field.value = navRequest;
      navForm.appendChild(field);
      // Let the Terminate beacon leave first.
      window.setTimeout(function () { navForm.submit(); }, 400);
    }
  });
  api.on(is12 ? "LMSCommit" : "Commit", function () { say("Progress saved."); });

  // Moving to another part of a multi-SCO package: the open SCO is unloaded
  // first, so it ends its session (Terminate) and its data is stored before the
  // next part starts; a SCO that does not terminate is committed as it stands.
  var pending = null;
  function leave(target) {
    if (pending !== target) { return; }
    pending = null;
    window.setTimeout(function () {
      if (target.tagName === "A") { window.location.href = target.href; }
      else { target.submit(); }
    }, 400);
  }
  function unloadThen(target) {
    pending = target;
    frame.src = "about:blank";
    window.setTimeout(function () {
      if (pending !== target) { return; }
      var cmi;
      try { cmi = api.renderCommitCMI(false); } catch (e) { leave(target); return; }
      finished = true;
      fetch(config.commitUrl, {
        method: "POST",
        body: JSON.stringify(envelope(cmi, false)),
        headers: {"Content-Type": "text/plain;charset=UTF-8"},
        credentials: "same-origin",
        keepalive: true
      }).catch(function () {}).then(function () { leave(target); });
    }, 3000);
  }
  var close = document.querySelector("[data-scorm-close]");
  if (close) {
    close.addEventListener("click", function (event) {
      if (finished || pending) { return; }
      event.preventDefault();
      unloadThen(close);
    });
  }
  document.querySelectorAll(".scorm-outline form, [data-scorm-nav]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (finished || form.dataset.leaving) { return; }
      event.preventDefault();
      var submitter = event.submitter;
      if (submitter && submitter.name) {
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = submitter.name;
        field.value = submitter.value;
        form.appendChild(field);
      }
      form.dataset.leaving = "1";
      unloadThen(form);
    });
  });

  window.addEventListener("pagehide", function () {
    if (finished || !navigator.sendBeacon) { return; }
    var cmi;
    try { cmi = api.renderCommitCMI(false); } catch (e) { return; }
    navigator.sendBeacon(config.commitUrl, new Blob(
      [JSON.stringify(envelope(cmi, false))], {type: "text/plain;charset=UTF-8"}));
  });
})();
