/* Pantau "daftar": opens a unit's encrypted follow-up list with the unit's passphrase, in the browser only.
   The key schedule must match Sources/Pantau/Metrics/Roster/RosterSeal.swift (the /cek/ construction, own label):
   master = PBKDF2-SHA256(normalised passphrase, "pantau-daftar/v1/" + salt + "/" + unit, iterations, 256 bits)
   id = HMAC(master, "pantau-daftar/v1/id")[0..16), key = HMAC(master, "pantau-daftar/v1/enc")
   blob = nonce(12) | AES-256-GCM ciphertext | tag, additional data "pantau-daftar/v1/" + hex(id).
   The page holds letters(id) and letters(blob).
   Nothing is fetched or sent: the blob is in the page. The core is exported for node tests. */
(function () {
  'use strict';
  var VERSION = 2;
  var LABEL = 'pantau-daftar/v1/';
  var utf8 = new TextEncoder();

  /** Lower case, runs of spaces, dashes, dots or commas as one space (RosterPassphrase.normalise). */
  function normalise(text) {
    return String(text || '').toLowerCase().split(/[\s.,\-]+/).filter(Boolean).join(' ');
  }

  // hex, letters and fromLetters: js/bytes.js, loaded before this file.
  var bytesApi = typeof module !== 'undefined' && module.exports ? require('./bytes.js') : window.PantauBytes;
  var hex = bytesApi.hex, letters = bytesApi.letters, fromLetters = bytesApi.fromLetters;

  /** The list ({unit, as_of, figures, columns, rows}) or null when the passphrase does not open it. */
  async function open(subtle, passphrase, params) {
    var password = await subtle.importKey('raw', utf8.encode(normalise(passphrase)), 'PBKDF2', false, ['deriveBits']);
    var master = await subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: utf8.encode(LABEL + params.salt + '/' + params.unit), iterations: params.iterations },
      password, 256);
    var hmac = await subtle.importKey('raw', master, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    var idBytes = new Uint8Array(await subtle.sign('HMAC', hmac, utf8.encode(LABEL + 'id'))).slice(0, 16);
    if (letters(idBytes) !== params.id) return null;
    var id = hex(idBytes);
    var key = await subtle.importKey('raw', await subtle.sign('HMAC', hmac, utf8.encode(LABEL + 'enc')), 'AES-GCM', false, ['decrypt']);
    try {
      var bytes = fromLetters(params.blob);
      var plain = await subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: utf8.encode(LABEL + id), tagLength: 128 }, key, bytes.slice(12));
      var list = JSON.parse(new TextDecoder().decode(plain));
      return list && list.v === VERSION ? list : null;
    } catch (e) {
      return null;
    }
  }

  /** CSV text of the list: quoted fields, CRLF, a leading = + - @ neutralised for spreadsheets. */
  function toCSV(columns, rows) {
    function field(value) {
      var text = String(value == null ? '' : value);
      if (/^[=+\-@]/.test(text)) text = "'" + text;
      return '"' + text.replace(/"/g, '""') + '"';
    }
    return [columns].concat(rows).map(function (r) { return r.map(field).join(','); }).join('\r\n') + '\r\n';
  }

  var api = { VERSION: VERSION, letters: letters, fromLetters: fromLetters, normalise: normalise, open: open, toCSV: toCSV };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  // ---- Page ----
  var form = document.getElementById('daftar-form');
  var input = document.getElementById('daftar-pass');
  var status = document.getElementById('daftar-status');
  var result = document.getElementById('daftar-result');
  var configNode = document.getElementById('daftar-config');
  if (!form || !input || !status || !result || !configNode) return;
  var params = JSON.parse(configNode.textContent);
  var strings = params.strings || {};
  var button = document.getElementById('daftar-submit');
  var subtle = window.crypto && window.crypto.subtle;

  function t(key, values) {
    var text = strings[key] || key;
    Object.keys(values || {}).forEach(function (k) { text = text.replace('{' + k + '}', values[k]); });
    return text;
  }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text != null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function say(text, bad) {
    status.textContent = '';
    status.appendChild(el('p', text, bad ? { 'class': 'bad' } : {}));
  }

  if (params.version !== VERSION) { say(t('version'), true); return; }
  if (!subtle) { say(t('unsupported'), true); return; }
  button.disabled = false;

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    result.textContent = '';
    if (!normalise(input.value)) { say(t('empty'), true); input.focus(); return; }
    button.disabled = true;
    say(t('computing'));
    open(subtle, input.value, params).then(function (list) {
      button.disabled = false;
      if (!list) { say(t('wrong'), true); input.focus(); return; }
      input.value = '';
      show(list);
    }, function () { button.disabled = false; say(t('wrong'), true); });
  });

  function show(list) {
    say(t('opened', { n: list.rows.length }));
    var dl = el('dl', null, { 'class': 'daftar-figures' });
    list.figures.forEach(function (f) { var d = el('div'); d.appendChild(el('dt', f[0])); d.appendChild(el('dd', f[1])); dl.appendChild(d); });
    result.appendChild(el('h2', list.unit));
    result.appendChild(el('p', list.as_of, { 'class': 'meta' }));
    result.appendChild(dl);
    var currentRows = list.rows.slice();
    var tools = el('p', null, { 'class': 'daftar-tools' });
    var print = el('button', t('print'), { type: 'button' });
    print.addEventListener('click', function () { window.print(); });
    var csv = el('button', t('csv'), { type: 'button' });
    csv.addEventListener('click', function () {
      var blob = new Blob(['\ufeff' + toCSV(list.columns, currentRows)], { type: 'text/csv;charset=utf-8' });
      var a = el('a', null, { href: URL.createObjectURL(blob), download: params.file });
      document.body.appendChild(a); a.click(); document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    });
    var close = el('button', t('close'), { type: 'button' });
    close.addEventListener('click', function () { result.textContent = ''; status.textContent = ''; input.focus(); });
    tools.appendChild(print); tools.appendChild(csv); tools.appendChild(close);
    result.appendChild(tools);
    if (!list.rows.length) { result.appendChild(el('p', t('none'))); return; }
    var wrap = el('div', null, { 'class': 'table-scroll', tabindex: '0', role: 'region', 'aria-label': list.unit });
    var table = el('table', null, { 'class': 'daftar-table' });
    table.appendChild(el('caption', t('caption')));
    var thead = el('thead'), headRow = el('tr');
    var tbody = el('tbody');
    var live = el('p', null, { 'class': 'visually-hidden', 'aria-live': 'polite' });
    list.columns.forEach(function (name, index) {
      var th = el('th', null, { scope: 'col', 'aria-sort': 'none' });
      var b = el('button', name, { type: 'button', 'class': 'sort' });
      b.addEventListener('click', function () { sortBy(index, th); });
      th.appendChild(b);
      headRow.appendChild(th);
    });
    thead.appendChild(headRow);
    table.appendChild(thead);
    table.appendChild(tbody);
    wrap.appendChild(table);
    result.appendChild(wrap);
    result.appendChild(live);
    fill();
    function fill() {
      tbody.textContent = '';
      currentRows.forEach(function (r) {
        var tr = el('tr');
        r.forEach(function (v) { tr.appendChild(el('td', v)); });
        tbody.appendChild(tr);
      });
    }
    function sortBy(index, th) {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(headRow.children, function (h) { h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var collator = new Intl.Collator(document.documentElement.lang || 'id', { numeric: true, sensitivity: 'base' });
      currentRows.sort(function (a, b) { var c = collator.compare(a[index], b[index]); return ascending ? c : -c; });
      fill();
      live.textContent = t(ascending ? 'sorted_asc' : 'sorted_desc', { col: list.columns[index] });
    }
  }
})();
