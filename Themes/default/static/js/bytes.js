/* Byte helpers shared by cek.js and daftar.js, loaded before them (in node, required by them): hex for the
   associated data, and the letters-only code ids and blobs are published in. It must match
   Sources/Pantau/Support/LetterCode.swift: base32 over a-z then A-F, no padding, so no run of digits in them can
   look like a NIP or NIK to the privacy guard. */
(function (root) {
  'use strict';
  function hex(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }

  var LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEF';

  function letters(bytes) {
    var out = '', buffer = 0, bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      buffer = (buffer << 8) | bytes[i]; bits += 8;
      while (bits >= 5) { bits -= 5; out += LETTERS[(buffer >> bits) & 31]; }
      buffer &= (1 << bits) - 1;
    }
    if (bits > 0) out += LETTERS[(buffer << (5 - bits)) & 31];
    return out;
  }

  function fromLetters(text) {
    var out = [], buffer = 0, bits = 0;
    for (var i = 0; i < text.length; i++) {
      var value = LETTERS.indexOf(text[i]);
      if (value < 0) throw new Error('not a letter code');
      buffer = (buffer << 5) | value; bits += 5;
      if (bits >= 8) { bits -= 8; out.push((buffer >> bits) & 255); buffer &= (1 << bits) - 1; }
    }
    return new Uint8Array(out);
  }

  var api = { hex: hex, letters: letters, fromLetters: fromLetters };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.PantauBytes = api;
})(this);
