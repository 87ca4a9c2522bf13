import Foundation

/// Looks at a file's first bytes to tell what it really is, whatever its name says.
enum InputSniffer {
    /// What the first bytes say the file is.
    enum Kind: Equatable {
        /// A zip archive: an Excel workbook (`.xlsx`) or another zip.
        case zip
        /// An HTML page (a web page or an error page saved under a `.csv` name).
        case html
        /// An old binary Excel workbook (`.xls`, OLE compound file).
        case legacyExcel
        /// Text (CSV or tab-separated), in the encoding its byte-order mark names (UTF-8 when it has none).
        case text(TextEncoding, bomLength: Int)
    }

    /// Reads up to 512 bytes of `url` and classifies them.
    static func sniff(_ url: URL, displayPath: String) throws -> Kind {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "cannot be read (check its permissions)" : "does not exist"
            throw PantauError(file: displayPath, step: .datastore, "the file \(reason); check the path")
        }
        defer { try? handle.close() }
        let prefix = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
        return classify(prefix)
    }

    static func classify(_ prefix: [UInt8]) -> Kind {
        if prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) || prefix.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if prefix.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .legacyExcel }
        if prefix.starts(with: [0xFF, 0xFE]) { return .text(.utf16LE, bomLength: 2) }
        if prefix.starts(with: [0xFE, 0xFF]) { return .text(.utf16BE, bomLength: 2) }
        let bom = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let text = String(decoding: prefix.dropFirst(bom).prefix(256), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if text.hasPrefix("<!doctype html") || text.hasPrefix("<html") || text.hasPrefix("<head")
            || text.hasPrefix("<?xml") && text.contains("<html")
        {
            return .html
        }
        return .text(.utf8, bomLength: bom)
    }
}
