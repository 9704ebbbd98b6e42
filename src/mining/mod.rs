//! Data mining on customer figures (pure): scaling features, k-means segmentation with its
//! k curve, profiles and principal components, the worker's segmentation job, and the whole
//! segmentation pipeline from an orders file to segments; a clustering saved as segments;
//! association rules over baskets (FP-Growth) and churn scores (logistic regression), each
//! with its worker job.

mod baskets;
mod churn;
mod churn_job;
pub mod evaluate;
mod features;
mod jobs;
mod kmeans;
mod pipeline;
mod rules_job;
mod saved;
mod scale;
mod segmentation;

pub use baskets::{
    frequent_itemsets, min_count, recommend, rules, BasketError, Baskets, Itemset, Recommendation,
    Rule, RuleSettings, StoredRules, MAX_ITEMSETS,
};
pub use churn::{
    evaluate as evaluate_churn, roc_auc, ChurnError, ChurnFeature, ChurnModel, Evaluation,
    Snapshot, CHURN_FEATURES,
};
pub use churn_job::{
    run_churn, ChurnAnswer, ChurnJob, ChurnScores, StoredChurn, AT_RISK, CHURN, HORIZONS,
};
pub use features::{
    feature_table, scale as scale_features, Feature, FeatureSpec, FeatureTable, Scale, Scaled,
};
pub use jobs::{
    run_segmentation, SegmentationAnswer, SegmentationJob, SegmentationSections, SCATTER_POINTS,
    SEGMENTATION,
};
pub use kmeans::{kmeans, Clustering, KMeansError, KMeansSettings};
pub use pipeline::{segment_lines, PipelineSummary, Stage, StageTimes, STAGES};
pub use rules_job::{run_rules, RulesAnswer, RulesJob, BASKET_RULES, RULES_KEPT};
pub use saved::{segments_of, CATEGORY_KEY};
pub use scale::{standardise, Scaling};
pub use segmentation::{
    cluster, k_curve, prepare, principal_components, profiles, silhouette, silhouette_sample,
    suggested_k, KPoint, Leaning, Prepared, Profile, SegmentationError, K_RANGE, SILHOUETTE_SAMPLE,
};
