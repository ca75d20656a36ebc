#include "ml/kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace fanbase::ml {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A double in [0, 1) from the top 53 bits: the same on every standard library, unlike std distributions.
double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

std::size_t distinct_rows(const Eigen::MatrixXd& x) {
  const auto n = static_cast<std::size_t>(x.rows());
  if (n == 0) return 0;
  std::vector<Eigen::Index> order(n);
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  const auto less = [&](Eigen::Index a, Eigen::Index b) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      if (x(a, j) != x(b, j)) return x(a, j) < x(b, j);
    }
    return false;
  };
  std::sort(order.begin(), order.end(), less);
  std::size_t count = 1;
  for (std::size_t i = 1; i < n; ++i) {
    if (less(order[i - 1], order[i])) ++count;
  }
  return count;
}

double squared_distance(const Eigen::MatrixXd& points, Eigen::Index i, const Eigen::MatrixXd& centroids,
                        Eigen::Index c) {
  return (points.row(i) - centroids.row(c)).squaredNorm();
}

// k-means++: the first centre uniformly, each next one with probability proportional to the squared distance to
// the nearest centre chosen so far.
Eigen::MatrixXd seed_plus_plus(const Eigen::MatrixXd& points, std::size_t k, std::mt19937_64& rng) {
  const Eigen::Index n = points.rows();
  Eigen::MatrixXd centroids(static_cast<Eigen::Index>(k), points.cols());
  auto first = static_cast<Eigen::Index>(unit(rng) * static_cast<double>(n));
  first = std::min(first, n - 1);
  centroids.row(0) = points.row(first);
  std::vector<double> d2(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) d2[static_cast<std::size_t>(i)] = squared_distance(points, i, centroids, 0);
  for (std::size_t c = 1; c < k; ++c) {
    const double total = std::accumulate(d2.begin(), d2.end(), 0.0);
    Eigen::Index pick = n - 1;
    if (total > 0) {
      const double target = unit(rng) * total;
      double running = 0;
      for (Eigen::Index i = 0; i < n; ++i) {
        running += d2[static_cast<std::size_t>(i)];
        if (running > target && d2[static_cast<std::size_t>(i)] > 0) {
          pick = i;
          break;
        }
      }
      // Rounding can leave `running` just under `target`: take the last point that is not a centre already.
      if (running <= target) {
        for (Eigen::Index i = n - 1; i >= 0; --i) {
          if (d2[static_cast<std::size_t>(i)] > 0) {
            pick = i;
            break;
          }
        }
      }
    }
    const auto ci = static_cast<Eigen::Index>(c);
    centroids.row(ci) = points.row(pick);
    for (Eigen::Index i = 0; i < n; ++i) {
      auto& d = d2[static_cast<std::size_t>(i)];
      d = std::min(d, squared_distance(points, i, centroids, ci));
    }
  }
  return centroids;
}

// Nearest centroid per point (ties: the lower index); returns whether any assignment changed.
bool assign(const Eigen::MatrixXd& points, const Eigen::MatrixXd& centroids, std::vector<std::size_t>& assignment) {
  bool changed = false;
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    std::size_t best = 0;
    double best_d = std::numeric_limits<double>::infinity();
    for (Eigen::Index c = 0; c < centroids.rows(); ++c) {
      const double d = squared_distance(points, i, centroids, c);
      if (d < best_d) {
        best_d = d;
        best = static_cast<std::size_t>(c);
      }
    }
    auto& a = assignment[static_cast<std::size_t>(i)];
    if (a != best) {
      a = best;
      changed = true;
    }
  }
  return changed;
}

