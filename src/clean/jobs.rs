//! The cleaning work the web worker does for the page (pure): duplicate detection and the
//! cleaning preview, as jobs of one JSON header and sections of JSON lines each way.
//!
//! Large lists travel as JSON lines (one compact JSON value per line; compact JSON never holds
//! a raw line break) so the page can write and read them a few thousand at a time between
//! yields instead of in one long task. The worker reads and writes them in one go.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::dedupe::{DedupeParams, Detection, Detector, Pair, Stage};
use super::fix::{CellChange, Flag};
use super::recipe::{Cleaner, Preview, Recipe};
use crate::model::{CustomFieldDef, Customer, CustomerId, Gender};

/// The job that finds duplicates: header [`DedupeJob`], one section of [`DedupeRecord`]s; the
/// answer's header is the [`Detection`] without its pairs, its one section the pairs.
pub const DEDUPE: &str = "dedupe";
/// The job that previews a recipe: header [`CleanJob`], one section of customers; the answer's
/// header is the [`Preview`] without its lists, its sections the changed customers (after
/// cleaning), the changed values and the flags.
pub const CLEAN: &str = "clean";

/// Settings of a duplicate search.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DedupeJob {
    pub today: NaiveDate,
    pub params: DedupeParams,
}

/// What duplicate detection reads of a customer, under short names: about half the bytes of a
/// whole customer to write on the page and read in the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupeRecord<'a> {
    #[serde(rename = "i")]
    pub id: u64,
    #[serde(borrow, rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "e", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Cow<'a, str>>,
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(borrow, rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub street: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub city: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "z", default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<Cow<'a, str>>,
}

impl<'a> From<&'a Customer> for DedupeRecord<'a> {
    fn from(c: &'a Customer) -> DedupeRecord<'a> {
        let text = |value: &'a Option<String>| value.as_deref().map(Cow::Borrowed);
        DedupeRecord {
            id: c.id.0,
            name: text(&c.name),
            email: text(&c.email),
            phone: text(&c.phone),
            birth_date: c.birth_date,
            age: c.age,
            gender: c.gender,
            street: text(&c.address.street),
            city: text(&c.address.city),
            postcode: text(&c.address.postcode),
        }
    }
}

impl DedupeRecord<'_> {
    /// A customer with only what detection reads.
    pub fn into_customer(self) -> Customer {
        let text = |value: Option<Cow<'_, str>>| value.map(Cow::into_owned);
        let mut customer = Customer::new(CustomerId(self.id), 0);
        customer.name = text(self.name);
        customer.email = text(self.email);
        customer.phone = text(self.phone);
        customer.birth_date = self.birth_date;
        customer.age = self.age;
        customer.gender = self.gender;
        customer.address.street = text(self.street);
        customer.address.city = text(self.city);
        customer.address.postcode = text(self.postcode);
        customer
    }
}

/// `customers` as the lines of a [`DEDUPE`] job.
pub fn dedupe_lines(customers: &[Customer], out: &mut Vec<u8>) {
    for customer in customers {
        // Serialising plain data types into memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, &DedupeRecord::from(customer));
        out.push(b'\n');
    }
}

/// Settings of a cleaning preview.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CleanJob {
    pub today: NaiveDate,
    pub recipe: Recipe,
    pub defs: Vec<CustomFieldDef>,
}

/// Where a job is: its phase (a job's own numbering; for [`DEDUPE`] 0 reads the customers and
/// 1 compares pairs) and the work done out of the total in that phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub phase: u32,
    pub done: usize,
    pub total: usize,
}

/// Why a job could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    #[error("unknown job {0:?}")]
    Unknown(String),
    #[error("the job's data could not be read: {0}")]
    Input(String),
    #[error("{0}")]
    Failed(String),
}

/// A job's header and sections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parcel {
    pub header: String,
    pub sections: Vec<Vec<u8>>,
}

/// Appends `items` as JSON lines.
pub fn write_lines<'a, T: Serialize + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    out: &mut Vec<u8>,
) {
    for item in items {
        // Serialising plain data types into memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, item);
        out.push(b'\n');
    }
}

