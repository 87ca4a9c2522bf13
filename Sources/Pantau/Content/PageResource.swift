import Foundation

/// A file beside the pages under Content/ (an image, a PDF), published at the same path in the output.
struct PageResource: Sendable {
    /// Path below `Content/`: `panduan/gambar/layar-login.png`.
    var path: String
    var bytes: Data
    /// Width and height in CSS pixels, for PNG, JPEG, GIF, WebP and SVG files whose header says.
    var imageSize: ImageSize?

    init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
        self.imageSize = ImageSize(of: bytes, name: path)
    }

    /// File name extensions published from Content/ (lower case, without the dot).
    static let publishedExtensions = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "pdf"]

    /// Whether a file under Content/ is published, by its extension.
    static func isPublished(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return publishedExtensions.contains(path[path.index(after: dot)...].lowercased())
    }

    /// Whether the file is an image by its name (what the size budget applies to).
    var isImage: Bool { Self.isPublished(path) && !path.lowercased().hasSuffix(".pdf") }
}
