//! Normal forms of values that records are matched on (email, phone, name).

/// Lowercased, trimmed email.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The digits of a phone number, without a leading international `00`.
pub fn normalise_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    digits
        .strip_prefix("00")
        .map(str::to_owned)
        .unwrap_or(digits)
}

/// Lowercased name with whitespace and punctuation removed. Lowercasing comes first: some
/// capitals lowercase to a letter plus a combining mark (Turkish `İ` → `i̇`), and filtering first
/// would keep that mark the first time and drop it the second (found by fuzzing).
pub fn normalise_name(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_forms() {
        assert_eq!(normalise_email(" Ada@Example.COM "), "ada@example.com");
        assert_eq!(normalise_phone("+44 (20) 7946-0958"), "442079460958");
        assert_eq!(normalise_phone("0044 20 7946 0958"), "442079460958");
        assert_eq!(normalise_name("Ada  LOVELACE"), "adalovelace");
        assert_eq!(normalise_name("王 芳"), "王芳");
    }

    #[test]
    fn normal_forms_are_idempotent() {
        for text in [
            "A b@C.d",
            "+1 (555) 000",
            "O'Brien, Mary",
            "  ",
            "İrj3",
            "ǅ Σ",
        ] {
            assert_eq!(
                normalise_email(&normalise_email(text)),
                normalise_email(text)
            );
            assert_eq!(
                normalise_phone(&normalise_phone(text)),
                normalise_phone(text)
            );
            assert_eq!(normalise_name(&normalise_name(text)), normalise_name(text));
        }
    }
}
