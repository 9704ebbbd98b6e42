//! Export noise: makes a clean orders CSV look like a raw export from a shop system, with lines
//! exported twice and blank quantity or amount cells — what cleaning has to cope with.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Repeats about `share` of the data lines of `csv` (an orders file as Fieldbook exports it)
/// and blanks the quantity of about `share` of them and the amount of another `share`. Lines
/// with quoted fields are left as they are. The same input, share and seed give the same output.
pub fn add_export_noise(csv: &[u8], share: f64, seed: u64) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(csv.len() + csv.len() / 50);
    let mut lines = csv.split_inclusive(|&b| b == b'\n');
    let Some(header) = lines.next() else {
        return out;
    };
    out.extend_from_slice(header);
    let header = String::from_utf8_lossy(header);
    let names: Vec<&str> = header.trim_end().split(',').collect();
    let column = |name: &str| {
        names
            .iter()
            .position(|n| n.trim_start_matches('\u{feff}') == name)
    };
    let (quantity, amount) = (column("quantity"), column("amount"));
    for line in lines {
        if line.contains(&b'"') {
            out.extend_from_slice(line);
            continue;
        }
        let mut fields: Vec<&[u8]> = line.split(|&b| b == b',').collect();
        let ending: &[u8] = if line.ends_with(b"\r\n") {
            b"\r\n"
        } else if line.ends_with(b"\n") {
            b"\n"
        } else {
            b""
        };
        if let Some(last) = fields.last_mut() {
            *last = &last[..last.len() - ending.len()];
        }
        for target in [quantity, amount].into_iter().flatten() {
            if target < fields.len() && rng.gen_bool(share) {
                fields[target] = b"";
            }
        }
        let noisy = [fields.join(&b","[..]), ending.to_vec()].concat();
        out.extend_from_slice(&noisy);
        if rng.gen_bool(share) {
            out.extend_from_slice(&noisy);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_repeats_lines_and_blanks_cells_reproducibly() {
        let mut csv = String::from("order_id,customer_id,quantity,unit_price,amount\r\n");
        for i in 0..2000 {
            csv.push_str(&format!("O{i},C{i},2,1.50,3.00\r\n"));
        }
        csv.push_str("O9,\"C,9\",1,1.00,1.00\r\n");
        let noisy = add_export_noise(csv.as_bytes(), 0.05, 7);
        assert_eq!(noisy, add_export_noise(csv.as_bytes(), 0.05, 7));
        let text = String::from_utf8(noisy).expect("utf-8");
        let lines: Vec<&str> = text.lines().skip(1).collect();
        let repeated = lines.windows(2).filter(|w| w[0] == w[1]).count();
        let no_quantity = lines.iter().filter(|l| l.contains(",,1.50")).count();
        let no_amount = lines.iter().filter(|l| l.ends_with("1.50,")).count();
        for (what, n) in [
            ("repeated", repeated),
            ("quantity", no_quantity),
            ("amount", no_amount),
        ] {
            assert!((50..=160).contains(&n), "{what}: {n}");
        }
        assert!(
            text.ends_with("O9,\"C,9\",1,1.00,1.00\r\n"),
            "quoted line untouched"
        );
    }
}
