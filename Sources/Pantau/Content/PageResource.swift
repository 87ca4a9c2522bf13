import Foundation

/// A file beside the pages under Content/ (an image, a PDF), published at the same path in the output.
public struct PageResource: Sendable {
    /// Path below `Content/`: `panduan/gambar/layar-login.png`.
    public var path: String
    public var bytes: Data
    /// Width and height in CSS pixels, for PNG, JPEG, GIF, WebP and SVG files whose header says.
    public var imageSize: ImageSize?

    public init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
        self.imageSize = ImageSize(of: bytes, name: path)
    }

    /// File name extensions published from Content/ (lower case, without the dot).
    public static let publishedExtensions = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "pdf"]

    /// Whether a file under Content/ is published, by its extension.
    public static func isPublished(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return publishedExtensions.contains(path[path.index(after: dot)...].lowercased())
    }

    /// Whether the file is an image by its name (what the size budget applies to).
    public var isImage: Bool { Self.isPublished(path) && !path.lowercased().hasSuffix(".pdf") }
}
