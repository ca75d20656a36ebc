// Member segments: z-score standardisation, optional PCA, and k-means (k-means++ seeding, several restarts, the
// lowest inertia wins), then labels for the segments by their centroids' engagement. Rows are members, columns
// are features (recency, frequency, points, ...). Deterministic for a seed on this toolchain: the random numbers
// come from std::mt19937_64 turned into doubles here, never from a std:: distribution.
// Owner: whoever rebuilds the segments (the personalisation feature, on its schedule). Thread: pure functions of
// their arguments; any number of threads may call them at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace fanbase::ml {

// Per-column z-score: (x - mean) / sd with the population sd (divide by n, as scikit-learn's StandardScaler).
// A constant column (sd <= 1e-12 * max(1, |mean|)) keeps scale 1, so it standardises to 0 and never divides by 0.
struct Standardizer {
  Eigen::RowVectorXd mean;
  Eigen::RowVectorXd scale;  // > 0

  static Standardizer fit(const Eigen::MatrixXd& x);
  Eigen::MatrixXd apply(const Eigen::MatrixXd& x) const;    // original units -> z-scores
  Eigen::MatrixXd restore(const Eigen::MatrixXd& z) const;  // z-scores -> original units
};

// Principal components of standardised data: the eigenvectors of the covariance (divided by n - 1), by
// decreasing eigenvalue (Eigen's SelfAdjointEigenSolver), each signed so that its largest-magnitude entry is
// positive (the sign is otherwise arbitrary and would make results differ between runs of the solver).
struct Pca {
  Eigen::RowVectorXd center;     // column means of the data it was fitted on
  Eigen::MatrixXd components;    // features x kept components, orthonormal columns
  Eigen::VectorXd variances;     // the kept eigenvalues, decreasing
  double total_variance = 0;     // sum of all eigenvalues (the trace of the covariance)

  // Keeps min(components, columns) components; fewer than two rows give zero variances.
  static Pca fit(const Eigen::MatrixXd& z, std::size_t components);
  Eigen::MatrixXd project(const Eigen::MatrixXd& z) const;         // rows x kept
  Eigen::MatrixXd reconstruct(const Eigen::MatrixXd& scores) const;  // back to the feature space
  double explained_ratio() const;  // kept variance / total variance (1 when the total is 0)
};

struct KMeansOptions {
  std::size_t k = 3;
  std::size_t restarts = 10;         // independent k-means++ seedings; at least one runs
  std::size_t max_iterations = 300;  // Lloyd iterations per restart
  std::uint64_t seed = 42;
};

// k-means on points as given (no scaling). The number of clusters is min(max(k, 1), number of distinct rows), so
// fewer points than k, or identical points, give fewer clusters and never an empty one; no rows give none.
// Restart r draws from a stream derived from (seed, r) only, so the first r restarts of a longer run are the same
// runs as a run with r restarts, and more restarts can never give a higher inertia.
// Lloyd: assign each point to its nearest centroid (ties: the lower index), move each centroid to its points'
// mean, until no assignment changes or max_iterations; a cluster left empty takes the point farthest from its
// centroid.
struct KMeansFit {
  Eigen::MatrixXd centroids;           // clusters x columns
  std::vector<std::size_t> assignment;  // per row, the index of its centroid
  std::vector<std::size_t> sizes;       // per cluster, > 0
  double inertia = 0;                   // sum of squared distances of the rows to their centroids
  std::size_t iterations = 0;           // Lloyd iterations of the winning restart
  bool converged = false;               // the winning restart stopped because nothing moved
};
KMeansFit kmeans(const Eigen::MatrixXd& points, const KMeansOptions& options);

struct SegmentOptions {
  KMeansOptions kmeans;
  std::size_t pca_components = 0;  // 0 = cluster the z-scores themselves; otherwise on this many components
};

// standardise -> (PCA) -> k-means. `fit.centroids` and `fit.inertia` are in the clustering space (z-scores, or
// PCA scores); the segments' typical features are given as the mean of each cluster's rows in z-scores and in the
// original units (without PCA these are the centroids themselves, restored).
struct Segmentation {
  Standardizer standardizer;
  std::optional<Pca> pca;
  KMeansFit fit;
  Eigen::MatrixXd centroids_z;         // clusters x features, z-score units
  Eigen::MatrixXd centroids_original;  // clusters x features, original units
};
Segmentation segment(const Eigen::MatrixXd& features, const SegmentOptions& options);

// A segment's name by its engagement: score = centroid_z . weights (the caller weighs the engagement features
// in z-score units, e.g. 1 for messages and answers, -1 for recency in days, 0 for the rest). With 3 segments,
// by decreasing score: "high-interaction", "active", "potential"; otherwise "segment 1" ... "segment k" (1 = the
// most engaged). Ties: the lower cluster index ranks first. Indexed by cluster.
struct SegmentLabel {
  std::string name;
  double engagement = 0;
  std::size_t rank = 0;  // 0 = the most engaged
};
std::vector<SegmentLabel> label_segments(const Eigen::MatrixXd& centroids_z, const Eigen::VectorXd& weights);

}  // namespace fanbase::ml
