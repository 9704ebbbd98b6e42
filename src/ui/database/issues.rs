//! Problems found in imported data, told in the user's language.

use crate::i18n::{Lang, Msg};
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
    }
}