// Centroids = means of their points. An empty cluster takes the point farthest from its own centroid (among
// clusters of two or more points), before the means are taken.
void update(const Eigen::MatrixXd& points, Eigen::MatrixXd& centroids, std::vector<std::size_t>& assignment,
            std::vector<std::size_t>& sizes) {
  const auto k = static_cast<std::size_t>(centroids.rows());
  sizes.assign(k, 0);
  for (const auto a : assignment) ++sizes[a];
  for (std::size_t c = 0; c < k; ++c) {
    if (sizes[c] > 0) continue;
    double far_d = -1;
    std::size_t far = 0;
    for (std::size_t i = 0; i < assignment.size(); ++i) {
      if (sizes[assignment[i]] < 2) continue;
      const double d = squared_distance(points, static_cast<Eigen::Index>(i), centroids,
                                        static_cast<Eigen::Index>(assignment[i]));
      if (d > far_d) {
        far_d = d;
        far = i;
      }
    }
    if (far_d < 0) continue;  // cannot happen with at least k points
    --sizes[assignment[far]];
    assignment[far] = c;
    sizes[c] = 1;
  }
  centroids.setZero();
  for (std::size_t i = 0; i < assignment.size(); ++i) {
    centroids.row(static_cast<Eigen::Index>(assignment[i])) += points.row(static_cast<Eigen::Index>(i));
  }
  for (std::size_t c = 0; c < k; ++c) {
    if (sizes[c] > 0) centroids.row(static_cast<Eigen::Index>(c)) /= static_cast<double>(sizes[c]);
  }
}

KMeansFit lloyd(const Eigen::MatrixXd& points, std::size_t k, std::size_t max_iterations, std::mt19937_64& rng) {
  KMeansFit fit;
  fit.centroids = seed_plus_plus(points, k, rng);
  fit.assignment.assign(static_cast<std::size_t>(points.rows()), 0);
  assign(points, fit.centroids, fit.assignment);
  while (fit.iterations < max_iterations) {
    update(points, fit.centroids, fit.assignment, fit.sizes);
    ++fit.iterations;
    if (!assign(points, fit.centroids, fit.assignment)) {
      fit.converged = true;
      break;
    }
  }
  fit.sizes.assign(k, 0);
  for (const auto a : fit.assignment) ++fit.sizes[a];
  for (std::size_t i = 0; i < fit.assignment.size(); ++i) {
    fit.inertia += squared_distance(points, static_cast<Eigen::Index>(i), fit.centroids,
                                    static_cast<Eigen::Index>(fit.assignment[i]));
  }
  return fit;
}

// The mean of each cluster's rows of `x`.
Eigen::MatrixXd cluster_means(const Eigen::MatrixXd& x, const KMeansFit& fit) {
  Eigen::MatrixXd means = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(fit.sizes.size()), x.cols());
  for (std::size_t i = 0; i < fit.assignment.size(); ++i) {
    means.row(static_cast<Eigen::Index>(fit.assignment[i])) += x.row(static_cast<Eigen::Index>(i));
  }
  for (std::size_t c = 0; c < fit.sizes.size(); ++c) {
    if (fit.sizes[c] > 0) means.row(static_cast<Eigen::Index>(c)) /= static_cast<double>(fit.sizes[c]);
  }
  return means;
}

}  // namespace

Standardizer Standardizer::fit(const Eigen::MatrixXd& x) {
  Standardizer s;
  s.mean = Eigen::RowVectorXd::Zero(x.cols());
  s.scale = Eigen::RowVectorXd::Ones(x.cols());
  if (x.rows() == 0) return s;
  s.mean = x.colwise().mean();
  const Eigen::MatrixXd centered = x.rowwise() - s.mean;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double sd = std::sqrt(centered.col(j).squaredNorm() / static_cast<double>(x.rows()));
    if (sd > 1e-12 * std::max(1.0, std::abs(s.mean(j)))) s.scale(j) = sd;
  }
  return s;
}

Eigen::MatrixXd Standardizer::apply(const Eigen::MatrixXd& x) const {
  return (x.rowwise() - mean).array().rowwise() / scale.array();
}

Eigen::MatrixXd Standardizer::restore(const Eigen::MatrixXd& z) const {
  return (z.array().rowwise() * scale.array()).matrix().rowwise() + mean;
}

