//! A clustering saved as segments: one segment per cluster, named as the user left the names,
//! holding the cluster's customers and saying how it was made.

use super::features::Feature;
use crate::model::{CustomerId, Segment, SegmentOrigin, SegmentProblem, Timestamp};

/// The prefix of a category share's key; the category's name follows (indexes into the
/// categories change when products are added, names do not).
pub const CATEGORY_KEY: &str = "category:";

impl Feature {
    /// A stable key for the feature, as segments keep it: "recency", "category:Books".
    pub fn key(self, categories: &[String]) -> String {
        match self {
            Feature::Recency => "recency".into(),
            Feature::Frequency => "frequency".into(),
            Feature::Monetary => "monetary".into(),
            Feature::Age => "age".into(),
            Feature::AverageOrder => "average_order".into(),
            Feature::Tenure => "tenure".into(),
            Feature::CategoryShare(c) => format!(
                "{CATEGORY_KEY}{}",
                categories.get(c as usize).map_or("", String::as_str)
            ),
        }
    }
}

/// One segment per cluster of a clustering: `customers[i]` is in cluster `labels[i]`,
/// cluster `c` is named `names[c]`. A name that cannot be stored is an error with the
/// cluster's number; nothing is made then.
pub fn segments_of(
    customers: &[u64],
    labels: &[u8],
    names: &[String],
    features: &[String],
    saved_at: Timestamp,
) -> Result<Vec<Segment>, (usize, SegmentProblem)> {
    let k = names.len();
    let mut members: Vec<Vec<CustomerId>> = vec![Vec::new(); k];
    for (&customer, &label) in customers.iter().zip(labels) {
        if let Some(list) = members.get_mut(usize::from(label)) {
            list.push(CustomerId(customer));
        }
    }
    names
        .iter()
        .zip(members)
        .enumerate()
        .map(|(cluster, (name, members))| {
            let name = Segment::checked_name(name).map_err(|problem| (cluster, problem))?;
            let origin = SegmentOrigin::Cluster {
                saved_at,
                cluster: cluster as u32,
                k: k as u32,
                features: features.to_vec(),
            };
            Ok(Segment::new(name, origin, members))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cluster_becomes_a_segment_of_its_customers() {
        let names = vec!["Big spenders".to_owned(), " Lapsed ".to_owned()];
        let features = vec![
            Feature::Monetary.key(&[]),
            Feature::CategoryShare(1).key(&["Tea".into(), "Books".into()]),
        ];
        assert_eq!(features, ["monetary", "category:Books"]);
        let segments =
            segments_of(&[7, 3, 9, 4], &[1, 0, 1, 1], &names, &features, 50).expect("valid");
        assert_eq!(segments.len(), 2);
        assert_eq!(segments[0].name, "Big spenders");
        assert_eq!(segments[0].members, vec![CustomerId(3)]);
        assert_eq!(segments[1].name, "Lapsed");
        assert_eq!(segments[1].members, [4, 7, 9].map(CustomerId).to_vec());
        assert_eq!(
            segments[1].origin,
            SegmentOrigin::Cluster {
                saved_at: 50,
                cluster: 1,
                k: 2,
                features,
            }
        );
    }

    #[test]
    fn a_cleared_name_is_refused_with_its_cluster() {
        let names = vec!["A".to_owned(), "  ".to_owned()];
        assert_eq!(
            segments_of(&[1, 2], &[0, 1], &names, &[], 0),
            Err((1, SegmentProblem::NameEmpty))
        );
    }
}
