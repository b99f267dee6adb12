/* Draw every Vega-Lite spec on the page with vega-embed.
 * Each chart sits in an element with data-vega-spec="<id of a JSON script tag>";
 * the same figures are always in an HTML table next to it. */
(function () {
  "use strict";

  function drawAll() {
    var targets = document.querySelectorAll("[data-vega-spec]");
    Array.prototype.forEach.call(targets, function (target) {
      var source = document.getElementById(target.getAttribute("data-vega-spec"));
      if (!source || typeof window.vegaEmbed !== "function") {
        return;
      }
      var spec = JSON.parse(source.textContent);
      window
        .vegaEmbed(target, spec, { actions: false, renderer: "svg" })
        .then(function () {
          target.setAttribute("data-rendered", "true");
        })
        .catch(function () {
          target.textContent =
            "The chart could not be drawn; the table shows the same figures.";
        });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
