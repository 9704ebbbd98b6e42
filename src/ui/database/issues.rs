//! Problems found in imported data, told in the user's language.

use crate::i18n::{Lang, Msg};
use crate::import::{BackupError, ImportError};
use crate::model::{Field, FieldIssue, Problem};

fn field_label(field: &Field) -> Option<Msg> {
    Some(match field {
        Field::Id => Msg::FieldId,
        Field::Name => Msg::FieldName,
        Field::Gender => Msg::FieldGender,
        Field::BirthDate => Msg::FieldBirthDate,
        Field::Age => Msg::FieldAge,
        Field::Phone => Msg::FieldPhone,
        Field::Email => Msg::FieldEmail,
        Field::Postcode => Msg::FieldPostcode,
        Field::Company => Msg::FieldCompany,
        Field::Tags => Msg::FieldTags,
        Field::Price => Msg::FieldPrice,
        Field::Category => Msg::FieldCategory,
        Field::Customer => Msg::FieldCustomerRef,
        Field::OrderDate => Msg::FieldOrderDate,
        Field::Status => Msg::FieldStatus,
        Field::Product => Msg::FieldProductRef,
        Field::Quantity => Msg::FieldQuantity,
        Field::UnitPrice => Msg::FieldUnitPrice,
        Field::Amount => Msg::FieldAmount,
        Field::Custom(_) => return None,
    })
}

fn problem_text(problem: &Problem) -> Msg {
    match problem {
        Problem::Missing => Msg::ProblemMissing,
        Problem::NoContact => Msg::ProblemNoContact,
        Problem::BadEmail => Msg::ProblemBadEmail,
        Problem::BadPhone => Msg::ProblemBadPhone,
        Problem::AgeOutOfRange => Msg::ProblemAgeOutOfRange,
        Problem::NotAWholeNumber => Msg::ProblemNotAWholeNumber,
        Problem::BadDate => Msg::ProblemBadDate,
        Problem::FutureDate => Msg::ProblemFutureDate,
        Problem::TooOld => Msg::ProblemTooOld,
        Problem::BadGender => Msg::ProblemBadGender,
        Problem::BadStatus => Msg::ProblemBadStatus,
        Problem::Negative => Msg::ProblemNegative,
        Problem::BadAmount(_) => Msg::ProblemBadAmount,
        Problem::TooLong(_) => Msg::ProblemTooLong,
        Problem::UnknownReference(_) => Msg::ProblemUnknownReference,
        Problem::EmptyOrder => Msg::ProblemEmptyOrder,
        Problem::OrderMismatch => Msg::ProblemOrderMismatch,
        Problem::MixedReturn => Msg::ProblemMixedReturn,
        Problem::NotANumber => Msg::ProblemNotANumber,
        Problem::NotAChoice(_) => Msg::ProblemNotAChoice,
    }
}

/// One problem as a sentence in `lang`. English keeps the model's own wording.
pub fn describe(issue: &FieldIssue, lang: Lang) -> String {
    if lang == Lang::En {
        return issue.to_string();
    }
    let field = match &issue.field {
        Field::Custom(name) => name.clone(),
        other => field_label(other).map_or_else(|| other.to_string(), |m| m.text(lang).to_owned()),
    };
    let problem = problem_text(&issue.problem).text(lang);
    if issue.value.is_empty() {
        format!("{field}{problem}")
    } else {
        format!("{field}“{}”{problem}", issue.value)
    }
}

/// Several problems, joined.
pub fn describe_all(issues: &[FieldIssue], lang: Lang) -> String {
    let separator = if lang == Lang::Zh { "；" } else { "; " };
    issues
        .iter()
        .map(|issue| describe(issue, lang))
        .collect::<Vec<_>>()
        .join(separator)
}

/// A file that cannot be imported, told in `lang`. English keeps the import module's wording.
pub fn describe_import_error(error: &ImportError, lang: Lang) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    let (msg, detail) = match error {
        ImportError::Empty => (Msg::FileEmpty, None),
        ImportError::NoRows => (Msg::FileNoRows, None),
        ImportError::Binary => (Msg::FileBinary, None),
        ImportError::Csv(detail) => (Msg::FileBadCsv, Some(detail)),
        ImportError::Json(detail) => (Msg::FileBadJson, Some(detail)),
        ImportError::JsonShape => (Msg::FileJsonShape, None),
        ImportError::NothingMapped => (Msg::FileNothingMapped, None),
    };
    match detail {
        Some(detail) => format!("{}（{detail}）", msg.text(lang)),
        None => msg.text(lang).to_owned(),
    }
}

/// A backup that cannot be restored, told in `lang`.
pub fn describe_backup_error(error: &BackupError, lang: Lang) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    match error {
        BackupError::NotABackup => Msg::BackupNotABackup.text(lang).to_owned(),
        BackupError::NewerVersion(version) => {
            format!("{}（{version}）", Msg::BackupNewer.text(lang))
        }
        BackupError::Damaged(detail) => format!("{}（{detail}）", Msg::BackupDamaged.text(lang)),
        BackupError::Inconsistent(detail) => {
            format!("{}（{detail}）", Msg::BackupInconsistent.text(lang))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_read_in_both_languages() {
        let issue = FieldIssue::new(Field::Age, "abc", Problem::NotAWholeNumber);
        assert_eq!(
            describe(&issue, Lang::En),
            "age 'abc' is not a whole number"
        );
        assert_eq!(describe(&issue, Lang::Zh), "年龄“abc”不是整数");
        let missing = FieldIssue::new(Field::Name, "", Problem::NoContact);
        assert!(describe(&missing, Lang::Zh).starts_with("姓名或名称"));
        let two = [issue, missing];
        assert!(describe_all(&two, Lang::Zh).contains("；"));
        assert_eq!(
            describe_import_error(&ImportError::Empty, Lang::Zh),
            "文件是空的"
        );
        assert_eq!(
            describe_import_error(&ImportError::Empty, Lang::En),
            "the file is empty"
        );
        assert!(describe_backup_error(&BackupError::NewerVersion(3), Lang::Zh).contains('3'));
    }
}
