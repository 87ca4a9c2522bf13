import Crypto
import Foundation
import _CryptoExtras

/// The lookup's key schedule, shared by the build and `cek.js` (which repeats it with WebCrypto).
///
/// ```
/// master = PBKDF2-SHA256(password: NIK, salt: "pantau-cek/v1/" + site salt + "/" + NIP, iterations, 32 bytes)
/// id     = HMAC-SHA256(master, "pantau-cek/v1/id")[0..<16]   — names the record, picks its bucket
/// key    = HMAC-SHA256(master, "pantau-cek/v1/enc")           — AES-256-GCM key
/// nonce  = HMAC-SHA256(HMAC-SHA256(master, "pantau-cek/v1/nonce"), plaintext)[0..<12]
/// blob   = nonce ‖ AES-256-GCM(key, nonce, plaintext, aad: "pantau-cek/v1/" + hex(id)) ‖ tag
/// ```
/// The NIP in the salt means no PBKDF2 work is shared between employees. PBKDF2 yields exactly one
/// SHA-256 block (asking it for more would double the build's work but not an attacker's, who
/// needs only the first block to test a guess); the subkeys come from HMAC instead. The nonce is
/// a function of key and plaintext, so the same record encrypts to the same bytes, and two
/// different plaintexts under one key never share a nonce (short of an HMAC collision).
struct LookupKeys: Sendable {
    /// Bumped whenever anything in this schedule or the record format changes; cek.js checks it.
    static let formatVersion = 1
    static let label = "pantau-cek/v1/"
    /// Bytes of the published record id.
    static let idByteCount = 16

    /// The record's published id.
    let id: [UInt8]
    // Raw bytes: swift-crypto's SymmetricKey is not Sendable, and these cross threads.
    let encryptionKey: [UInt8]
    let nonceKey: [UInt8]
    /// Domain label of every subkey and of the associated data: `pantau-cek/v1/`, or the roster pages' own
    /// (`pantau-daftar/v1/`) so a key of one can never open the other.
    let domain: String

    /// Expands a 32-byte PBKDF2 output into the id and subkeys.
    init(master: [UInt8], domain: String = LookupKeys.label) {
        self.domain = domain
        let masterKey = SymmetricKey(data: master)
        func subkey(_ name: String) -> [UInt8] {
            Array(HMAC<SHA256>.authenticationCode(for: Array((domain + name).utf8), using: masterKey))
        }
        id = Array(subkey("id").prefix(Self.idByteCount))
        encryptionKey = subkey("enc")
        nonceKey = subkey("nonce")
    }

    /// The PBKDF2 salt for one employee: site-wide salt plus NIP.
    static func salt(site: String, nip: String) -> [UInt8] {
        Array((label + site + "/" + nip).utf8)
    }

    /// Lower-case hex of ``id``, as published in bucket files.
    var idHex: String { Self.hex(id) }

    /// The bucket this record goes in: the id's first four bytes, big-endian, modulo `count`.
    func bucket(count: Int) -> Int {
        let prefix = id.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Int(prefix % UInt32(max(1, count)))
    }

    var associatedData: [UInt8] { Array((domain + idHex).utf8) }

    /// nonce ‖ ciphertext ‖ tag; deterministic in (keys, plaintext).
    func seal(_ plaintext: [UInt8]) throws -> [UInt8] {
        let nonceBytes = Array(HMAC<SHA256>.authenticationCode(for: plaintext, using: SymmetricKey(data: nonceKey)).prefix(12))
        let box = try AES.GCM.seal(
            plaintext, using: SymmetricKey(data: encryptionKey), nonce: AES.GCM.Nonce(data: nonceBytes), authenticating: associatedData)
        return nonceBytes + Array(box.ciphertext) + Array(box.tag)
    }

    /// The plaintext of `blob`, or nil when these keys did not seal it.
    func open(_ blob: [UInt8]) -> [UInt8]? {
        guard blob.count >= 28, let box = try? AES.GCM.SealedBox(combined: blob),
            let plain = try? AES.GCM.open(box, using: SymmetricKey(data: encryptionKey), authenticating: associatedData)
        else { return nil }
        return Array(plain)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Runs the slow derivation; a value so tests can count calls or make it cheap.
struct KeyDeriver: Sendable {
    /// NIK (the secret), per-employee salt and iteration count → 32-byte master key.
    var derive: @Sendable (_ nik: String, _ salt: [UInt8], _ iterations: Int) throws -> [UInt8]

    init(derive: @escaping @Sendable (_ nik: String, _ salt: [UInt8], _ iterations: Int) throws -> [UInt8]) {
        self.derive = derive
    }

    /// PBKDF2-HMAC-SHA256 through swift-crypto (BoringSSL on Linux, CommonCrypto on macOS).
    static let pbkdf2 = KeyDeriver { nik, salt, iterations in
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(nik.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }
}
