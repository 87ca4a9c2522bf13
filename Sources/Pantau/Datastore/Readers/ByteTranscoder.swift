/// Turns UTF-16 or Windows-1252 bytes into UTF-8, chunk by chunk, carrying a split character to the next chunk.
///
/// A lone UTF-16 surrogate becomes the byte 0xFF, which is never valid UTF-8: the row holding it is then
/// rejected by the UTF-8 check like any other undecodable byte, instead of being stored as U+FFFD.
struct ByteTranscoder {
    let encoding: TextEncoding
    /// Bytes of an incomplete character from the end of the previous chunk.
    private var carry: [UInt8] = []

    init(encoding: TextEncoding) {
        self.encoding = encoding
    }

    /// At most this many UTF-8 bytes come out per input byte.
    static let maxGrowth = 3

    /// Appends the UTF-8 form of `input` at `output`, returns the number of bytes written.
    /// `output` must have room for `(input.count + 4) * maxGrowth` bytes. At the end of the input, pass `final`.
    mutating func transcode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>, final: Bool) -> Int {
        var written = 0
        func put(_ scalar: UInt32) {
            switch scalar {
            case 0..<0x80:
                output[written] = UInt8(scalar)
                written += 1
            case 0x80..<0x800:
                output[written] = UInt8(0xC0 | (scalar >> 6))
                output[written + 1] = UInt8(0x80 | (scalar & 0x3F))
                written += 2
            case 0x800..<0x10000:
                output[written] = UInt8(0xE0 | (scalar >> 12))
                output[written + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                output[written + 2] = UInt8(0x80 | (scalar & 0x3F))
                written += 3
            default:
                output[written] = UInt8(0xF0 | (scalar >> 18))
                output[written + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                output[written + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                output[written + 3] = UInt8(0x80 | (scalar & 0x3F))
                written += 4
            }
        }
        if encoding == .windows1252 {
            for byte in input {
                if byte < 0x80 {
                    output[written] = byte
                    written += 1
                } else if byte < 0xA0 {
                    put(TextEncoding.windows1252High[Int(byte - 0x80)])
                } else {
                    put(UInt32(byte))
                }
            }
            return written
        }
        let bigEndian = encoding == .utf16BE
        var bytes = carry
        bytes.append(contentsOf: input)
        carry.removeAll()
        var index = 0
        func unit(at offset: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[offset]) << 8 | UInt32(bytes[offset + 1]) : UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset])
        }
        while index + 1 < bytes.count {
            let first = unit(at: index)
            if first >= 0xD800 && first < 0xDC00 {
                guard index + 3 < bytes.count else {
                    if final {
                        output[written] = 0xFF
                        written += 1
                        index += 2
                        continue
                    }
                    break
                }
                let second = unit(at: index + 2)
                if second >= 0xDC00 && second < 0xE000 {
                    put(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                    index += 4
                } else {
                    output[written] = 0xFF
                    written += 1
                    index += 2
                }
            } else if first >= 0xDC00 && first < 0xE000 {
                output[written] = 0xFF
                written += 1
                index += 2
            } else {
                put(first)
                index += 2
            }
        }
        if index < bytes.count {
            if final {
                output[written] = 0xFF
                written += 1
            } else {
                carry = Array(bytes[index...])
            }
        }
        return written
    }
}
