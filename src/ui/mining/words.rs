//! What the mining page calls things: features, their values, the traits that name a
//! segment, and the features it offers.

use crate::i18n::format::{amount, decimal, percent, whole};
use crate::i18n::{Lang, Msg};
use crate::mining::{Feature, Leaning, Profile, CATEGORY_KEY};
use crate::ui::analytics::Loaded;

pub(super) fn feature_label(feature: Feature, loaded: &Loaded, lang: Lang) -> String {
    match feature {
        Feature::Recency => Msg::MeasureRecency.text(lang).to_owned(),
        Feature::Frequency => Msg::AxisPurchases.text(lang).to_owned(),
        Feature::Monetary => Msg::ColumnSpend.text(lang).to_owned(),
        Feature::Age => Msg::FieldAge.text(lang).to_owned(),
        Feature::AverageOrder => Msg::FigureAverageOrder.text(lang).to_owned(),
        Feature::Tenure => Msg::MeasureTenure.text(lang).to_owned(),
        Feature::CategoryShare(c) => format!(
            "{}: {}",
            Msg::FeatureCategoryShare.text(lang),
            loaded
                .categories
                .get(c as usize)
                .cloned()
                .unwrap_or_default()
        ),
    }
}

/// A feature's value in original units, as text.
pub(super) fn feature_value(feature: Feature, value: f64) -> String {
    match feature {
        Feature::Monetary | Feature::AverageOrder => amount((value * 100.0).round() as i64),
        Feature::CategoryShare(_) => percent(value),
        Feature::Frequency => decimal(value, 1),
        _ => whole(value),
    }
}

/// The words of one trait of a cluster ("recent", "big spenders", …).
fn trait_words(feature: Feature, leaning: Leaning, loaded: &Loaded, lang: Lang) -> String {
    use Leaning::{High, Low};
    let msg = match (feature, leaning) {
        (Feature::Recency, Low) => Msg::TraitRecent,
        (Feature::Recency, High) => Msg::TraitLapsed,
        (Feature::Frequency, High) => Msg::TraitFrequent,
        (Feature::Frequency, Low) => Msg::TraitOccasional,
        (Feature::Monetary, High) => Msg::TraitBigSpenders,
        (Feature::Monetary, Low) => Msg::TraitLowSpend,
        (Feature::Age, High) => Msg::TraitOlder,
        (Feature::Age, Low) => Msg::TraitYounger,
        (Feature::AverageOrder, High) => Msg::TraitLargeBaskets,
        (Feature::AverageOrder, Low) => Msg::TraitSmallBaskets,
        (Feature::Tenure, High) => Msg::TraitLongStanding,
        (Feature::Tenure, Low) => Msg::TraitNewcomers,
        (Feature::CategoryShare(c), leaning) => {
            let category = loaded
                .categories
                .get(c as usize)
                .cloned()
                .unwrap_or_default();
            let msg = if leaning == High {
                Msg::TraitCategoryFans
            } else {
                Msg::TraitCategoryLittle
            };
            return msg.text(lang).replace("{}", &category);
        }
    };
    msg.text(lang).to_owned()
}

/// Suggested names for the clusters: their traits in words, made unique.
pub(super) fn suggested_names(profiles: &[Profile], loaded: &Loaded, lang: Lang) -> Vec<String> {
    let mut names: Vec<String> = profiles
        .iter()
        .map(|p| {
            let words: Vec<String> = p
                .traits
                .iter()
                .map(|&(f, l)| trait_words(f, l, loaded, lang))
                .collect();
            if words.is_empty() {
                Msg::TraitTypical.text(lang).to_owned()
            } else {
                let joined = words.join(", ");
                let mut chars = joined.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        })
        .collect();
    let plain = names.clone();
    for (at, name) in names.iter_mut().enumerate() {
        let before = plain[..at].iter().filter(|n| **n == plain[at]).count();
        if before > 0 {
            *name = format!("{} ({})", plain[at], before + 1);
        }
    }
    names
}

/// The features offered: the figures, then one share per category.
pub(super) fn offered(loaded: &Loaded) -> Vec<Feature> {
    let mut features = vec![
        Feature::Recency,
        Feature::Frequency,
        Feature::Monetary,
        Feature::AverageOrder,
        Feature::Tenure,
        Feature::Age,
    ];
    features.extend((0..loaded.categories.len() as u32).map(Feature::CategoryShare));
    features
}

/// The feature's part of test ids: its stable key, a category by its index.
pub(super) fn feature_key(feature: Feature) -> String {
    match feature {
        Feature::CategoryShare(c) => format!("category-{c}"),
        other => other.key(&[]),
    }
}

/// What a feature stored on a segment (see `Feature::key`) is called.
pub(crate) fn stored_feature_label(key: &str, lang: Lang) -> String {
    let msg = match key {
        "recency" => Msg::MeasureRecency,
        "frequency" => Msg::AxisPurchases,
        "monetary" => Msg::ColumnSpend,
        "age" => Msg::FieldAge,
        "average_order" => Msg::FigureAverageOrder,
        "tenure" => Msg::MeasureTenure,
        other => {
            let category = other.strip_prefix(CATEGORY_KEY).unwrap_or(other);
            return format!("{}: {category}", Msg::FeatureCategoryShare.text(lang));
        }
    };
    msg.text(lang).to_owned()
}
