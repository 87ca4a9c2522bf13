/// Where a file stops being UTF-8, so the message can point at the byte to fix.
enum UTF8Validation {
    /// The 1-based line and column (characters before it on its line, plus one) of the first byte that
    /// does not start a well-formed UTF-8 sequence, or nil when every byte does.
    static func firstInvalid(_ bytes: some Collection<UInt8>) -> (line: Int, column: Int, byte: UInt8)? {
        var line = 1
        var column = 1
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            var length = 1
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, low) = (3, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, high) = (3, 0x9F)
            case 0xF0: (length, low) = (4, 0x90)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, high) = (4, 0x8F)
            default: return (line, column, byte)
            }
            for index in 1..<length {
                guard let next = iterator.next(), (index == 1 ? low...high : 0x80...0xBF).contains(next) else {
                    return (line, column, byte)
                }
            }
            if byte == 10 {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return nil
    }

    /// The error for a file that is not UTF-8, at the first bad byte.
    static func error(file: String, step: PantauError.Step, bytes: some Collection<UInt8>) -> PantauError {
        guard let (line, column, byte) = firstInvalid(bytes) else {
            return PantauError(file: file, step: step, "is not UTF-8 text; save it as UTF-8")
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return PantauError(
            file: file, line: line, column: column, step: step,
            "is not UTF-8 text: byte 0x\(hex.count == 1 ? "0" + hex : hex) here is not valid UTF-8 "
                + "(often a file saved as Windows-1252 or Latin-1); save it as UTF-8")
    }
}
