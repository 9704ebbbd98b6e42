//! Replays what fuzzing kept — the minimised corpus and every crash case, under
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` — through the same harness the fuzz
//! targets run (`fuzz/harness.rs`), so an input that once broke a reader stays covered by
//! `cargo test` on any machine, without a nightly toolchain.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

#[path = "../fuzz/harness.rs"]
mod harness;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable corpus entry").path();
            let bytes = fs::read(&path).expect("a readable corpus file");
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "{} fails again", path.display());
            count += 1;
        }
    }
    count
}

#[test]
fn import_file_corpus() {
    assert!(
        replay("import_file", harness::import_file) > 0,
        "the corpus is kept"
    );
}

#[test]
fn backup_reader_corpus() {
    assert!(
        replay("backup_reader", harness::backup_reader) > 0,
        "the corpus is kept"
    );
}

#[test]
fn normalisers_corpus() {
    assert!(
        replay("normalisers", harness::normalisers) > 0,
        "the corpus is kept"
    );
}

/// Writes the seed inputs the corpus grew from: files in every format the readers accept,
/// made by the app's own writers from a small demo profile. Run once with `--ignored`.
#[test]
#[ignore = "writes fuzz/corpus seeds; run by hand"]
fn write_seed_corpus() {
    use fieldbook::crypto::{derive_key, seal_file, KdfParams, KDF_ALGORITHM, MIN_ITERATIONS};
    use fieldbook::demo::{generate, DemoParams};
    use fieldbook::import::{
        customers_csv, orders_csv, products_csv, write_backup, Backup, NextIds,
    };

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let dir = root.join(target);
        fs::create_dir_all(&dir).expect("corpus folder");
        fs::write(dir.join(name), bytes).expect("seed written");
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
    let data = generate(&DemoParams::sized(6, 12, today));
    let customers = customers_csv(&data.customers).expect("csv");
    write("import_file", "seed-customers.csv", &customers);
    write(
        "import_file",
        "seed-products.csv",
        &products_csv(&data.products).expect("csv"),
    );
    write(
        "import_file",
        "seed-orders.csv",
        &orders_csv(&data.orders).expect("csv"),
    );
    let semicolons = String::from_utf8_lossy(&customers).replace(',', ";");
    write("import_file", "seed-semicolons.csv", semicolons.as_bytes());
    write(
        "import_file",
        "seed-chinese.csv",
        "姓名,电话,邮箱,生日,城市\n王芳,138 0013 8000,wf@example.cn,1990年3月5日,上海\n\"李, 雷\",+86 139-0000-0000,,05.03.1984,北京\n".as_bytes(),
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "name,email\nAda,ada@example.com\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    write("import_file", "seed-utf16.csv", &utf16);
    write(
        "import_file",
        "seed-customers.json",
        br#"[{"name":"Ada","email":"ada@example.com","age":"36"},{"name":"Bo","phone":"+44 20 7946 0958","tags":["vip"]}]"#,
    );
    let backup = Backup::new(
        1,
        NextIds::default(),
        data.customers.clone(),
        data.products.clone(),
        data.orders.clone(),
        vec![],
        vec![],
    );
    write(
        "backup_reader",
        "seed-backup.json",
        &write_backup(&backup, false),
    );
    write(
        "backup_reader",
        "seed-backup.json.gz",
        &write_backup(&backup, true),
    );
    let kdf = KdfParams {
        algorithm: KDF_ALGORITHM.to_owned(),
        iterations: MIN_ITERATIONS,
        salt: "00112233445566778899aabbccddeeff".to_owned(),
    };
    let key = derive_key("seed", &kdf).expect("derives");
    let sealed = seal_file("backup", &kdf, &key, &write_backup(&backup, true)).expect("seals");
    write("backup_reader", "seed-backup.fieldbook-encrypted", &sealed);
    for (i, text) in [
        " Ada.Lovelace+crm@Gmail.COM ",
        "(020) 7946-0958 ext. 12",
        "0086 138-0013-8000",
        "  José   ÁLVAREZ  ",
        "王 芳",
        "2024/3/5",
        "05.03.2024",
        "2024年3月5日",
        "3/5/24",
        "1999-02-29",
    ]
    .iter()
    .enumerate()
    {
        write("normalisers", &format!("seed-{i}"), text.as_bytes());
    }
}
