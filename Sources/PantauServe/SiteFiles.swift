import FlyingFox
import Foundation

/// Answers a GET from the served build folder: the base path maps to the folder, `/a/` to `a/index.html`,
/// HTML gets the reload script, anything missing the site's own 404 page. The build's files are answered
/// from memory when the state holds them (a rebuild's are served before they are written).
struct SiteFiles {
    let folder: URL
    let state: BuildState

    func response(for request: HTTPRequest) async -> HTTPResponse {
        let (snapshot, files) = await state.site()
        let base = snapshot.basePath
        // The raw target: FlyingFox's `path` drops the trailing slash that tells `/a/` from `/a`.
        let raw = request.target.path(percentEncoded: false)
        var path = raw
        guard path.hasPrefix(base) || path + "/" == base else {
            return HTTPResponse(statusCode: .temporaryRedirect, headers: [.location: base])
        }
        path = String(path.dropFirst(min(base.count, path.count)))
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return notFound(snapshot, files) }
        if let files { return response(for: request, raw: raw, key: parts.joined(separator: "/"), in: files, snapshot) }
        var file = folder.appendingPathComponent(parts.joined(separator: "/"))
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), isFolder.boolValue {
            guard raw.hasSuffix("/") else {
                return HTTPResponse(statusCode: .movedPermanently, headers: [.location: request.target.path() + "/"])
            }
            file = file.appendingPathComponent("index.html")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else { return notFound(snapshot, nil) }
        return respond(data, name: file.lastPathComponent, status: .ok, snapshot: snapshot)
    }

    /// The same answers from the build's files in memory: `key` is the path below the base path, without slashes
    /// at either end; a folder is a key whose `index.html` was built.
    private func response(
        for request: HTTPRequest, raw: String, key: String, in files: [String: Data], _ snapshot: BuildState.Snapshot
    ) -> HTTPResponse {
        if !key.isEmpty, let data = files[key] { return respond(data, name: key, status: .ok, snapshot: snapshot) }
        let index = key.isEmpty ? "index.html" : key + "/index.html"
        guard let data = files[index] else { return notFound(snapshot, files) }
        guard raw.hasSuffix("/") else {
            return HTTPResponse(statusCode: .movedPermanently, headers: [.location: request.target.path() + "/"])
        }
        return respond(data, name: index, status: .ok, snapshot: snapshot)
    }

    private func notFound(_ snapshot: BuildState.Snapshot, _ files: [String: Data]?) -> HTTPResponse {
        let page: Data? =
            if let files { files["404.html"] } else { FileManager.default.contents(atPath: folder.appendingPathComponent("404.html").path) }
        return respond(page ?? Data("Not found".utf8), name: "404.html", status: .notFound, snapshot: snapshot)
    }

    private func respond(_ data: Data, name: String, status: HTTPStatusCode, snapshot: BuildState.Snapshot) -> HTTPResponse {
        let type = Self.contentType(name)
        var body = data
        if type.hasPrefix("text/html") {
            var html = String(decoding: data, as: UTF8.self)
            let tag = ReloadScript.tag(version: snapshot.version)
            if let end = html.range(of: "</body>", options: .backwards) {
                html.insert(contentsOf: tag, at: end.lowerBound)
            } else {
                html += tag
            }
            body = Data(html.utf8)
        }
        return HTTPResponse(statusCode: status, headers: [.contentType: type, .cacheControl: "no-store"], body: body)
    }

    static func contentType(_ name: String) -> String {
        switch name.split(separator: ".").last?.lowercased() ?? "" {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json", "webmanifest": "application/json"
        case "xml": "application/xml"
        case "txt": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "ico": "image/x-icon"
        case "pdf": "application/pdf"
        case "woff2": "font/woff2"
        default: "application/octet-stream"
        }
    }
}