Pca Pca::fit(const Eigen::MatrixXd& z, std::size_t components) {
  Pca p;
  const Eigen::Index d = z.cols();
  const Eigen::Index keep = std::min(static_cast<Eigen::Index>(components), d);
  p.center = z.rows() > 0 ? Eigen::RowVectorXd(z.colwise().mean()) : Eigen::RowVectorXd::Zero(d);
  p.components = Eigen::MatrixXd::Zero(d, keep);
  p.variances = Eigen::VectorXd::Zero(keep);
  if (d == 0) return p;
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(d, d);
  if (z.rows() > 1) {
    const Eigen::MatrixXd centered = z.rowwise() - p.center;
    cov = centered.transpose() * centered / static_cast<double>(z.rows() - 1);
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
  // Eigenvalues come in increasing order: take them from the end.
  for (Eigen::Index c = 0; c < keep; ++c) {
    const Eigen::Index from = d - 1 - c;
    Eigen::VectorXd v = solver.eigenvectors().col(from);
    Eigen::Index largest = 0;
    v.cwiseAbs().maxCoeff(&largest);
    if (v(largest) < 0) v = -v;
    p.components.col(c) = v;
    p.variances(c) = std::max(0.0, solver.eigenvalues()(from));
  }
  p.total_variance = std::max(0.0, solver.eigenvalues().sum());
  return p;
}

Eigen::MatrixXd Pca::project(const Eigen::MatrixXd& z) const { return (z.rowwise() - center) * components; }

Eigen::MatrixXd Pca::reconstruct(const Eigen::MatrixXd& scores) const {
  return (scores * components.transpose()).rowwise() + center;
}

double Pca::explained_ratio() const { return total_variance > 0 ? variances.sum() / total_variance : 1.0; }

KMeansFit kmeans(const Eigen::MatrixXd& points, const KMeansOptions& options) {
  const std::size_t k = std::min(std::max<std::size_t>(options.k, 1), distinct_rows(points));
  if (k == 0) {  // no rows
    KMeansFit empty;
    empty.centroids.resize(0, points.cols());
    empty.converged = true;
    return empty;
  }
  std::optional<KMeansFit> best;
  const std::size_t restarts = std::max<std::size_t>(1, options.restarts);
  for (std::size_t r = 0; r < restarts; ++r) {
    std::mt19937_64 rng(splitmix64(options.seed ^ splitmix64(r)));
    KMeansFit fit = lloyd(points, k, options.max_iterations, rng);
    if (!best || fit.inertia < best->inertia) best = std::move(fit);
  }
  return std::move(*best);
}

Segmentation segment(const Eigen::MatrixXd& features, const SegmentOptions& options) {
  Segmentation s;
  s.standardizer = Standardizer::fit(features);
  const Eigen::MatrixXd z = s.standardizer.apply(features);
  if (options.pca_components > 0 && static_cast<Eigen::Index>(options.pca_components) < z.cols()) {
    s.pca = Pca::fit(z, options.pca_components);
    s.fit = kmeans(s.pca->project(z), options.kmeans);
  } else {
    s.fit = kmeans(z, options.kmeans);
  }
  s.centroids_z = cluster_means(z, s.fit);
  s.centroids_original = cluster_means(features, s.fit);
  return s;
}

std::vector<SegmentLabel> label_segments(const Eigen::MatrixXd& centroids_z, const Eigen::VectorXd& weights) {
  const auto k = static_cast<std::size_t>(centroids_z.rows());
  std::vector<SegmentLabel> labels(k);
  for (std::size_t c = 0; c < k; ++c) {
    double score = 0;
    for (Eigen::Index j = 0; j < std::min(centroids_z.cols(), weights.size()); ++j) {
      score += centroids_z(static_cast<Eigen::Index>(c), j) * weights(j);
    }
    labels[c].engagement = score;
  }
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return labels[a].engagement > labels[b].engagement; });
  static constexpr const char* kThree[] = {"high-interaction", "active", "potential"};
  for (std::size_t rank = 0; rank < k; ++rank) {
    auto& label = labels[order[rank]];
    label.rank = rank;
    label.name = k == 3 ? std::string(kThree[rank]) : "segment " + std::to_string(rank + 1);
  }
  return labels;
}

}  // namespace fanbase::ml
