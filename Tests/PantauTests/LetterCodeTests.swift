import Foundation
import Testing

@testable import Pantau

/// Ids and blobs of /cek/ and the roster pages are written with letters only, so the privacy guard, which
/// reads every byte of them, never finds a NIK- or NIP-shaped run of digits in ciphertext.
@Suite struct LetterCodeTests {
    /// The reference: bytes to a string of bits, five bits per letter, the last letter padded with zeros.
    static func reference(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEF")
        var bits = bytes.map { byte in (0..<8).map { byte >> (7 - $0) & 1 == 1 ? "1" : "0" }.joined() }.joined()
        while bits.count % 5 != 0 { bits += "0" }
        var out = ""
        var rest = Substring(bits)
        while !rest.isEmpty {
            out.append(alphabet[Int(rest.prefix(5), radix: 2) ?? 0])
            rest = rest.dropFirst(5)
        }
        return out
    }

    @Test func matchesTheBitStringReferenceAndRoundTrips() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 28, 131, 1000] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let text = LetterCode.encode(bytes)
                #expect(text == Self.reference(bytes))
                #expect(text.utf8.count == (length * 8 + 4) / 5)
                #expect(text.utf8.allSatisfy { (65...70).contains($0) || (97...122).contains($0) }, "letters only: \(text)")
                #expect(LetterCode.decode(text) == bytes)
            }
        }
        #expect(LetterCode.encode([0xFF, 0x00]) == "FCaa")
    }

    @Test func decodingRefusesWhatEncodingNeverWrites() {
        #expect(LetterCode.decode("a") == nil, "five bits are no byte")
        #expect(LetterCode.decode("aaa") == nil, "fifteen bits are one byte and seven over")
        #expect(LetterCode.decode("ab") == nil, "the padding bits of the last letter must be zero")
        #expect(LetterCode.decode("a1") == nil)
        #expect(LetterCode.decode("aG") == nil)
        #expect(LetterCode.decode("a=") == nil)
        #expect(LetterCode.decode("") == [])
    }

    /// The id that made a 4,000-person build fail: its hex holds 16 digits shaped like a NIK. Written with
    /// letters it passes the guard, and any 16-byte id does.
    @Test func anIdWhoseHexLooksLikeANIKPassesTheGuardAsLetters() throws {
        let id: [UInt8] = [0x14, 0x78, 0x64, 0x62, 0x08, 0x47, 0x37, 0x94, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd]
        let privacy = PrivacyGuard()
        let asHex = OutputFile(path: "cek/data/0.json", text: "{\n\"\(LookupKeys.hex(id))\":\"x\"\n}\n")
        #expect(!(try privacy.problems(in: [asHex])).isEmpty, "the guard must still refuse a NIK-shaped run in hex")
        let asLetters = OutputFile(path: "cek/data/0.json", text: "{\n\"\(LetterCode.encode(id))\":\"x\"\n}\n")
        #expect(try privacy.problems(in: [asLetters]).isEmpty)
    }
}
