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

    /// Whether the file is an image by its name (what the size budget applies to).
    public var isImage: Bool {
        let lower = path.lowercased()
        return [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"].contains { lower.hasSuffix($0) }
    }
}