/// Reads JSON lines, up to `limit` of them from byte `at` on; returns the values and where the
/// next read starts (`bytes.len()` at the end). Blank lines are skipped.
pub fn read_lines<T: DeserializeOwned>(
    bytes: &[u8],
    at: usize,
    limit: usize,
) -> Result<(Vec<T>, usize), serde_json::Error> {
    let mut values = Vec::new();
    let mut at = at.min(bytes.len());
    while at < bytes.len() && values.len() < limit {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &bytes[at..end];
        if !line.iter().all(u8::is_ascii_whitespace) {
            values.push(serde_json::from_slice(line)?);
        }
        at = (end + 1).min(bytes.len());
    }
    Ok((values, at))
}

/// Every value of a section of JSON lines.
pub fn read_all<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, serde_json::Error> {
    read_lines(bytes, 0, usize::MAX).map(|(values, _)| values)
}

fn input<T: DeserializeOwned>(parcel: &Parcel) -> Result<(T, &[u8]), JobError> {
    let header =
        serde_json::from_str(&parcel.header).map_err(|e| JobError::Input(e.to_string()))?;
    Ok((
        header,
        parcel.sections.first().map_or(&[][..], Vec::as_slice),
    ))
}

fn header<T: Serialize>(value: &T) -> String {
    // Plain data types always serialise.
    serde_json::to_string(value).unwrap_or_default()
}

/// Runs the job `name` on `parcel`, telling `progress` where it is.
pub fn run(
    name: &str,
    parcel: &Parcel,
    progress: &mut dyn FnMut(Step),
) -> Result<Parcel, JobError> {
    match name {
        DEDUPE => {
            let (job, lines): (DedupeJob, _) = input(parcel)?;
            let mut customers = Vec::new();
            for line in lines.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                let record: DedupeRecord =
                    serde_json::from_slice(line).map_err(|e| JobError::Input(e.to_string()))?;
                customers.push(record.into_customer());
            }
            let mut detector = Detector::new(&customers, job.today, job.params);
            loop {
                let at = detector.step();
                if at.stage == Stage::Done {
                    break;
                }
                progress(Step {
                    phase: u32::from(at.stage == Stage::Comparing),
                    done: at.done,
                    total: at.total,
                });
            }
            let mut detection = detector.finish();
            let mut pairs = Vec::new();
            write_lines(&detection.pairs, &mut pairs);
            detection.pairs = Vec::new();
            Ok(Parcel {
                header: header(&detection),
                sections: vec![pairs],
            })
        }
        CLEAN => {
            let (job, lines): (CleanJob, _) = input(parcel)?;
            let customers: Vec<Customer> =
                read_all(lines).map_err(|e| JobError::Input(e.to_string()))?;
            let mut cleaner = Cleaner::new(&customers, &job.recipe, &job.defs, job.today);
            while cleaner.step() {
                let (done, total) = cleaner.progress();
                progress(Step {
                    phase: 0,
                    done,
                    total,
                });
            }
            let mut preview = cleaner
                .finish()
                .map_err(|e| JobError::Failed(e.to_string()))?;
            let mut sections = vec![Vec::new(), Vec::new(), Vec::new()];
            write_lines(
                preview.changed.iter().map(|(_, after)| after),
                &mut sections[0],
            );
            write_lines(&preview.changes, &mut sections[1]);
            write_lines(&preview.flags, &mut sections[2]);
            preview.changed = Vec::new();
            preview.changes = Vec::new();
            preview.flags = Vec::new();
            Ok(Parcel {
                header: header(&preview),
                sections,
            })
        }
        other => Err(JobError::Unknown(other.to_owned())),
    }
}

/// The detection a [`DEDUPE`] answer holds: its header and its pairs (read from its section).
pub fn detection(header: &str, pairs: Vec<Pair>) -> Result<Detection, serde_json::Error> {
    let mut detection: Detection = serde_json::from_str(header)?;
    detection.pairs = pairs;
    Ok(detection)
}

/// The preview a [`CLEAN`] answer holds: its header and its sections read (changed customers,
/// changed values, flags), given the customers the job was sent (sorted by id), with which
/// each changed customer is paired.
pub fn preview(
    header: &str,
    (after, changes, flags): (Vec<Customer>, Vec<CellChange>, Vec<Flag>),
    sent: &[Customer],
) -> Result<Preview, serde_json::Error> {
    let mut preview: Preview = serde_json::from_str(header)?;
    preview.changed = pair_with_sent(after, sent);
    preview.changes = changes;
    preview.flags = flags;
    Ok(preview)
}

