import Foundation

/// An image's width and height read from its header (PNG, JPEG, GIF, WebP, SVG), so `<img>` can
/// carry them and the page does not jump while images load on a slow phone.
struct ImageSize: Sendable, Equatable {
    var width: Int
    var height: Int

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The size in the header of `data`, or nil for other files and headers that do not say.
    init?(of data: Data, name: String) {
        let bytes = [UInt8](data.prefix(name.lowercased().hasSuffix(".svg") ? 4096 : 1 << 20))
        guard
            let size = Self.png(bytes) ?? Self.gif(bytes) ?? Self.webp(bytes) ?? Self.jpeg(bytes)
                ?? (name.lowercased().hasSuffix(".svg") ? Self.svg(bytes) : nil),
            size.width > 0, size.height > 0
        else { return nil }
        self = size
    }

    private static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
    private static func le16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    private static func le24(_ b: [UInt8], _ i: Int) -> Int { le16(b, i) | Int(b[i + 2]) << 16 }
    private static func be32(_ b: [UInt8], _ i: Int) -> Int { be16(b, i) << 16 | be16(b, i + 2) }

    static func png(_ b: [UInt8]) -> ImageSize? {
        guard b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            b[12..<16].elementsEqual("IHDR".utf8)
        else { return nil }
        return ImageSize(width: be32(b, 16), height: be32(b, 20))
    }

    static func gif(_ b: [UInt8]) -> ImageSize? {
        guard b.count >= 10, b.starts(with: Array("GIF87a".utf8)) || b.starts(with: Array("GIF89a".utf8)) else { return nil }
        return ImageSize(width: le16(b, 6), height: le16(b, 8))
    }

    static func webp(_ b: [UInt8]) -> ImageSize? {
        guard b.count >= 30, b.starts(with: Array("RIFF".utf8)), b[8..<12].elementsEqual("WEBP".utf8) else { return nil }
        let chunk = String(decoding: b[12..<16], as: UTF8.self)
        switch chunk {
        case "VP8 ":  // lossy: 14-bit sizes after the 3-byte start code 9D 01 2A
            guard b[23] == 0x9D, b[24] == 0x01, b[25] == 0x2A else { return nil }
            return ImageSize(width: le16(b, 26) & 0x3FFF, height: le16(b, 28) & 0x3FFF)
        case "VP8L":  // lossless: signature 2F, then 14 bits each, minus one
            guard b[20] == 0x2F else { return nil }
            let bits = Int(b[21]) | Int(b[22]) << 8 | Int(b[23]) << 16 | Int(b[24]) << 24
            return ImageSize(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":  // extended: 24-bit sizes, minus one
            return ImageSize(width: le24(b, 24) + 1, height: le24(b, 27) + 1)
        default:
            return nil
        }
    }

    /// Walks the JPEG markers to the first start-of-frame (SOF0–SOF15 but not DHT, JPG, DAC).
    static func jpeg(_ b: [UInt8]) -> ImageSize? {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF {
                i += 1
                continue
            }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
                i += 2
                continue
            }
            let length = be16(b, i + 2)
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return ImageSize(width: be16(b, i + 7), height: be16(b, i + 5))
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }

    /// `width`/`height` in plain numbers or px on the root `<svg>` element, else its `viewBox`.
    static func svg(_ b: [UInt8]) -> ImageSize? {
        let text = String(decoding: b, as: UTF8.self)
        guard let open = text.range(of: "<svg"), let close = text[open.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = text[open.upperBound..<close]
        func attribute(_ name: String) -> String? {
            for quote in ["\"", "'"] {
                for lead in [" ", "\n", "\t", "\r"] {
                    guard let start = tag.range(of: lead + name + "=" + quote),
                        let end = tag[start.upperBound...].range(of: quote)
                    else { continue }
                    return String(tag[start.upperBound..<end.lowerBound]).trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
        func pixels(_ value: String?) -> Int? {
            guard var value else { return nil }
            if value.hasSuffix("px") { value.removeLast(2) }
            return Double(value).map { Int($0.rounded()) }
        }
        if let width = pixels(attribute("width")), let height = pixels(attribute("height")) {
            return ImageSize(width: width, height: height)
        }
        let box = (attribute("viewBox") ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        guard box.count == 4 else { return nil }
        return ImageSize(width: Int(box[2].rounded()), height: Int(box[3].rounded()))
    }
}
