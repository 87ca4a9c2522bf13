/// Finds bytes no text field may hold: a NUL, or a sequence that is not UTF-8.
enum ByteCheck {
    enum Problem: Equatable {
        case nul(offset: Int)
        case notUTF8(offset: Int, byte: UInt8)
    }

    /// The first problem in `bytes`, or nil. Pure ASCII without NUL (nearly every field) is checked 8 bytes at a time.
    static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // No high bit set, and no zero byte.
            let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if word & 0x8080_8080_8080_8080 != 0 || hasZero != 0 { break }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte == 0 { return .nul(offset: index) }
            if byte < 0x80 {
                index += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            switch byte {
            case 0xC2...0xDF:
                length = 2
                minimum = 0x80
            case 0xE0...0xEF:
                length = 3
                minimum = 0x800
            case 0xF0...0xF4:
                length = 4
                minimum = 0x10000
            default: return .notUTF8(offset: index, byte: byte)
            }
            guard index + length <= count else { return .notUTF8(offset: index, byte: byte) }
            var scalar = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for next in 1..<length {
                let continuation = bytes[index + next]
                guard continuation & 0xC0 == 0x80 else { return .notUTF8(offset: index, byte: byte) }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return .notUTF8(offset: index, byte: byte)
            }
            index += length
        }
        return nil
    }
}
