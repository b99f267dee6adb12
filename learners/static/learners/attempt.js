// Time on each question of a knowledge check (ADR 0026), posted with every check
// and submission as hidden "t-<question id>" fields. A question's clock runs
// while something in it has focus or, when nothing in the form does, while it
// is the question most in view; never while the page is hidden, and no longer
// once the question is checked. The server clamps every figure and ignores
// junk; without this script it splits the attempt's duration evenly.
// Plain script, no build step.
(function () {
  "use strict";
  var form = document.querySelector("form[data-timed]");
  if (!form) { return; }
  var TICK_MS = 500;
  var seconds = {};
  var fields = {};
  var focused = null;
  var lastTick = performance.now();
  var lastChecked = null;

  function question(id) { return document.getElementById("question-" + id); }

  function questions() {
    return Array.prototype.slice.call(form.querySelectorAll("fieldset[data-question]"));
  }

  questions().forEach(function (fieldset) {
    var id = fieldset.getAttribute("data-question");
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "t-" + id;
    input.value = "0";
    form.appendChild(input);
    seconds[id] = 0;
    fields[id] = input;
  });

  function mostInView() {
    var best = null;
    var bestArea = 0;
    var height = window.innerHeight || document.documentElement.clientHeight;
    questions().forEach(function (fieldset) {
      var box = fieldset.getBoundingClientRect();
      var visible = Math.min(box.bottom, height) - Math.max(box.top, 0);
      if (visible > bestArea) {
        bestArea = visible;
        best = fieldset.getAttribute("data-question");
      }
    });
    return best;
  }

  function tick() {
    var now = performance.now();
    var delta = (now - lastTick) / 1000;
    lastTick = now;
    if (document.visibilityState === "hidden") { return; }
    var id = focused || mostInView();
    var fieldset = id && question(id);
    if (!fieldset || fieldset.hasAttribute("data-locked") || !(id in seconds)) { return; }
    seconds[id] += delta;
    fields[id].value = seconds[id].toFixed(1);
  }

  form.addEventListener("focusin", function (event) {
    var fieldset = event.target.closest && event.target.closest("fieldset[data-question]");
    focused = fieldset ? fieldset.getAttribute("data-question") : null;
  });
  form.addEventListener("focusout", function (event) {
    if (!event.relatedTarget || !form.contains(event.relatedTarget)) { focused = null; }
  });
  form.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[hx-post]");
    var fieldset = button && button.closest("fieldset[data-question]");
    if (fieldset) {
      tick();
      lastChecked = fieldset.getAttribute("data-question");
    }
  });
  document.addEventListener("visibilitychange", function () { lastTick = performance.now(); });
  window.setInterval(tick, TICK_MS);

  // After htmx swaps a checked question in, move focus to its result (or to the
  // message saying why it was not checked), so a screen reader reads it out.
  function afterSwap() {
    if (!lastChecked) { return; }
    var fieldset = question(lastChecked);
    var target = fieldset && (fieldset.querySelector("[data-check-result]") ||
      fieldset.querySelector("[role=alert]"));
    if (!target && !fieldset) {
      target = document.querySelector("#question-" + lastChecked);
    }
    if (target) {
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus();
    }
    lastChecked = null;
  }
  document.addEventListener("htmx:after:swap", afterSwap);
  document.addEventListener("htmx:afterSwap", afterSwap);
}());
