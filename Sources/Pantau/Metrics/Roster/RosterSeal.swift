import Foundation

/// Encrypts a unit's roster for its `/unit/<slug>/daftar/` page, with the construction of the `/cek/` lookup
/// (``LookupKeys``) under its own domain label:
///
/// ```
/// master = PBKDF2-SHA256(passphrase, "pantau-daftar/v1/" + site salt + "/" + unit code, iterations, 32 bytes)
/// id, key, nonce key = HMAC-SHA256(master, "pantau-daftar/v1/" + "id" | "enc" | "nonce")
/// nonce = HMAC-SHA256(nonce key, plaintext)[0..<12]      — deterministic; a new plaintext gets a new nonce
/// blob  = nonce ‖ AES-256-GCM(key, nonce, plaintext, aad: "pantau-daftar/v1/" + hex(id)) ‖ tag
/// ```
/// The unit code in the salt means no two units share a derivation even if given the same passphrase.
enum RosterSeal {
    static let domain = "pantau-daftar/v1/"
    /// Bumped with any change to the schedule or the plaintext format; daftar.js checks it.
    static let formatVersion = 1
    /// The OWASP 2023 figure for PBKDF2-HMAC-SHA256; the config may only raise it.
    static let minimumIterations = 600_000

    static func salt(site: String, unit: String) -> [UInt8] { Array((domain + site + "/" + unit).utf8) }

    /// The master key of a passphrase (the slow step).
    static func master(
        passphrase: String, site: String, unit: String, iterations: Int,
        deriver: KeyDeriver = .pbkdf2
    ) throws -> [UInt8] {
        try deriver.derive(RosterPassphrase.normalise(passphrase), salt(site: site, unit: unit), iterations)
    }

    /// The sealed plaintext, base64, and the record id (hex) the page publishes.
    static func seal(_ plaintext: [UInt8], master: [UInt8]) throws -> (id: String, blob: String) {
        let keys = LookupKeys(master: master, domain: domain)
        return (keys.idHex, Data(try keys.seal(plaintext)).base64EncodedString())
    }

    /// The plaintext of `blob`, or nil when `master` did not seal it.
    static func open(_ blob: String, master: [UInt8]) -> [UInt8]? {
        guard let bytes = Data(base64Encoded: blob) else { return nil }
        return LookupKeys(master: master, domain: domain).open(Array(bytes))
    }
}
