// The course outline beside a lesson is a <details> drawer, closed by default so
// that small screens reach the lesson first. Where there is room for it beside
// the lesson, open it; without JavaScript it stays a working disclosure.
(function () {
  "use strict";
  var drawer = document.querySelector("[data-lesson-rail]");
  if (!drawer || !window.matchMedia) { return; }
  var wide = window.matchMedia("(min-width: 60rem)");
  var sync = function () { drawer.open = wide.matches; };
  sync();
  if (wide.addEventListener) { wide.addEventListener("change", sync); }
}());
