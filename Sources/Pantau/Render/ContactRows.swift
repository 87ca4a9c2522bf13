import Foundation

/// Template values of the helpdesk contacts: display number, `tel:`, `wa.me` and `mailto:` links.
public enum ContactRows {
    /// One row per contact; `message` (a page's `whatsapp_message`) overrides each contact's own.
    public static func rows(_ contacts: [Contact], message: String?) -> [[String: Any]] {
        contacts.map { c in
            var row: [String: Any] = ["name": c.name]
            row["role"] = RenderContext.hideEmpty(c.role)
            row["hours"] = RenderContext.hideEmpty(c.hours ?? "")
            if let phone = c.displayPhone, let tel = c.telURL {
                row["phone"] = phone
                row["tel"] = tel
            }
            if let wa = c.whatsappURL(message: message) { row["whatsapp"] = wa }
            if let email = c.email {
                row["email"] = email
                row["mailto"] = "mailto:\(email)"
            }
            return row
        }
    }
}
