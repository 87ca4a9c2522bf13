/* Pantau guidance search: loads /search/index.json on first use and searches it as you type.
   Case- and accent-insensitive; title matches rank above heading matches above body text. */
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form || !window.fetch) return;
  var input = document.getElementById('search-input');
  var out = document.getElementById('search-results');
  var index = null, loading = null, timer = null;

  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute('data-index')).then(function (r) { return r.json(); }).then(function (d) {
        index = d.map(function (e) { return { e: e, t: fold(e.t), h: fold(e.h), x: fold(e.x) }; });
      });
    }
    return loading;
  }
  function search(q) {
    var terms = fold(q).split(/\s+/).filter(function (w) { return w.length > 1; });
    if (!terms.length) return [];
    var hits = [];
    index.forEach(function (p) {
      var score = 0, at = -1;
      for (var i = 0; i < terms.length; i++) {
        var t = terms[i], s = 0, x = p.x.indexOf(t);
        if (p.t.indexOf(t) >= 0) s += 10;
        if (p.h.indexOf(t) >= 0) s += 4;
        if (x >= 0) { s += 1; if (at < 0) at = x; }
        if (!s) return;
        score += s;
      }
      hits.push({ p: p, score: score, at: at });
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.p.e.t < b.p.e.t ? -1 : 1); });
    return hits.slice(0, 8);
  }
  function snippet(hit) {
    var text = hit.p.e.x;
    if (hit.at < 0) return text.slice(0, 140) + (text.length > 140 ? '…' : '');
    var start = Math.max(0, hit.at - 50);
    return (start > 0 ? '…' : '') + text.slice(start, start + 150) + (start + 150 < text.length ? '…' : '');
  }
  function show(q) {
    out.textContent = '';
    if (!q.trim()) { out.hidden = true; return; }
    var hits = search(q);
    out.hidden = false;
    if (!hits.length) {
      var none = document.createElement('p');
      none.textContent = form.getAttribute('data-none');
      out.appendChild(none);
      return;
    }
    var list = document.createElement('ol');
    // Titles and snippets are the pages' own text: marked with its language inside another interface language.
    var lang = form.getAttribute('data-content-lang');
    if (lang) list.lang = lang;
    hits.forEach(function (h) {
      var li = document.createElement('li'), a = document.createElement('a'), p = document.createElement('p');
      a.href = h.p.e.u;
      a.textContent = h.p.e.t;
      p.textContent = snippet(h);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    out.appendChild(list);
  }
  input.addEventListener('focus', load);
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { load().then(function () { show(input.value); }); }, 60);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    load().then(function () {
      show(input.value);
      var first = out.querySelector('a');
      if (first) first.focus();
    });
  });
})();

/* Stale data: the page carries the date of its data; if the reader's today is more than data.stale_after_days
   later (the schedule may have stopped, and no build runs to say so), show "Data terakhir diperbarui … (N hari
   lalu)". Decided here, in the browser, so the built files stay the same bytes; without script the "Data per"
   date of the dashboards stays. */
(function () {
  'use strict';
  var note = document.getElementById('data-stale');
  if (!note) return;
  var d = (note.getAttribute('data-as-of') || '').split('-');
  var now = new Date();
  var days = Math.round((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) - Date.UTC(+d[0], +d[1] - 1, +d[2])) / 86400000);
  if (days > +note.getAttribute('data-stale-after')) {
    note.textContent = note.getAttribute('data-text').replace('{days}', days);
    note.hidden = false;
  }
})();
