//! CSV text into a table of string cells: the delimiter (`,` `;` tab `|`) is detected, quoted
//! fields and mixed line endings are handled by the csv crate, and ragged rows are reported with
//! their line numbers instead of failing the file.

use super::{ImportError, RowIssue};

/// One data row with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The 1-based line where the row starts in the file.
    pub line: u64,
    pub cells: Vec<String>,
}

/// A parsed file: header, rows and the problems found in individual rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub delimiter: u8,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    /// Rows that could not be used as they are (wrong number of cells, unclosed quote).
    pub issues: Vec<RowIssue>,
    /// Problems with the header itself (duplicate or empty names); not fatal.
    pub header_notes: Vec<String>,
}

const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Picks the delimiter that splits the first lines into the most columns, most consistently.
pub fn detect_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(30).collect::<Vec<_>>().join("\n");
    let mut best = (b',', 0usize, usize::MAX);
    for delimiter in CANDIDATES {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample.as_bytes());
        let counts: Vec<usize> = reader
            .records()
            .filter_map(Result::ok)
            .map(|r| r.len())
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first < 2 {
            continue;
        }
        let mismatched = counts.iter().filter(|&&c| c != first).count();
        // More columns wins; among equals, fewer ragged lines.
        let better = first > best.1 && mismatched <= counts.len() / 4
            || (first == best.1 && mismatched < best.2);
        if better || best.1 == 0 {
            best = (delimiter, first, mismatched);
        }
    }
    best.0
}

/// Reads CSV text with a header row. A row with a different number of cells than the header
/// is reported and left out; an unclosed quote is reported at the line where it opens.
pub fn read_table(text: &str) -> Result<Table, ImportError> {
    let mut reader = TableReader::new(text)?;
    while reader.read_rows(usize::MAX) {}
    reader.finish()
}

/// Reads a CSV table a batch of rows at a time, so a caller can yield to the page between
/// batches of a large file.
pub struct TableReader<'a> {
    delimiter: u8,
    headers: Vec<String>,
    records: csv::StringRecordsIntoIter<&'a [u8]>,
    lines: LineIndex<'a>,
    rows: Vec<TableRow>,
    issues: Vec<RowIssue>,
    /// Bytes of the text, for progress.
    total_bytes: usize,
    done: bool,
}

impl<'a> TableReader<'a> {
    /// Detects the delimiter and reads the header row.
    pub fn new(text: &'a str) -> Result<TableReader<'a>, ImportError> {
        if text.trim().is_empty() {
            return Err(ImportError::Empty);
        }
        let delimiter = detect_delimiter(text);
        let mut records = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .into_records();
        let headers: Vec<String> = loop {
            match records.next() {
                None => return Err(ImportError::Empty),
                Some(Err(error)) => return Err(ImportError::Csv(error.to_string())),
                Some(Ok(record)) if record.iter().all(|cell| cell.trim().is_empty()) => continue,
                Some(Ok(record)) => break record.iter().map(|h| h.trim().to_owned()).collect(),
            }
        };
        Ok(TableReader {
            delimiter,
            headers,
            records,
            lines: LineIndex::new(text),
            rows: Vec::new(),
            issues: Vec::new(),
            total_bytes: text.len(),
            done: false,
        })
    }

    /// Reads up to `max` more records. Returns whether there may be more.
    pub fn read_rows(&mut self, max: usize) -> bool {
        for _ in 0..max {
            let Some(result) = self.records.next() else {
                self.done = true;
                return false;
            };
            let record = match result {
                Ok(record) => record,
                Err(error) => {
                    let line = error.position().map_or(0, |p| self.lines.line_of(p.byte()));
                    self.issues.push(RowIssue {
                        line,
                        column: None,
                        message: format!("could not be read: {error}"),
                    });
                    continue;
                }
            };
            let line = record
                .position()
                .map_or(0, |p| self.lines.line_of(p.byte()));
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            if record.len() != self.headers.len() {
                let unclosed = record.iter().any(|cell| cell.contains('\n'))
                    || text_has_unclosed_quote(record.as_slice());
                let message = if unclosed && record.len() < self.headers.len() {
                    "a quoted field is not closed (a '\"' is missing), so the rest of the file runs into this row".to_owned()
                } else {
                    format!(
                        "has {} cells but the header has {} columns",
                        record.len(),
                        self.headers.len()
                    )
                };
                self.issues.push(RowIssue {
                    line,
                    column: None,
                    message,
                });
                continue;
            }
            self.rows.push(TableRow {
                line,
                cells: record.iter().map(str::to_owned).collect(),
            });
        }
        !self.done
    }

    /// How far through the text the reader is, from 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.done {
            return 1.0;
        }
        let at = self.records.reader().position().byte() as f64;
        (at / self.total_bytes.max(1) as f64).min(1.0)
    }

    /// The table read so far (all of it once [`TableReader::read_rows`] returned false).
    pub fn finish(self) -> Result<Table, ImportError> {
        if self.rows.is_empty() && self.issues.is_empty() {
            return Err(ImportError::NoRows);
        }
        let header_notes = header_notes(&self.headers);
        Ok(Table {
            delimiter: self.delimiter,
            headers: self.headers,
            rows: self.rows,
            issues: self.issues,
            header_notes,
        })
    }
}

