import Foundation

/// A big part of a workbook (a sheet, the shared strings) being read as it is inflated: by ``XMLByteScanner``,
/// or by libxml2 (``XMLPullReader``) when the part is not in UTF-8, and in the tests as the reference.
enum XLSXPartReader {
    case scanner(XMLByteScanner)
    case libxml2(XMLPullReader)

    /// Which reader to use for the big parts: the scanner (what imports use) or libxml2 (the tests' reference).
    enum Engine: Sendable { case scanner, libxml2 }

    /// The chunks the scanner took while reading the part's start, handed to libxml2 if it takes over.
    private final class Replay {
        var chunks: [Data] = []
        var recording = true
    }

    /// Opens `stream` with `engine`. The scanner reads the byte-order mark and XML declaration here, so a part
    /// in another encoding goes to libxml2 before any node is read.
    static func open(_ stream: ZipEntryStream, engine: Engine) throws -> XLSXPartReader {
        let replay = Replay()
        if engine == .scanner {
            let scanner = XMLByteScanner { () throws -> Data? in
                let chunk = try stream.next()
                if replay.recording, let chunk { replay.chunks.append(chunk) }
                return chunk
            }
            do {
                try scanner.readProlog()
                replay.recording = false
                replay.chunks = []
                return .scanner(scanner)
            } catch let error as XMLByteScanner.Malformed where error.otherEncoding {
                replay.recording = false
            }
        }
        guard
            let reader = XMLPullReader(source: { () throws -> Data? in
                if !replay.chunks.isEmpty { return replay.chunks.removeFirst() }
                return try stream.next()
            })
        else { throw XMLPullReader.XMLError.malformed(line: 1, reason: "libxml2 could not start reading it") }
        return .libxml2(reader)
    }

    var bytesConsumed: Int {
        switch self {
        case .scanner(let scanner): scanner.bytesConsumed
        case .libxml2(let reader): reader.bytesConsumed
        }
    }

    /// Where and why the XML of a part is malformed, for a message (nil for errors of another kind).
    static func describe(_ error: Error) -> String? {
        switch error {
        case let error as XMLByteScanner.Malformed: "line \(error.line), column \(error.column): \(error.reason)"
        case XMLPullReader.XMLError.malformed(let line, let reason): "line \(line): \(reason)"
        default: nil
        }
    }
}
