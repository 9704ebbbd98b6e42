//! Writes demo data of any size as CSV files for tests and benchmarks: customers.csv,
//! products.csv, orders.csv (one row per order line) and duplicates.csv (the true groups).
//!
//! Usage: fieldbook-demo [--customers N] [--lines N] [--seed N] [--today YYYY-MM-DD]
//!        [--raw-export SHARE] --out DIR
//!
//! `--raw-export 0.01` also writes orders-raw.csv, the order lines as a raw shop export: about 1%
//! of lines twice and 1% of quantity and amount cells blank (what the benchmarks clean).

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use fieldbook::demo::{add_export_noise, generate, DemoParams};
use fieldbook::import::{customers_csv, orders_csv, products_csv};

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fieldbook-demo: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut customers = 10_000usize;
    let mut lines = 100_000usize;
    let mut seed = None;
    let mut today = NaiveDate::from_ymd_opt(2026, 6, 30).ok_or("bad default date")?;
    let mut out: Option<PathBuf> = None;
    let mut noise = 0.0f64;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--customers" => {
                customers = value()?.parse().map_err(|e| format!("--customers: {e}"))?
            }
            "--lines" => lines = value()?.parse().map_err(|e| format!("--lines: {e}"))?,
            "--seed" => seed = Some(value()?.parse().map_err(|e| format!("--seed: {e}"))?),
            "--today" => {
                today = NaiveDate::parse_from_str(&value()?, "%Y-%m-%d")
                    .map_err(|e| format!("--today: {e}"))?
            }
            "--raw-export" => {
                noise = value()?.parse().map_err(|e| format!("--raw-export: {e}"))?;
                if !(0.0..=0.5).contains(&noise) {
                    return Err("--raw-export must be between 0 and 0.5".into());
                }
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut params = DemoParams::sized(customers, lines, today);
    params.mark_demo = false;
    if let Some(seed) = seed {
        params.seed = seed;
    }
    let data = generate(&params);
    let write = |name: &str, bytes: Vec<u8>| {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    };
    let csv_error = |e: csv::Error| e.to_string();
    write(
        "customers.csv",
        customers_csv(&data.customers).map_err(csv_error)?,
    )?;
    write(
        "products.csv",
        products_csv(&data.products).map_err(csv_error)?,
    )?;
    let orders = orders_csv(&data.orders).map_err(csv_error)?;
    if noise > 0.0 {
        write(
            "orders-raw.csv",
            add_export_noise(&orders, noise, params.seed),
        )?;
    }
    write("orders.csv", orders)?;
    let mut groups = String::from("group,customer_id\r\n");
    for (index, group) in data.duplicate_groups.iter().enumerate() {
        for id in group {
            groups.push_str(&format!("{},{}\r\n", index + 1, id));
        }
    }
    write("duplicates.csv", groups.into_bytes())?;
    println!(
        "{} customers, {} products, {} orders, {} order lines, {} duplicate groups in {}",
        data.customers.len(),
        data.products.len(),
        data.orders.len(),
        data.order_line_count(),
        data.duplicate_groups.len(),
        out.display()
    );
    Ok(())
}
