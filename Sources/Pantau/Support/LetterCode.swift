/// Bytes written with letters only: base32 over `a`–`z` then `A`–`F`, no padding. Used for what the build
/// publishes as opaque text, the record ids and sealed blobs of `/cek/` and the roster pages.
///
/// Hex and base64 put digits side by side: 16 in a row, or runs joined by `+` and `/`, can have the shape of
/// a NIK or NIP, and the privacy guard rightly refuses those wherever they appear (one build in two of a
/// Kota Bontang sized site tripped on a hex id). Letters hold no digits, so the guard reads every byte of
/// those files and never trips on noise. Gzip takes the 1.6× length back to about the bytes' own size.
/// `cek.js` and `daftar.js` carry the same alphabet.
enum LetterCode {
    static let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyzABCDEF".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 8 / 5 + 1)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int(buffer >> UInt32(bits) & 31)])
            }
            buffer &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 { out.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text`, or nil when it is not ``encode(_:)``'s output (a letter outside the alphabet, a
    /// length no byte count gives, or bits set past the last byte).
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let value: UInt8
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = c - UInt8(ascii: "a")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = c - UInt8(ascii: "A") + 26
            default: return nil
            }
            buffer = buffer << 5 | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(buffer >> UInt32(bits) & 255))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        // What is left must be the zero bits that pad the last letter, fewer than five of them.
        guard bits < 5, buffer == 0 else { return nil }
        return out
    }
}
