//! Emails and phones in the forms duplicate detection compares (pure): mail-provider rules
//! (gmail ignores dots, `+tags` reach the same inbox), mistyped domains of popular providers,
//! and phone numbers compared on their significant digits whatever country code or trunk
//! prefix was typed.

/// Popular mail domains. A domain one edit away from exactly one of them (and not itself in the
/// list) is taken as a typo of it; `.con`, `.cm` and similar endings of a listed name are too.
pub const MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.co.jp",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.de",
    "gmx.net",
    "gmx.com",
    "web.de",
    "mail.com",
    "mail.ru",
    "yandex.ru",
    "comcast.net",
    "verizon.net",
    "att.net",
    "btinternet.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "wanadoo.fr",
    "libero.it",
    "t-online.de",
    "rediffmail.com",
    "zoho.com",
    "naver.com",
    "hanmail.net",
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "sohu.com",
    "foxmail.com",
    "139.com",
    "yeah.net",
    "aliyun.com",
];

/// Endings typed instead of `.com`.
const COM_TYPOS: &[&str] = &[
    "con", "cm", "om", "cmo", "ocm", "vom", "xom", "comm", "coom", "cim",
];

/// The popular domain that `domain` is a typo of, if it looks like one (`gmial.com` →
/// `gmail.com`, `qq.con` → `qq.com`); `None` for a listed domain or one that is not close.
pub fn domain_typo_fix(domain: &str) -> Option<&'static str> {
    let domain = domain.trim().to_lowercase();
    if MAIL_DOMAINS.contains(&domain.as_str()) {
        return None;
    }
    if let Some((name, ending)) = domain.rsplit_once('.') {
        if COM_TYPOS.contains(&ending) {
            let fixed = format!("{name}.com");
            if let Some(listed) = MAIL_DOMAINS.iter().find(|d| **d == fixed) {
                return Some(listed);
            }
        }
    }
    // Short domains are too close to real, different ones (`me.com`, `mc.com`) to guess.
    if domain.chars().count() < 8 {
        return None;
    }
    // One edit changes the length by at most one; checking that first skips most distances.
    let length = domain.len();
    let mut near = MAIL_DOMAINS
        .iter()
        .filter(|listed| listed.len().abs_diff(length) <= 1)
        .filter(|listed| strsim::osa_distance(listed, &domain) == 1);
    match (near.next(), near.next()) {
        (Some(listed), None) => Some(listed),
        _ => None,
    }
}

/// The form of an email that identifies an inbox: lowercase, the domain's typo fixed, a
/// `+tag` dropped, and for gmail the dots of the user name dropped (`A.da+shop@GMIAL.com` →
/// `ada@gmail.com`). `None` when there is no `@` with text on both sides.
pub fn email_identity(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (user, domain) = email.rsplit_once('@')?;
    if user.is_empty() || domain.is_empty() {
        return None;
    }
    let domain = domain_typo_fix(domain).unwrap_or(domain);
    let user = user.split_once('+').map_or(user, |(base, _)| base);
    if user.is_empty() {
        return None;
    }
    Some(match domain {
        "gmail.com" | "googlemail.com" => format!("{}@gmail.com", user.replace('.', "")),
        _ => format!("{user}@{domain}"),
    })
}

/// The significant digits of a phone number: digits only, without an international `00` or
/// trunk `0` prefix. `None` for fewer than 6 digits (an extension or a typo, not a number).
pub fn phone_digits(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    (digits.len() >= 6).then(|| digits.to_owned())
}

/// How many trailing digits phones are compared on: a national number without its country
/// code (the longest country codes have three digits, national numbers at least seven).
pub const PHONE_TAIL: usize = 7;

/// Whether two phones' significant digits (see [`phone_digits`]) are the same number: equal,
/// or one is the other with up to three more leading digits (a country code), both having at
/// least [`PHONE_TAIL`] digits.
pub fn same_phone(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= PHONE_TAIL && long.len() - short.len() <= 3 && long.ends_with(short)
}

/// The last [`PHONE_TAIL`] digits: the blocking key under which equal phones meet.
pub fn phone_tail(digits: &str) -> Option<&str> {
    (digits.len() >= PHONE_TAIL).then(|| &digits[digits.len() - PHONE_TAIL..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_typos() {
        let cases = [
            ("gmial.com", Some("gmail.com")),
            ("gamil.com", Some("gmail.com")),
            ("gmail.con", Some("gmail.com")),
            ("GMAIL.CM", Some("gmail.com")),
            ("hotmial.com", Some("hotmail.com")),
            ("yaho.com", Some("yahoo.com")),
            ("outlok.com", Some("outlook.com")),
            ("qq.con", Some("qq.com")),
            ("163.cm", Some("163.com")),
            ("gmail.com", None),
            ("mail.com", None),
            ("example.com", None),
            ("mc.com", None),
            ("fieldbook.org", None),
        ];
        for (domain, expected) in cases {
            assert_eq!(domain_typo_fix(domain), expected, "{domain}");
        }
    }

    #[test]
    fn email_identities() {
        let cases = [
            ("A.da+shop@GMIAL.com", Some("ada@gmail.com")),
            ("ada@googlemail.com", Some("ada@gmail.com")),
            (" wang.fang+1@qq.con ", Some("wang.fang@qq.com")),
            ("wang.fang@163.com", Some("wang.fang@163.com")),
            ("ada@", None),
            ("@example.com", None),
            ("+tag@example.com", None),
            ("no at sign", None),
        ];
        for (email, expected) in cases {
            assert_eq!(email_identity(email).as_deref(), expected, "{email}");
        }
    }

    #[test]
    fn phones() {
        let cases = [
            ("+86 138 0013 8000", Some("8613800138000")),
            ("138-0013-8000", Some("13800138000")),
            ("0044 20 7946 0958", Some("442079460958")),
            ("020 7946 0958", Some("2079460958")),
            ("12345", None),
            ("call me", None),
        ];
        for (phone, expected) in cases {
            assert_eq!(phone_digits(phone).as_deref(), expected, "{phone}");
        }
        let same = |a: &str, b: &str| {
            same_phone(
                &phone_digits(a).expect("a phone"),
                &phone_digits(b).expect("a phone"),
            )
        };
        assert!(same("+86 138 0013 8000", "13800138000"));
        assert!(same("+44 20 7946 0958", "020 7946 0958"));
        assert!(!same("+44 20 7946 0958", "+44 20 7946 0959"));
        assert!(!same("138 0013 8000", "0013 8000"));
        assert!(!same("1 138 0013 8000", "99991 138 0013 8000"));
        assert_eq!(phone_tail("8613800138000"), Some("0138000"));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod property_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn identities_are_normal_forms(email in "[a-zA-Z.+]{0,8}@[a-z.]{0,12}", phone in "[0-9 +()-]{0,20}") {
            if let Some(identity) = email_identity(&email) {
                prop_assert_eq!(email_identity(&identity), Some(identity.clone()));
            }
            if let Some(digits) = phone_digits(&phone) {
                prop_assert_eq!(phone_digits(&digits), Some(digits.clone()));
                prop_assert_eq!(same_phone(&digits, &digits), digits.len() >= PHONE_TAIL);
            }
        }
    }
}