/// Pairs customers after cleaning with the ones sent (sorted by id), by id; a customer the
/// job did not get is left out.
fn pair_with_sent(after: Vec<Customer>, sent: &[Customer]) -> Vec<(Customer, Customer)> {
    after
        .into_iter()
        .filter_map(|after| {
            let at = sent.binary_search_by_key(&after.id, |c| c.id).ok()?;
            Some((sent[at].clone(), after))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::dedupe::detect;
    use crate::demo::{generate, DemoParams};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")
    }

    fn sent(customers: &[Customer], job: &impl Serialize) -> Parcel {
        let mut lines = Vec::new();
        write_lines(customers, &mut lines);
        parcel(lines, job)
    }

    fn parcel(lines: Vec<u8>, job: &impl Serialize) -> Parcel {
        Parcel {
            header: header(job),
            sections: vec![lines],
        }
    }

    #[test]
    fn lines_are_read_in_portions_and_survive_line_breaks_in_values() {
        let values = vec![
            "two\nlines".to_owned(),
            "tab\t and \"quotes\"".to_owned(),
            "王芳".to_owned(),
        ];
        let mut bytes = Vec::new();
        write_lines(&values, &mut bytes);
        let (first, at) = read_lines::<String>(&bytes, 0, 2).expect("reads");
        assert_eq!(first, values[..2]);
        let (rest, end) = read_lines::<String>(&bytes, at, 2).expect("reads");
        assert_eq!(rest, values[2..]);
        assert_eq!(end, bytes.len());
        assert!(read_all::<String>(b"\"a\"\n{").is_err());
    }

    #[test]
    fn the_dedupe_job_finds_what_detection_finds() {
        let data = generate(&DemoParams::sized(800, 0, today()));
        let job = DedupeJob {
            today: today(),
            params: DedupeParams::default(),
        };
        let mut steps = Vec::new();
        let mut lines = Vec::new();
        dedupe_lines(&data.customers, &mut lines);
        let mut whole = Vec::new();
        write_lines(&data.customers, &mut whole);
        assert!(
            lines.len() * 3 < whole.len() * 2,
            "{} of {} bytes",
            lines.len(),
            whole.len()
        );
        let answer = run(DEDUPE, &parcel(lines, &job), &mut |s| steps.push(s)).expect("runs");
        let direct = detect(&data.customers, today(), DedupeParams::default());
        assert!(!direct.pairs.is_empty());
        let pairs = read_all(&answer.sections[0]).expect("reads");
        assert_eq!(detection(&answer.header, pairs).expect("reads"), direct);
        assert!(steps.iter().any(|s| s.phase == 0) && steps.iter().any(|s| s.phase == 1));
        assert!(steps
            .windows(2)
            .all(|w| (w[0].phase, w[0].done) <= (w[1].phase, w[1].done)));
    }

    #[test]
    fn the_clean_job_previews_what_the_cleaner_previews() {
        let mut customers = generate(&DemoParams::sized(300, 0, today())).customers;
        customers.sort_by_key(|c| c.id);
        let job = CleanJob {
            today: today(),
            recipe: Recipe::default(),
            defs: Vec::new(),
        };
        let answer = run(CLEAN, &sent(&customers, &job), &mut |_| {}).expect("runs");
        let direct = Cleaner::new(&customers, &job.recipe, &[], today())
            .finish()
            .expect("runs");
        assert!(!direct.changed.is_empty());
        let section = |i: usize| &answer.sections[i];
        let lists = (
            read_all(section(0)).expect("reads"),
            read_all(section(1)).expect("reads"),
            read_all(section(2)).expect("reads"),
        );
        let read = preview(&answer.header, lists, &customers).expect("reads");
        assert_eq!(read, direct);
    }

    #[test]
    fn unknown_jobs_and_broken_input_are_errors() {
        assert_eq!(
            run("nothing", &Parcel::default(), &mut |_| {}),
            Err(JobError::Unknown("nothing".into()))
        );
        let broken = Parcel {
            header: "{}".into(),
            sections: vec![],
        };
        assert!(matches!(
            run(DEDUPE, &broken, &mut |_| {}),
            Err(JobError::Input(_))
        ));
    }
}
