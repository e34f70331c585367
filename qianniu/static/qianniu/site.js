// Qianniu's few behaviours of its own, kept out of the templates so the Content-Security-Policy can refuse
// every inline script and style. htmx.onLoad runs on the page and again on every fragment htmx swaps in.
"use strict";

// A progress bar's width comes from data-width (a percentage); setting it from script is allowed by the
// policy, a style attribute in the markup is not.
htmx.onLoad(function (root) {
  root.querySelectorAll("[data-width]").forEach(function (bar) {
    var percent = Math.max(0, Math.min(100, Number(bar.dataset.width) || 0));
    bar.style.width = percent + "%";
  });
});

// A form with data-confirm asks before it is sent.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
