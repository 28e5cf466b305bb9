/* Draws the chart whose Vega-Lite spec sits in the page, and tells a framing page our
   height. Vega runs with `ast: true`, so expressions go through vega-interpreter (bundled
   in vega-embed) instead of `new Function`: the page's CSP allows no eval. */
(function () {
  "use strict";

  var MESSAGE = "prisoner-counts:resize";

  function postHeight() {
    if (window.parent === window) return;
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({ type: MESSAGE, height: height, url: location.href }, "*");
  }

  function draw(container) {
    var spec = JSON.parse(document.getElementById(container.dataset.spec).textContent);
    var options = {
      renderer: "svg",
      actions: false,
      ast: true,
      defaultStyle: false,
      tooltip: { theme: container.dataset.theme === "dark" ? "dark" : "light", disableDefaultStyle: true },
      loader: { target: "_blank", rel: "noopener noreferrer" }
    };
    return vegaEmbed(container, spec, options).then(function (result) {
      container.classList.add("drawn");
      postHeight();
      return result;
    });
  }

  var charts = document.querySelectorAll(".chart[data-spec]");
  Array.prototype.forEach.call(charts, function (container) {
    draw(container).catch(function (error) {
      container.textContent = "The chart could not be drawn: " + error.message;
    });
  });
  if (window.ResizeObserver) new ResizeObserver(postHeight).observe(document.documentElement);
  window.addEventListener("load", postHeight);
  document.addEventListener("toggle", postHeight, true);
})();
