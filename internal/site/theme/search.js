// Search, offline: the index (assets/search-index.js, built with the site) is a list of page
// sections; a section matches when its title or text holds every word of the query.
(function () {
  "use strict";
  function esc(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function mark(text, words) {
    var out = esc(text);
    words.forEach(function (w) {
      var re = new RegExp("(" + esc(w).replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "ig");
      out = out.replace(re, "<mark>$1</mark>");
    });
    return out;
  }
  function snippet(text, word) {
    var i = text.toLowerCase().indexOf(word);
    if (i < 0) return text.slice(0, 160);
    var from = Math.max(0, i - 70);
    return (from > 0 ? "… " : "") + text.slice(from, i + 110) + (i + 110 < text.length ? " …" : "");
  }
  function search(q) {
    var words = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    var hits = [];
    (window.BOOK_SEARCH_INDEX || []).forEach(function (e) {
      var title = (e.p + " " + e.s).toLowerCase();
      var text = e.x.toLowerCase();
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        var inTitle = title.indexOf(w) >= 0;
        var n = text.split(w).length - 1;
        if (!inTitle && n === 0) return;
        score += (inTitle ? 10 : 0) + Math.min(n, 10);
      }
      hits.push({ e: e, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return { words: words, hits: hits };
  }
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("q");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    function show(q) {
      list.innerHTML = "";
      if (!q.trim()) return;
      var r = search(q);
      if (r.hits.length === 0) {
        status.textContent = status.getAttribute("data-none") + " “" + q + "”";
        return;
      }
      status.textContent = r.hits.length + " " + status.getAttribute("data-count") + " “" + q + "”";
      r.hits.slice(0, 100).forEach(function (h) {
        var li = document.createElement("li");
        var where = h.e.s && h.e.s !== h.e.p ? h.e.p + " › " + h.e.s : h.e.p;
        li.innerHTML = '<a href="' + esc(h.e.u) + '">' + mark(where, r.words) + "</a>" +
          '<div class="snippet">' + mark(snippet(h.e.x, r.words[0]), r.words) + "</div>";
        list.appendChild(li);
      });
    }
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    show(q);
    input.addEventListener("input", function () {
      show(input.value);
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* some file:// pages refuse */ }
    });
    document.querySelectorAll(".search-box input").forEach(function (i) { i.value = q; });
  });
})();
