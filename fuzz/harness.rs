//! What the fuzz targets run, shared with `tests/fuzz_regressions.rs`: each function takes
//! arbitrary bytes, drives one reader of untrusted input the way the app does, and checks the
//! properties that must hold for any input (no panic is the first of them).

use chrono::NaiveDate;
use fieldbook::crypto::{open_file, FileHeader, SecretKey};
use fieldbook::import::decode::EncodingRs;
use fieldbook::import::mapping::{detect_mapping, EntityKind};
use fieldbook::import::plan::{read_file, Existing, IdKinds};
use fieldbook::import::{
    read_backup, read_customers, read_orders, read_products, write_backup, MissingReferences,
};
use fieldbook::model::{
    normalise_email, normalise_name, normalise_phone, parse_date, validate_email, validate_phone,
    DateOrder,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("a valid date")
}

/// A CSV or JSON file through decoding, the table reader, column detection and every row
/// reader (customers, products, orders), as the import wizard does.
pub fn import_file(bytes: &[u8]) {
    let Ok((table, _)) = read_file(bytes, &EncodingRs) else {
        return;
    };
    for row in &table.rows {
        assert!(row.line >= 1, "row lines count from 1");
    }
    let existing = Existing::new(&[], &[]);
    for kind in [
        EntityKind::Customers,
        EntityKind::Products,
        EntityKind::Orders,
    ] {
        let mapping = detect_mapping(&table.headers, kind);
        let outcomes = match kind {
            EntityKind::Customers => read_customers(&table, &mapping, today()).len(),
            EntityKind::Products => read_products(&table, &mapping).len(),
            EntityKind::Orders => {
                let stored = existing.resolver(IdKinds::default());
                // Nothing is stored, so every reference is missing: at most one record each.
                let mut missing = MissingReferences::default();
                missing.add_rows(&table.rows, &mapping, &stored);
                assert!(missing.customers.len() <= table.rows.len());
                assert!(missing.products.len() <= table.rows.len());
                read_orders(&table, &mapping, &stored, today()).len()
            }
        };
        assert!(outcomes <= table.rows.len(), "never more records than rows");
    }
}

/// A backup file: plain, gzipped, or encrypted. A backup that reads must write back and read
/// again to the same backup.
pub fn backup_reader(bytes: &[u8]) {
    if let Ok(Some(_)) = FileHeader::read(bytes) {
        // Without the passphrase an encrypted file must not open, whatever it holds.
        assert!(open_file(bytes, &SecretKey::from_bytes([0; 32])).is_err());
        return;
    }
    if let Ok(backup) = read_backup(bytes) {
        let again = read_backup(&write_backup(&backup, false)).expect("a written backup reads");
        assert_eq!(again, backup);
    }
}

/// The normalisers and checks every imported or typed value goes through, and the cleaning
/// keys and correction rules: none panics, and each is a normal form (a second pass changes
/// nothing).
pub fn normalisers(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let email = normalise_email(&text);
    assert_eq!(
        normalise_email(&email),
        email,
        "normalising twice changes nothing"
    );
    let phone = normalise_phone(&text);
    assert!(phone.chars().all(|c| c.is_ascii_digit()), "{phone:?}");
    let name = normalise_name(&text);
    assert_eq!(normalise_name(&name), name);
    let _ = validate_email(&text);
    let _ = validate_phone(&text);
    for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
        if let Some(date) = parse_date(&text, order) {
            assert!(date.format("%Y-%m-%d").to_string().len() >= 10);
        }
    }
    cleaning(&text);
}

fn cleaning(text: &str) {
    use fieldbook::clean::{contact, fix, fold};
    let folded = fold::fold(text);
    assert_eq!(fold::fold(&folded), folded);
    let print = fold::fingerprint(text);
    assert_eq!(fold::fingerprint(&print), print);
    let _ = fold::ngram_fingerprint(text, 2);
    let _ = fold::phonetic_key(text);
    if let Some(key) = fold::pinyin_key(text) {
        let words: Vec<&str> = key.split(' ').collect();
        assert!(words.windows(2).all(|w| w[0] < w[1]), "{key:?}");
    }
    if let Some(inbox) = contact::email_identity(text) {
        assert_eq!(contact::email_identity(&inbox), Some(inbox.clone()));
    }
    if let Some(digits) = contact::phone_digits(text) {
        assert_eq!(contact::phone_digits(&digits), Some(digits.clone()));
    }
    if let Some(tidy) = fix::tidy_whitespace(text) {
        assert_eq!(fix::tidy_whitespace(&tidy), Some(tidy.clone()));
    }
    if let Some(cased) = fix::name_case(text) {
        assert_eq!(fix::name_case(&cased), None, "{cased:?}");
    }
    if let Some(fixed) = fix::email_fix(text) {
        assert_eq!(fix::email_fix(&fixed), None, "{fixed:?}");
    }
    if let Ok(Some(e164)) = fix::phone_e164(text, "CN") {
        assert_eq!(fix::phone_e164(&e164, "CN"), Ok(None), "{e164:?}");
    }
}
