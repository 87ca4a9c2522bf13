/// The one HTML escaper: `& < > " '` become entities, in text and in attribute values alike.
/// Templates (`{{name}}`) and the XML files (``XMLEscaper``) use it.
enum HTMLEscaper {
    /// Appends `text`'s UTF-8 bytes to `out`, escaped unless `escaped` is false (`{{{raw}}}`).
    static func append(_ text: String, escaped: Bool = true, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            guard escaped else { return out.append(contentsOf: bytes) }
            var plain = 0
            for (i, c) in bytes.enumerated() {
                let entity: StaticString
                switch c {
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<i]))
                entity.withUTF8Buffer { out.append(contentsOf: $0) }
                plain = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
        }
    }

    /// `text` escaped, as a string.
    static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
