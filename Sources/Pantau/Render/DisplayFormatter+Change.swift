import Foundation

extension DisplayFormatter {
    /// A signed count: `+1.234`, `-5`, `0` (Δ in people).
    func signedNumber(_ value: Int) -> String {
        value > 0 ? "+" + number(value) : number(value)
    }

    /// Signed percentage points with one decimal: `+2,5`, `-0,3`, `0,0` (Δ of a share, already in points).
    func signedPoints(_ points: Double) -> String {
        let tenths = Int((points * 10).rounded())
        guard tenths != 0 else { return "0\(language == "en" ? "." : ",")0" }
        let sign = tenths > 0 ? "+" : "-"
        return "\(sign)\(abs(tenths) / 10)\(language == "en" ? "." : ",")\(abs(tenths) % 10)"
    }

    /// "+30 orang (+2,5 poin)" style Δ of one figure.
    func change(people: Int, points: Double, peopleWord: String, pointsWord: String) -> String {
        "\(signedNumber(people)) \(peopleWord) (\(signedPoints(points)) \(pointsWord))"
    }

    /// `19860926 201505 1 001`, the way NIPs are printed; other lengths as stored.
    static func groupedNIP(_ nip: String) -> String {
        let digits = Array(nip)
        guard digits.count == 18 else { return nip }
        return String(digits[0..<8]) + " " + String(digits[8..<14]) + " " + String(digits[14]) + " " + String(digits[15..<18])
    }
}