/// Line numbers from byte offsets. The csv crate's own line count is off by one after a CRLF
/// line end, and users need the exact line to find a row in their editor.
struct LineIndex<'a> {
    text: &'a [u8],
    /// Byte offset where each line starts; `\r\n`, `\n` and a lone `\r` all end a line.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 2;
                    continue;
                }
                b'\r' | b'\n' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            text: bytes,
            starts,
        }
    }

    /// The 1-based line of the first non-line-break byte at or after `byte`.
    fn line_of(&self, byte: u64) -> u64 {
        let mut at = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while at < self.text.len() && matches!(self.text[at], b'\r' | b'\n') {
            at += 1;
        }
        let index = match self.starts.binary_search(&at) {
            Ok(index) => index,
            Err(insert) => insert - 1,
        };
        index as u64 + 1
    }
}

fn text_has_unclosed_quote(raw: &str) -> bool {
    raw.matches('"').count() % 2 == 1
}

fn header_notes(headers: &[String]) -> Vec<String> {
    let mut notes = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        if header.is_empty() {
            notes.push(format!("column {} has no name", index + 1));
            continue;
        }
        let first = headers
            .iter()
            .position(|other| other.eq_ignore_ascii_case(header));
        if let Some(first) = first.filter(|&first| first < index) {
            notes.push(format!(
                "columns {} and {} are both named '{header}'; only the first is mapped automatically",
                first + 1,
                index + 1
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(table: &Table) -> Vec<Vec<&str>> {
        table
            .rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn detects_each_delimiter() {
        for (delimiter, text) in [
            (b',', "a,b,c\n1,2,3\n"),
            (b';', "a;b;c\n1;2,5;3\n"),
            (b'\t', "a\tb\tc\n1\t2\t3\n"),
            (b'|', "a|b|c\n1|2|3\n"),
        ] {
            assert_eq!(detect_delimiter(text), delimiter, "{text:?}");
        }
    }

    #[test]
    fn reads_quotes_crlf_and_mixed_line_endings() {
        let text =
            "name,note\r\n\"Lee, Ann\",\"said \"\"hi\"\"\"\n\"Bo\",\"two\nlines\"\r\nCy,plain\r";
        let table = read_table(text).expect("reads");
        assert_eq!(
            cells(&table),
            vec![
                vec!["Lee, Ann", "said \"hi\""],
                vec!["Bo", "two\nlines"],
                vec!["Cy", "plain"]
            ]
        );
        assert_eq!(
            table.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 3, 5]
        );
        assert!(table.issues.is_empty());
    }

    #[test]
    fn ragged_rows_are_reported_with_line_numbers() {
        let table = read_table("a,b\n1,2\n3\n4,5,6\n7,8\n").expect("reads");
        assert_eq!(cells(&table), vec![vec!["1", "2"], vec!["7", "8"]]);
        let lines: Vec<_> = table.issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![3, 4]);
        assert!(table.issues[0].message.contains("1 cells"));
    }

    #[test]
    fn unclosed_quote_is_reported() {
        let table = read_table("a,b,c\n1,2,3\n4,\"oops,6\n7,8,9\n").expect("reads");
        assert_eq!(cells(&table), vec![vec!["1", "2", "3"]]);
        assert_eq!(table.issues.len(), 1);
        assert_eq!(table.issues[0].line, 3);
        assert!(table.issues[0].message.contains("not closed"));
    }

    #[test]
    fn empty_header_only_and_duplicate_headers() {
        assert_eq!(read_table(""), Err(ImportError::Empty));
        assert_eq!(read_table("\n\n"), Err(ImportError::Empty));
        assert_eq!(read_table("name,email\n"), Err(ImportError::NoRows));
        let table = read_table("email,name,Email,\nx@y.io,A,z@y.io,\n").expect("reads");
        assert_eq!(table.header_notes.len(), 2);
        assert!(table.header_notes[0].contains("columns 1 and 3"));
        assert!(table.header_notes[1].contains("column 4 has no name"));
    }

    #[test]
    fn reading_in_batches_gives_the_same_table() {
        let mut text = String::from("a,b\n");
        for i in 0..1000 {
            text.push_str(&format!("{i},x{i}\n"));
            if i % 100 == 0 {
                text.push_str("ragged\n");
            }
        }
        let whole = read_table(&text).expect("reads");
        let mut reader = TableReader::new(&text).expect("header");
        let mut batches = 0;
        let mut last_progress = 0.0;
        while reader.read_rows(64) {
            batches += 1;
            assert!(reader.progress() >= last_progress);
            last_progress = reader.progress();
        }
        assert!(batches > 10);
        assert_eq!(reader.finish().expect("table"), whole);
    }

    #[test]
    fn a_huge_field_is_kept_whole() {
        let big = "x".repeat(10 * 1024 * 1024);
        let table = read_table(&format!("name,note\nAda,{big}\n")).expect("reads");
        assert_eq!(table.rows[0].cells[1].len(), big.len());
    }
}
