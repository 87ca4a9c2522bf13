import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes CSV through a buffer, quoting fields only when they need it (RFC 4180), LF line ends.
///
/// Used for reject files and the sample campaign; writes to a temporary file that ``finish()`` renames into
/// place, so a half-written file never sits where a finished one is expected.
final class CSVWriter {
    private let url: URL
    private let temporaryURL: URL
    private let displayPath: String
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    private let delimiter: UInt8

    init(url: URL, displayPath: String? = nil, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        self.url = url
        self.displayPath = displayPath ?? url.path
        self.delimiter = delimiter
        temporaryURL = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        guard let file = fopen(temporaryURL.path, "wb") else {
            throw PantauError(
                file: self.displayPath, step: .datastore,
                "cannot write the file (\(String(cString: strerror(errno)))); check the folder exists and is writable")
        }
        // Reject files hold employees' NIPs, NIKs and emails: owner-only, whatever the umask.
        fchmod(fileno(file), 0o600)
        self.file = file
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if let file {
            fclose(file)
            unlink(temporaryURL.path)
        }
    }

    /// Appends one record.
    func write(_ fields: [String]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(delimiter) }
            append(field)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends one field of the record being written (call ``endRecord()`` after the last).
    func append(_ field: String, separated: Bool = false) {
        if separated { buffer.append(delimiter) }
        var field = field
        field.withUTF8 { bytes in
            let needsQuotes = bytes.contains {
                $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
            }
            if !needsQuotes {
                buffer.append(contentsOf: bytes)
                return
            }
            buffer.append(UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { buffer.append(byte) }
                buffer.append(byte)
            }
            buffer.append(UInt8(ascii: "\""))
        }
    }

    /// Ends the record begun with ``append(_:separated:)``.
    func endRecord() throws {
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard let file, !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else {
            throw PantauError(
                file: displayPath, step: .datastore, "writing failed (\(String(cString: strerror(errno)))); is the disk full?")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and moves the file into place.
    func finish() throws {
        try flush()
        guard let file else { return }
        self.file = nil
        guard fclose(file) == 0, rename(temporaryURL.path, url.path) == 0 else {
            unlink(temporaryURL.path)
            throw PantauError(
                file: displayPath, step: .datastore, "the file could not be saved (\(String(cString: strerror(errno)))); is the disk full?")
        }
    }
}
