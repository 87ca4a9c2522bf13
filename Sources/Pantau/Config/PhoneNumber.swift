/// A helpdesk phone number from `site.yml`, checked strictly: a number that is published wrong sends
/// civil servants to a stranger. Indonesian mobiles are `08…` or `+628…` with 10 to 13 digits in the
/// local form; landlines carry their area code, like `(0548) 41234`; other countries start with `+`.
struct PhoneNumber: Sendable, Equatable {
    /// What kind of number it is, which decides how it may be shown and linked.
    enum Kind: Sendable, Equatable {
        case mobile, landline, international
    }

    var kind: Kind
    /// Digits in international form without `+`: `0812-3456-7890` → `6281234567890`.
    var internationalDigits: String

    /// Reads `text`, or explains what is wrong with it and how to write it.
    static func parse(_ text: String) -> Result<PhoneNumber, PhoneError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = ""
        for (index, character) in trimmed.enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+", index == 0 {
                continue
            } else if !" -.()".contains(character) {
                return .failure(.badCharacter(character))
            }
        }
        let international = trimmed.hasPrefix("+")
        if international, !digits.hasPrefix("62") {
            guard (8...15).contains(digits.count) else { return .failure(.badLength(digits.count, expected: "8 to 15 digits after +")) }
            return .success(PhoneNumber(kind: .international, internationalDigits: digits))
        }
        // Indonesian: the local form starts with 0 (`+62 812…` and `62812…` are `0812…`).
        let local = digits.hasPrefix("62") ? "0" + digits.dropFirst(2) : digits
        guard local.hasPrefix("0") else { return .failure(.noAreaCode) }
        if local.hasPrefix("08") {
            guard (10...13).contains(local.count) else { return .failure(.badLength(local.count, expected: "10 to 13 digits (08…)")) }
            return .success(PhoneNumber(kind: .mobile, internationalDigits: "62" + local.dropFirst()))
        }
        guard (8...12).contains(local.count), !local.hasPrefix("00") else {
            return .failure(.badLength(local.count, expected: "8 to 12 digits with the area code, like (0548) 41234"))
        }
        return .success(PhoneNumber(kind: .landline, internationalDigits: "62" + local.dropFirst()))
    }
}

/// Why a phone number in `site.yml` was refused.
enum PhoneError: Error, Equatable, Sendable {
    case badCharacter(Character)
    case badLength(Int, expected: String)
    case noAreaCode

    /// The explanation for the message, after the number itself.
    var explanation: String {
        switch self {
        case .badCharacter(let character):
            let shown = character == "O" || character == "o" ? "the letter \(character) (not the digit 0)" : "\"\(character)\""
            return "has \(shown), but a number may hold only digits, spaces, - . ( ) and a leading +; "
                + "put extensions or notes in `hours` or `role`"
        case .badLength(let count, let expected):
            return "has \(count) digits; an Indonesian \(expected.hasPrefix("10") ? "mobile number has" : "number needs") \(expected)"
        case .noAreaCode:
            return "does not start with 0, +62 or another +country code; write it like 0812-3456-7890, (0548) 41234 or +62 812-3456-7890"
        }
    }
}
