/* Draws the chart whose Vega-Lite spec sits in the page, and tells a framing page our
   height. Vega runs with `ast: true`, so expressions go through vega-interpreter (bundled
   in vega-embed) instead of `new Function`: the page's CSP allows no eval.
   A spec that fills its container carries a narrow and a wide layout (titles wrapped,
   legends arranged); the container's width picks one, again when it crosses 480 px. */
(function () {
  "use strict";

  var MESSAGE = "prisoner-counts:resize";
  var WIDE = 480;

  function postHeight() {
    if (window.parent === window) return;
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({ type: MESSAGE, height: height, url: location.href }, "*");
  }

  function layoutFor(container) {
    return container.clientWidth >= WIDE ? "wide" : "narrow";
  }

  function withLayout(spec, name) {
    var layouts = spec.usermeta && spec.usermeta.layouts;
    if (!layouts) return spec;
    var chosen = layouts[name];
    var laid = Object.assign({}, spec, { title: chosen.title, config: Object.assign({}, spec.config) });
    Object.keys(chosen.config).forEach(function (key) {
      laid.config[key] = Object.assign({}, spec.config[key], chosen.config[key]);
    });
    return laid;
  }

  function draw(container, spec) {
    var options = {
      renderer: "svg",
      actions: false,
      ast: true,
      defaultStyle: false,
      tooltip: { theme: container.dataset.theme === "dark" ? "dark" : "light", disableDefaultStyle: true },
      loader: { target: "_blank", rel: "noopener noreferrer" }
    };
    container.dataset.layout = layoutFor(container);
    return vegaEmbed(container, withLayout(spec, container.dataset.layout), options).then(function (result) {
      container.classList.add("drawn");
      postHeight();
      return result;
    });
  }

  function show(container) {
    var spec = JSON.parse(document.getElementById(container.dataset.spec).textContent);
    var view = draw(container, spec);
    var fail = function (error) { container.textContent = "The chart could not be drawn: " + error.message; };
    view.catch(fail);
    if (!window.ResizeObserver || !(spec.usermeta && spec.usermeta.layouts)) return;
    new ResizeObserver(function () {
      if (layoutFor(container) === container.dataset.layout) return;
      view = view.then(function (result) { result.finalize(); return draw(container, spec); });
      view.catch(fail);
    }).observe(container);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".chart[data-spec]"), show);
  if (window.ResizeObserver) new ResizeObserver(postHeight).observe(document.documentElement);
  window.addEventListener("load", postHeight);
  document.addEventListener("toggle", postHeight, true);
})();
