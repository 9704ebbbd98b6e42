//! Numbers and dates for people, per language (pure): amounts with thousands separators and
//! cents, percentages, months.

use super::Lang;

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A count with a comma between thousands: `12,345`.
pub fn count(n: u64) -> String {
    grouped(&n.to_string())
}

/// Digits with a comma between thousands (both languages write numbers this way).
fn grouped(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount in cents: `12,345.67`, `-0.50`.
pub fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!(
        "{sign}{}.{:02}",
        grouped(&(abs / 100).to_string()),
        abs % 100
    )
}

/// A number rounded to whole units with thousands separators: `12,346`.
pub fn whole(value: f64) -> String {
    let rounded = value.round();
    let sign = if rounded < 0.0 { "-" } else { "" };
    format!("{sign}{}", grouped(&format!("{:.0}", rounded.abs())))
}

/// A number with `places` decimals and thousands separators: `1,234.57`.
pub fn decimal(value: f64, places: usize) -> String {
    let text = format!("{:.*}", places, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let zero = text.bytes().all(|b| b == b'0' || b == b'.');
    let sign = if value < 0.0 && !zero { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{}", grouped(int))
    } else {
        format!("{sign}{}.{frac}", grouped(int))
    }
}

/// A share 0–1 as a percentage with one decimal: `42.5%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A month given as months since year 0: `Mar 2024` / `2024年3月`.
pub fn month(key: i32, lang: Lang) -> String {
    let (year, month0) = (key.div_euclid(12), key.rem_euclid(12) as usize);
    match lang {
        Lang::En => format!("{} {year}", MONTHS_EN[month0]),
        Lang::Zh => format!("{year}年{}月", month0 + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_percentages_and_months_read_naturally() {
        assert_eq!(amount(1_234_567), "12,345.67");
        assert_eq!(amount(-50), "-0.50");
        assert_eq!(amount(0), "0.00");
        assert_eq!(whole(1_234_567.4), "1,234,567");
        assert_eq!(whole(-999.6), "-1,000");
        assert_eq!(percent(0.425), "42.5%");
        assert_eq!(month(2024 * 12 + 2, Lang::En), "Mar 2024");
        assert_eq!(month(2024 * 12 + 2, Lang::Zh), "2024年3月");
        assert_eq!(decimal(1234.5678, 2), "1,234.57");
        assert_eq!(decimal(-0.0004, 2), "0.00");
        assert_eq!(decimal(-12.5, 1), "-12.5");
        assert_eq!(decimal(7.0, 0), "7");
    }
}
