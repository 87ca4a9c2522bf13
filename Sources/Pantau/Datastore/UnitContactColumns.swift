import Foundation
import GRDB

/// The optional contact columns of `units.csv`: the unit's official personnel contact (role, office phone or
/// WhatsApp, office email), public by design like the helpdesk's. Employees' own numbers never go here.
///
/// `kontak_jabatan` (role, e.g. "Pengelola Kepegawaian"), `kontak_telepon`, `kontak_whatsapp` (`ya`/`tidak`,
/// empty = tidak), `kontak_email`. A unit without any of them has no contact.
enum UnitContactColumns {
    static let role = "kontak_jabatan", phone = "kontak_telepon", whatsapp = "kontak_whatsapp", email = "kontak_email"
    static let all = [role, phone, whatsapp, email]

    /// The contact of one row, or a message saying what is wrong with it (without file and line).
    static func contact(value: (String) -> String?) -> Result<Contact?, ContactProblem> {
        let roleText = value(role) ?? ""
        let phoneText = value(phone) ?? ""
        let emailText = value(email) ?? ""
        let waText = (value(whatsapp) ?? "").lowercased()
        guard !(roleText.isEmpty && phoneText.isEmpty && emailText.isEmpty && waText.isEmpty) else { return .success(nil) }
        let wa: Bool
        switch waText {
        case "", "tidak", "no", "false", "0": wa = false
        case "ya", "yes", "true", "1": wa = true
        default: return .failure(ContactProblem("\(whatsapp) \"\(waText)\" should be ya or tidak"))
        }
        let contact = Contact(
            name: "", role: roleText, phone: phoneText.isEmpty ? nil : phoneText, whatsapp: wa,
            email: emailText.isEmpty ? nil : emailText)
        if !phoneText.isEmpty, contact.internationalDigits == nil {
            return .failure(
                ContactProblem("\(phone) \"\(phoneText)\" has too few digits; write the office number like 0548-21001 " + "or 08125368291"))
        }
        if wa, contact.phone == nil { return .failure(ContactProblem("\(whatsapp) is ya but \(phone) is empty; give the number")) }
        if !emailText.isEmpty, !emailText.contains("@") || emailText.contains(" ") {
            return .failure(
                ContactProblem("\(email) \"\(emailText)\" does not look like an office address such as " + "bkpsdm@bontangkota.go.id"))
        }
        if contact.phone == nil, contact.email == nil {
            return .failure(ContactProblem("the contact has neither \(phone) nor \(email); add one, or leave every kontak_ column empty"))
        }
        return .success(contact)
    }

    /// What is wrong with a row's contact columns.
    struct ContactProblem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}

extension OrgUnit {
    /// A unit from a row of ``Schema/unitColumns``.
    init(row: Row) {
        var contact: Contact?
        let role: String? = row[4]
        let phone: String? = row[5]
        let email: String? = row[7]
        if role != nil || phone != nil || email != nil {
            contact = Contact(name: "", role: role ?? "", phone: phone, whatsapp: row[6], email: email)
        }
        self.init(code: row[0], name: row[1], parentCode: row[2], kind: row[3], contact: contact)
    }
}
