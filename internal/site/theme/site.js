// The book's pages: the theme toggle (remembered in localStorage), the contents menu on narrow
// screens, and Mermaid's diagrams, drawn from the bundle copied into the site (no network).
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "book-theme";

  function theme() { return root.getAttribute("data-theme") === "dark" ? "dark" : "light"; }

  function label() {
    var b = document.querySelector(".theme-toggle");
    if (!b) return;
    // The button names the theme it switches to; the words come from the page (no English here).
    var next = theme() === "dark" ? "light" : "dark";
    b.querySelector(".theme-name").textContent = b.getAttribute("data-" + next) || "";
    b.setAttribute("aria-pressed", theme() === "dark" ? "true" : "false");
  }

  // Mermaid: each diagram keeps its source so that it can be drawn again in the other theme.
  var diagrams = [];
  var drawing = Promise.resolve();
  function draw() {
    if (!window.mermaid || diagrams.length === 0) return drawing;
    drawing = drawing.then(function () {
      diagrams.forEach(function (d) {
        d.el.removeAttribute("data-processed");
        d.el.textContent = d.src;
      });
      window.mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme: theme() === "dark" && !document.body.classList.contains("kind-print") ? "dark" : "default",
        fontFamily: "system-ui, 'DejaVu Sans', 'Liberation Sans', sans-serif"
      });
      return window.mermaid.run({ nodes: diagrams.map(function (d) { return d.el; }) });
    }).then(function () {
      root.setAttribute("data-diagrams", "done");
    }, function (err) {
      root.setAttribute("data-diagrams", "failed");
      console.error(err);
    });
    return drawing;
  }

  function setTheme(t) {
    root.setAttribute("data-theme", t);
    try { localStorage.setItem(KEY, t); } catch (e) { /* private mode: not remembered */ }
    label();
    draw();
  }

  document.addEventListener("DOMContentLoaded", function () {
    label();
    var toggle = document.querySelector(".theme-toggle");
    if (toggle) toggle.addEventListener("click", function () { setTheme(theme() === "dark" ? "light" : "dark"); });
    var menu = document.querySelector(".nav-toggle");
    if (menu) menu.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.querySelectorAll("pre.mermaid").forEach(function (el) {
      diagrams.push({ el: el, src: el.textContent });
    });
    if (diagrams.length === 0) root.setAttribute("data-diagrams", "done");
  });
  // mermaid.min.js is deferred after this script: it has run by the time "load" fires.
  window.addEventListener("load", function () { draw(); });
  // The system switched between light and dark: follow it unless the reader chose a theme.
  if (window.matchMedia) {
    var scheme = window.matchMedia("(prefers-color-scheme: dark)");
    var follow = function (e) {
      var chosen = null;
      try { chosen = localStorage.getItem(KEY); } catch (err) { /* not remembered */ }
      if (chosen !== "dark" && chosen !== "light") {
        root.setAttribute("data-theme", e.matches ? "dark" : "light");
        label();
        draw();
      }
    };
    if (scheme.addEventListener) scheme.addEventListener("change", follow);
  }
  // Another tab switched the theme.
  window.addEventListener("storage", function (e) {
    if (e.key === KEY && (e.newValue === "dark" || e.newValue === "light") && e.newValue !== theme()) {
      root.setAttribute("data-theme", e.newValue);
      label();
      draw();
    }
  });
})();
