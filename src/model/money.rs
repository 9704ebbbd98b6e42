//! Money as integer minor units (cents, fen), never binary floats, so sums are exact.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul, Neg, Sub};

/// An amount in minor units (1/100 of the currency unit). Single-currency: Fieldbook keeps one
/// currency per profile.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("is empty")]
    Empty,
    #[error("'{0}' is not an amount (expected a number such as 12.50)")]
    NotANumber(String),
    #[error("'{0}' is too large")]
    TooLarge(String),
}

const CURRENCY_MARKS: &[&str] = &[
    "CNY", "RMB", "USD", "EUR", "GBP", "元", "¥", "￥", "$", "€", "£",
];

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// From whole units and cents, e.g. `Money::new(12, 50)` is 12.50.
    pub const fn new(units: i64, cents: i64) -> Money {
        Money(units * 100 + cents)
    }

    /// Minor units.
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// Parses amounts as people and spreadsheets write them: `12.5`, `-3`, `1,234.56`,
    /// `1.234,56`, `¥88`, `$ 1 200`, `(15.00)` for a negative amount, `12.345` rounded to cents.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let mut s = text.trim().to_owned();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let not_a_number = || MoneyError::NotANumber(text.trim().to_owned());
        let mut negative = false;
        if s.starts_with('(') && s.ends_with(')') {
            negative = true;
            s = s[1..s.len() - 1].to_owned();
        }
        for mark in CURRENCY_MARKS {
            s = s.replace(mark, "");
        }
        s.retain(|c| !c.is_whitespace() && c != '\'' && c != '_');
        if let Some(rest) = s.strip_prefix('-') {
            negative = !negative;
            s = rest.to_owned();
        } else if let Some(rest) = s.strip_prefix('+') {
            s = rest.to_owned();
        }
        if s.is_empty()
            || !s
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return Err(not_a_number());
        }
        let (int_part, frac_part) = split_decimal(&s).ok_or_else(not_a_number)?;
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(not_a_number());
        }
        let too_large = || MoneyError::TooLarge(text.trim().to_owned());
        let units: i64 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| too_large())?
        };
        // Round to cents, half away from zero, from the first three fraction digits.
        let mut digits = frac_part.chars().map(|c| i64::from(c as u8 - b'0'));
        let tenths = digits.next().unwrap_or(0);
        let hundredths = digits.next().unwrap_or(0);
        let thousandths = digits.next().unwrap_or(0);
        let mut cents = tenths * 10 + hundredths;
        if thousandths >= 5 {
            cents += 1;
        }
        let total = units
            .checked_mul(100)
            .and_then(|v| v.checked_add(cents))
            .ok_or_else(too_large)?;
        Ok(Money(if negative { -total } else { total }))
    }
}

/// Splits digits with `.`/`,` into integer and fraction digits. The last separator is the
/// decimal one when it is followed by one or two digits, or when both kinds appear; a lone `,`
/// followed by three digits is a thousands separator.
fn split_decimal(s: &str) -> Option<(String, String)> {
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    let decimal_at = match (last_dot, last_comma) {
        (None, None) => None,
        (Some(dot), None) => {
            let after = s.len() - dot - 1;
            // "1.234.567" uses dots for thousands.
            if s.matches('.').count() > 1 && after == 3 {
                None
            } else {
                Some(dot)
            }
        }
        (None, Some(comma)) => {
            let after = s.len() - comma - 1;
            if s.matches(',').count() == 1 && (after == 1 || after == 2) {
                Some(comma)
            } else {
                None
            }
        }
        (Some(dot), Some(comma)) => Some(dot.max(comma)),
    };
    let (int_raw, frac) = match decimal_at {
        Some(at) => (&s[..at], &s[at + 1..]),
        None => (s, ""),
    };
    if frac.contains(['.', ',']) {
        return None;
    }
    // Thousands groups must have three digits after the first.
    let groups: Vec<&str> = int_raw.split(['.', ',']).collect();
    if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    Some((groups.concat(), frac.to_owned()))
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0 - other.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Mul<i64> for Money {
    type Output = Money;
    fn mul(self, quantity: i64) -> Money {
        Money(self.0 * quantity)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<i64, ()>) {
        let got = Money::parse(text).map(Money::cents).map_err(|_| ());
        assert_eq!(got, expected, "parsing {text:?}");
    }

    #[test]
    fn parses_amounts_as_written() {
        let cases: &[(&str, Result<i64, ()>)] = &[
            ("12", Ok(1200)),
            ("12.5", Ok(1250)),
            ("12.50", Ok(1250)),
            ("0.07", Ok(7)),
            (".5", Ok(50)),
            ("-3", Ok(-300)),
            ("+3.10", Ok(310)),
            ("(15.00)", Ok(-1500)),
            ("1,234.56", Ok(123_456)),
            ("1.234,56", Ok(123_456)),
            ("1,234", Ok(123_400)),
            ("1.234.567", Ok(123_456_700)),
            ("12,5", Ok(1250)),
            ("¥88", Ok(8800)),
            ("￥ 88.8", Ok(8880)),
            ("88元", Ok(8800)),
            ("$ 1 200", Ok(120_000)),
            ("€-4.20", Ok(-420)),
            ("12.345", Ok(1235)),
            ("12.344", Ok(1234)),
            ("19.989999999", Ok(1999)),
            ("", Err(())),
            ("  ", Err(())),
            ("abc", Err(())),
            ("1.2.3", Err(())),
            ("12,34,5", Err(())),
            ("1e5", Err(())),
            ("--", Err(())),
            ("99999999999999999999", Err(())),
        ];
        for &(text, expected) in cases {
            check(text, expected);
        }
    }

    #[test]
    fn displays_with_two_decimals() {
        assert_eq!(Money(123_456).to_string(), "1234.56");
        assert_eq!(Money(-5).to_string(), "-0.05");
        assert_eq!(Money(0).to_string(), "0.00");
    }

    #[test]
    fn display_then_parse_is_identity() {
        for cents in [-100_001, -1, 0, 1, 99, 100, 123_456_789] {
            let money = Money(cents);
            assert_eq!(Money::parse(&money.to_string()), Ok(money));
        }
    }

    #[test]
    fn arithmetic_is_exact() {
        let total: Money = [Money::new(0, 10); 3].into_iter().sum();
        assert_eq!(total, Money::new(0, 30));
        assert_eq!(Money::new(19, 99) * 3, Money(5997));
        assert_eq!(-(Money(5) - Money(7)), Money(2));
    }
}
