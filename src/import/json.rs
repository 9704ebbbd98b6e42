//! JSON files into the same [`Table`] the CSV reader produces, so mapping and validation are
//! shared: a list of objects (or an object holding one such list), nested objects flattened to
//! `address.city`, lists joined with commas. A row's "line" is the record's 1-based position.

use serde_json::Value;

use super::table::{Table, TableRow};
use super::ImportError;

/// Reads JSON text as a table.
pub fn read_json_table(text: &str) -> Result<Table, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let value: Value =
        serde_json::from_str(text).map_err(|error| ImportError::Json(error.to_string()))?;
    let records = match value {
        Value::Array(items) => items,
        Value::Object(map) => map
            .into_iter()
            .find_map(|(_, v)| match v {
                Value::Array(items) if items.iter().all(Value::is_object) => Some(items),
                _ => None,
            })
            .ok_or(ImportError::JsonShape)?,
        _ => return Err(ImportError::JsonShape),
    };
    if records.is_empty() {
        return Err(ImportError::NoRows);
    }
    let mut headers: Vec<String> = Vec::new();
    let mut flat_records = Vec::with_capacity(records.len());
    for record in &records {
        let Value::Object(_) = record else {
            return Err(ImportError::JsonShape);
        };
        let mut flat = Vec::new();
        flatten("", record, &mut flat);
        for (key, _) in &flat {
            if !headers.contains(key) {
                headers.push(key.clone());
            }
        }
        flat_records.push(flat);
    }
    let rows = flat_records
        .into_iter()
        .enumerate()
        .map(|(index, flat)| {
            let mut cells = vec![String::new(); headers.len()];
            for (key, value) in flat {
                if let Some(column) = headers.iter().position(|h| *h == key) {
                    cells[column] = value;
                }
            }
            TableRow {
                line: index as u64 + 1,
                cells,
            }
        })
        .collect();
    Ok(Table {
        delimiter: b',',
        headers,
        rows,
        issues: Vec::new(),
        header_notes: Vec::new(),
    })
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&name, inner, out);
            }
        }
        Value::Array(items) => {
            let joined = items.iter().map(scalar_text).collect::<Vec<_>>().join(", ");
            out.push((prefix.to_owned(), joined));
        }
        other => out.push((prefix.to_owned(), scalar_text(other))),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_of_objects_flatten_into_a_table() {
        let table = read_json_table(
            r#"{"customers": [
                {"name": "Ada", "age": 36, "address": {"city": "London"}, "tags": ["vip", "b2b"]},
                {"name": "王芳", "email": null, "phone": "138"}
            ]}"#,
        )
        .expect("reads");
        assert_eq!(
            table.headers,
            vec!["address.city", "age", "name", "tags", "email", "phone"]
        );
        assert_eq!(
            table.rows[0].cells,
            vec!["London", "36", "Ada", "vip, b2b", "", ""]
        );
        assert_eq!(table.rows[1].line, 2);
    }

    #[test]
    fn wrong_shapes_are_clear_errors() {
        assert_eq!(read_json_table(""), Err(ImportError::Empty));
        assert_eq!(read_json_table("[]"), Err(ImportError::NoRows));
        assert_eq!(read_json_table("42"), Err(ImportError::JsonShape));
        assert_eq!(read_json_table("[1, 2]"), Err(ImportError::JsonShape));
        assert!(matches!(read_json_table("[{"), Err(ImportError::Json(_))));
    }
}
