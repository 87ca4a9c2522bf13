/* Pantau "cek status": finds and opens one employee's encrypted record with their NIP and NIK.
   Nothing typed leaves the browser. The key schedule must match Sources/Pantau/Metrics/Lookup/LookupKeys.swift:
   master = PBKDF2-SHA256(NIK, "pantau-cek/v1/" + salt + "/" + NIP, iterations, 256 bits)
   id = HMAC(master, "pantau-cek/v1/id")[0..16), key = HMAC(master, "pantau-cek/v1/enc")
   blob = nonce(12) | AES-256-GCM ciphertext | tag, additional data "pantau-cek/v1/" + hex(id).
   Bucket files map letters(id) to letters(blob).
   The core (no DOM) is exported for node so the test suite runs this very file against a Swift build. */
(function () {
  'use strict';
  var VERSION = 2;
  var LABEL = 'pantau-cek/v1/';
  var utf8 = new TextEncoder();

  /** Drops spaces, dots and dashes, as people write NIPs (in groups of 8, 6, 1 and 3 digits). */
  function normalise(value) {
    return String(value || '').replace(/[\s.\-]/g, '');
  }

  /** {nip, nik, errors: {nip?: [key, n?], nik?: [key, n?]}}; errors name cek_js_* strings. */
  function validate(nipInput, nikInput) {
    var nip = normalise(nipInput), nik = normalise(nikInput), errors = {};
    if (/^\d{16}$/.test(nip) && /^\d{18}$/.test(nik)) {
      errors.nip = ['swapped'];
    } else {
      check('nip', nip, 18);
      check('nik', nik, 16);
    }
    function check(field, value, length) {
      if (!value) errors[field] = [field + '_empty'];
      else if (!/^\d+$/.test(value)) errors[field] = ['digits_only'];
      else if (value.length !== length) errors[field] = [field + '_length', value.length];
    }
    return { nip: nip, nik: nik, errors: errors };
  }

  // hex, letters and fromLetters: js/bytes.js, loaded before this file.
  var bytesApi = typeof module !== 'undefined' && module.exports ? require('./bytes.js') : window.PantauBytes;
  var hex = bytesApi.hex, letters = bytesApi.letters, fromLetters = bytesApi.fromLetters;

  /** The record's id (hex, for the associated data), its name in the bucket file, its bucket and its AES key,
      from NIP and NIK: the slow part. */
  async function deriveKeys(subtle, nip, nik, params) {
    var password = await subtle.importKey('raw', utf8.encode(nik), 'PBKDF2', false, ['deriveBits']);
    var master = await subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: utf8.encode(LABEL + params.salt + '/' + nip), iterations: params.iterations },
      password, 256);
    var hmac = await subtle.importKey('raw', master, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    var id = new Uint8Array(await subtle.sign('HMAC', hmac, utf8.encode(LABEL + 'id'))).slice(0, params.id_bytes || 16);
    var encBytes = await subtle.sign('HMAC', hmac, utf8.encode(LABEL + 'enc'));
    var key = await subtle.importKey('raw', encBytes, 'AES-GCM', false, ['decrypt']);
    var prefix = ((id[0] << 24) >>> 0) + (id[1] << 16) + (id[2] << 8) + id[3];
    return { id: hex(id), name: letters(id), bucket: prefix % params.buckets, key: key };
  }

  /** The record in `blob` (letters), or null when `keys` do not open it. */
  async function openBlob(subtle, keys, blob) {
    try {
      var bytes = fromLetters(blob);
      var plain = await subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: utf8.encode(LABEL + keys.id), tagLength: 128 },
        keys.key, bytes.slice(12));
      return JSON.parse(new TextDecoder().decode(plain));
    } catch (e) {
      return null;
    }
  }

  /** {status: 'found', record} or {status: 'not_found'}; fetchJSON(path relative to params.json). */
  async function lookup(options) {
    var params = options.params, subtle = options.subtle;
    if (params.version !== VERSION) return { status: 'version' };
    var keys = await deriveKeys(subtle, options.nip, options.nik, params);
    if (options.onDerived) options.onDerived();
    var bucket = await options.fetchJSON(params.data + keys.bucket + '.json');
    var blob = Object.prototype.hasOwnProperty.call(bucket, keys.name) ? bucket[keys.name] : null;
    var record = blob ? await openBlob(subtle, keys, blob) : null;
    return record ? { status: 'found', record: record } : { status: 'not_found' };
  }

  var api = { VERSION: VERSION, letters: letters, fromLetters: fromLetters, normalise: normalise, validate: validate, deriveKeys: deriveKeys, openBlob: openBlob, lookup: lookup };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  // ---- Page ----
  var form = document.getElementById('cek-form');
  var result = document.getElementById('cek-result');
  var configNode = document.getElementById('cek-config');
  if (!form || !result || !configNode) return;
  var config = JSON.parse(configNode.textContent);
  var strings = config.strings || {};
  var button = document.getElementById('cek-submit');
  var subtle = window.crypto && window.crypto.subtle;

  function t(key, n) { return (strings[key] || key).replace('{n}', n); }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function say(text, className) {
    result.textContent = '';
    result.appendChild(el('p', text, className));
  }

  if (!subtle) { say(t('unsupported'), 'bad'); return; }
  button.disabled = false;

  var paramsPromise = null;
  function fetchJSON(url) {
    return fetch(url, { credentials: 'omit' }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }
  function params() {
    if (!paramsPromise) paramsPromise = fetchJSON(config.params).catch(function (e) { paramsPromise = null; throw e; });
    return paramsPromise;
  }
  form.addEventListener('focusin', function () { params().catch(function () {}); }, { once: true });

  function formatDate(iso) {
    var p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    var months = config.months || [];
    return p && months[+p[2] - 1] ? (+p[3]) + ' ' + months[+p[2] - 1] + ' ' + p[1] : iso;
  }

  function showErrors(errors) {
    var first = null;
    ['nip', 'nik'].forEach(function (field) {
      var input = document.getElementById('cek-' + field);
      var message = document.getElementById('cek-' + field + '-error');
      var error = errors[field];
      message.textContent = error ? t(error[0], error[1]) : '';
      if (error) { input.setAttribute('aria-invalid', 'true'); first = first || input; } else input.removeAttribute('aria-invalid');
    });
    if (first) first.focus();
    return !!first;
  }

  function step(list, text, linkKey) {
    var item = el('li', text + ' ');
    if (linkKey && config.links && config.links[linkKey]) {
      var a = el('a', t(linkKey === 'contact' ? 'contact' : 'guide'));
      a.href = config.links[linkKey];
      item.appendChild(a);
    }
    list.appendChild(item);
  }

  function showRecord(r) {
    result.textContent = '';
    var heading = el('h2', t('found_title'));
    heading.tabIndex = -1;
    result.appendChild(heading);
    var dl = el('dl');
    function row(label, value, className) { dl.appendChild(el('dt', label)); var dd = el('dd', value, className); dl.appendChild(dd); return dd; }
    row(t('account'), r.activated ? (r.activated_on ? t('activated_on').replace('{date}', formatDate(r.activated_on)) : t('activated')) : t('not_activated'), r.activated ? 'ok' : 'bad');
    row(t('email'), r.email || t('no_email'));
    row(t('unit'), r.unit);
    var notDone = r.not_done || [];
    var data = row(t('data'), notDone.length ? t('not_done', notDone.length) : t('all_done'), notDone.length ? '' : 'ok');
    if (notDone.length) {
      var ul = el('ul');
      notDone.forEach(function (key) { ul.appendChild(el('li', (config.categories || {})[key] || key)); });
      data.appendChild(ul);
    }
    result.appendChild(dl);
    result.appendChild(el('h3', t('next')));
    var steps = el('ul');
    if (!r.activated) step(steps, t('step_activate'), 'activate');
    else step(steps, t('step_forgot'), 'forgot_password');
    step(steps, r.email ? t('step_email') : t('step_no_email'), 'email');
    if (r.activated) step(steps, notDone.length ? t('step_update') : t('step_done'), notDone.length ? 'update' : null);
    step(steps, t('step_contact'), 'contact');
    result.appendChild(steps);
    heading.focus();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var input = validate(form.elements.nip.value, form.elements.nik.value);
    if (showErrors(input.errors)) { result.textContent = ''; return; }
    button.disabled = true;
    say(t('fetching'));
    params().then(function (p) {
      say(t('computing'));
      return lookup({ nip: input.nip, nik: input.nik, params: p, subtle: subtle, onDerived: function () { say(t('fetching')); },
        fetchJSON: function (path) { return fetchJSON(new URL(path, new URL(config.params, location.href)).href); } });
    }).then(function (answer) {
      if (answer.status === 'found') showRecord(answer.record);
      else say(t(answer.status), 'bad');
    }).catch(function () {
      say(t('error'), 'bad');
    }).then(function () { button.disabled = false; });
  });
})();
