//! Data mining on customer figures (pure): scaling features, k-means segmentation, and the
//! whole segmentation pipeline from an orders file to segments.

mod kmeans;
mod pipeline;
mod scale;

pub use kmeans::{kmeans, Clustering, KMeansError, KMeansSettings};
pub use pipeline::{segment_lines, PipelineSummary, Stage, StageTimes, STAGES};
pub use scale::{standardise, Scaling};
