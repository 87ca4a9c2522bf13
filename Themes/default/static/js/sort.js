/* Pantau: sortable tables and the print date, as progressive enhancement. Without JavaScript the tables keep the
   order the build gave them (most people not yet done first) and nothing else changes.
   A table opts in with class="sortable" and data-sort-asc / data-sort-desc ("Diurutkan menurut {col}, naik.").
   Each column header becomes a button; Enter or Space sorts (a second press reverses); aria-sort marks the
   sorted column and a polite live region says what happened. Cells sort by data-sort (a number) when present,
   otherwise by their text, compared like people read it (numeric, case and accents ignored). */
(function () {
  'use strict';
  var collator = new Intl.Collator(document.documentElement.lang || 'id', { numeric: true, sensitivity: 'base' });

  function key(cell) {
    var raw = cell ? cell.getAttribute('data-sort') : null;
    if (raw !== null && raw !== '' && !isNaN(Number(raw))) return { n: Number(raw) };
    return { s: cell ? cell.textContent.trim() : '' };
  }

  function compare(a, b) {
    if ('n' in a && 'n' in b) return a.n - b.n;
    if ('n' in a) return -1;
    if ('n' in b) return 1;
    return collator.compare(a.s, b.s);
  }

  function enhance(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    var body = table.tBodies[0];
    if (!head || !body) return;
    var live = document.createElement('p');
    live.className = 'visually-hidden';
    live.setAttribute('aria-live', 'polite');
    table.parentNode.insertBefore(live, table.nextSibling);
    Array.prototype.forEach.call(head.cells, function (th, index) {
      if (th.hasAttribute('data-nosort')) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var current = th.getAttribute('aria-sort');
        // Numbers start with the largest (the biggest job first), text from A.
        var numeric = 'n' in key(body.rows[0] && body.rows[0].cells[index]);
        var ascending = current ? current !== 'ascending' : !numeric;
        Array.prototype.forEach.call(head.cells, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var c = compare(key(a.cells[index]), key(b.cells[index]));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        var template = table.getAttribute(ascending ? 'data-sort-asc' : 'data-sort-desc') || '{col}';
        live.textContent = template.replace('{col}', button.textContent.trim());
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), enhance);

  /* The print header's date: the day the page is printed, in the page's language. */
  function stamp() {
    var node = document.querySelector('.print-date');
    if (!node) return;
    node.textContent = new Date().toLocaleDateString(document.documentElement.lang || 'id', { day: 'numeric', month: 'long', year: 'numeric' });
  }
  stamp();
  window.addEventListener('beforeprint', stamp);
})();
