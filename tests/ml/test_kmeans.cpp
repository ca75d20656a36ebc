// ml/kmeans: standardisation, PCA, k-means++ with restarts, segment labels.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "ml/kmeans.hpp"

using fanbase::ml::kmeans;
using fanbase::ml::KMeansOptions;
using fanbase::ml::label_segments;
using fanbase::ml::Pca;
using fanbase::ml::segment;
using fanbase::ml::SegmentOptions;
using fanbase::ml::Standardizer;

namespace {

// Standard normal numbers from a seeded engine (Box-Muller), the same on every standard library.
class Normal {
 public:
  explicit Normal(std::uint64_t seed) : rng_(seed) {}
  double operator()() {
    const double u1 = (static_cast<double>(rng_() >> 11) + 1.0) * 0x1.0p-53;
    const double u2 = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.141592653589793 * u2);
  }

 private:
  std::mt19937_64 rng_;
};

struct Blobs {
  Eigen::MatrixXd points;
  std::vector<std::size_t> truth;
};

// `per` points around each centre, isotropic noise of the given sd, rows interleaved across blobs.
Blobs make_blobs(const Eigen::MatrixXd& centres, std::size_t per, double sd, std::uint64_t seed) {
  Normal normal(seed);
  const auto k = static_cast<std::size_t>(centres.rows());
  Blobs b;
  b.points.resize(static_cast<Eigen::Index>(k * per), centres.cols());
  for (std::size_t i = 0; i < k * per; ++i) {
    const std::size_t c = i % k;
    b.truth.push_back(c);
    for (Eigen::Index j = 0; j < centres.cols(); ++j) {
      b.points(static_cast<Eigen::Index>(i), j) = centres(static_cast<Eigen::Index>(c), j) + sd * normal();
    }
  }
  return b;
}

// Accuracy under the best matching of found clusters to true ones (k! permutations; k is small here).
double adjusted_accuracy(const std::vector<std::size_t>& found, const std::vector<std::size_t>& truth,
                         std::size_t k) {
  std::vector<std::size_t> perm(k);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  std::size_t best = 0;
  do {
    std::size_t agree = 0;
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (found[i] < k && perm[found[i]] == truth[i]) ++agree;
    }
    best = std::max(best, agree);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return static_cast<double>(best) / static_cast<double>(found.size());
}

Eigen::MatrixXd three_centres() {
  Eigen::MatrixXd c(3, 4);
  c << 0, 0, 0, 0,     //
      10, 10, 0, 5,    //
      -10, 5, 10, -5;  //
  return c;
}

}  // namespace

TEST_CASE("k-means finds well separated planted clusters", "[ml][kmeans]") {
  const auto blobs = make_blobs(three_centres(), 100, 1.0, 7);
  KMeansOptions options;
  options.k = 3;
  const auto fit = kmeans(blobs.points, options);
  REQUIRE(fit.centroids.rows() == 3);
  CHECK(adjusted_accuracy(fit.assignment, blobs.truth, 3) == 1.0);
  CHECK(fit.converged);
  for (const auto size : fit.sizes) CHECK(size == 100);
}

TEST_CASE("segmentation finds planted clusters with and without PCA", "[ml][kmeans]") {
  // Two informative columns on very different scales, plus a constant column.
  Eigen::MatrixXd centres(3, 3);
  centres << 0, 0, 7,  //
      1000, 0, 7,      //
      0, 12, 7;        //
  const auto blobs = make_blobs(centres, 80, 1.0, 11);
  Eigen::MatrixXd scaled = blobs.points;
  const auto& truth = blobs.truth;
  scaled.col(2).setConstant(7);
  for (const std::size_t pca : {std::size_t{0}, std::size_t{2}}) {
    SegmentOptions options;
    options.pca_components = pca;
    const auto s = segment(scaled, options);
    CHECK(s.pca.has_value() == (pca > 0));
    REQUIRE(s.fit.sizes.size() == 3);
    CHECK(adjusted_accuracy(s.fit.assignment, truth, 3) == 1.0);
    // Typical features in original units are the clusters' means, near the planted centres.
    for (Eigen::Index c = 0; c < 3; ++c) {
      double nearest = 1e300;
      for (Eigen::Index t = 0; t < 3; ++t) {
        nearest = std::min(nearest, (s.centroids_original.row(c) - centres.row(t)).norm());
      }
      CHECK(nearest < 0.5);
      CHECK(s.centroids_z(c, 2) == 0.0);  // constant column: z = 0, not NaN
    }
  }
}

TEST_CASE("k-means is deterministic for a seed", "[ml][kmeans]") {
  const auto blobs = make_blobs(three_centres(), 50, 4.0, 3);  // overlapping: the seed matters
  KMeansOptions options;
  options.k = 4;
  options.restarts = 3;
  options.seed = 99;
  const auto a = kmeans(blobs.points, options);
  const auto b = kmeans(blobs.points, options);
  CHECK(a.assignment == b.assignment);
  CHECK(a.inertia == b.inertia);
  CHECK(a.centroids == b.centroids);
}

TEST_CASE("more k-means restarts are never worse", "[ml][kmeans]") {
  const auto blobs = make_blobs(three_centres(), 40, 5.0, 5);
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    KMeansOptions one;
    one.k = 6;
    one.restarts = 1;
    one.seed = seed;
    KMeansOptions many = one;
    many.restarts = 8;
    CHECK(kmeans(blobs.points, many).inertia <= kmeans(blobs.points, one).inertia);
  }
}

TEST_CASE("PCA keeps components in decreasing variance order", "[ml][kmeans][pca]") {
  Normal normal(21);
  Eigen::MatrixXd x(2000, 3);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    x(i, 0) = 0.3 * normal();
    x(i, 1) = 3.0 * normal();
    x(i, 2) = 1.0 * normal();
  }
  const auto pca = Pca::fit(x, 3);
  REQUIRE(pca.variances.size() == 3);
  CHECK(pca.variances(0) > pca.variances(1));
  CHECK(pca.variances(1) > pca.variances(2));
  CHECK(pca.variances(0) == Approx(9.0).epsilon(0.1));
  CHECK(pca.variances(2) == Approx(0.09).epsilon(0.1));
  // The first component is the high-variance column, signed positive; the columns are orthonormal.
  CHECK(pca.components(1, 0) > 0.99);
  CHECK((pca.components.transpose() * pca.components - Eigen::MatrixXd::Identity(3, 3)).norm() < 1e-9);
  CHECK(pca.explained_ratio() == Approx(1.0));
  const auto two = Pca::fit(x, 2);
  CHECK(two.explained_ratio() == Approx((two.variances.sum()) / two.total_variance));
  CHECK(two.explained_ratio() > 0.98);
  // Keeping every component reconstructs the data.
  CHECK((pca.reconstruct(pca.project(x)) - x).norm() < 1e-8);
}

TEST_CASE("standardisation gives z-scores and handles constant columns", "[ml][kmeans]") {
  Eigen::MatrixXd x(4, 2);
  x << 1, 5,  //
      2, 5,   //
      3, 5,   //
      4, 5;   //
  const auto s = Standardizer::fit(x);
  const auto z = s.apply(x);
  CHECK(z.col(0).mean() == Approx(0.0).margin(1e-12));
  CHECK(z.col(0).squaredNorm() / 4 == Approx(1.0));  // population sd
  CHECK(z.col(1).isZero());
  CHECK((s.restore(z) - x).norm() < 1e-12);
}

TEST_CASE("k-means with fewer points than k or identical points does not crash", "[ml][kmeans]") {
  KMeansOptions options;
  options.k = 3;

  Eigen::MatrixXd two(2, 2);
  two << 0, 0, 1, 1;
  const auto few = kmeans(two, options);
  CHECK(few.centroids.rows() == 2);
  CHECK(few.inertia == 0.0);
  CHECK(few.assignment[0] != few.assignment[1]);

  const Eigen::MatrixXd same = Eigen::MatrixXd::Constant(10, 3, 4.5);
  const auto one = kmeans(same, options);
  CHECK(one.centroids.rows() == 1);
  CHECK(one.sizes == std::vector<std::size_t>{10});
  CHECK(one.inertia == 0.0);

  // Duplicated rows: three distinct values among many copies still give three clusters.
  Eigen::MatrixXd dup(9, 1);
  dup << 1, 1, 1, 5, 5, 5, 9, 9, 9;
  const auto three = kmeans(dup, options);
  CHECK(three.centroids.rows() == 3);
  CHECK(three.inertia == 0.0);

  const auto none = kmeans(Eigen::MatrixXd(0, 3), options);
  CHECK(none.centroids.rows() == 0);
  CHECK(none.assignment.empty());

  const auto seg = segment(same, SegmentOptions{options, 2});
  CHECK(seg.fit.sizes.size() == 1);
  CHECK(seg.centroids_original.row(0) == same.row(0));
  CHECK(seg.centroids_z.isZero());

  const auto empty_seg = segment(Eigen::MatrixXd(0, 4), SegmentOptions{});
  CHECK(empty_seg.fit.sizes.empty());
  CHECK(label_segments(empty_seg.centroids_z, Eigen::VectorXd::Ones(4)).empty());
}

TEST_CASE("segments are labelled by engagement not by index", "[ml][kmeans][labels]") {
  Eigen::MatrixXd centroids(3, 3);  // z-scores: messages, answers, days since last seen
  centroids << 0.1, 0.0, 0.2,   //
      2.0, 1.5, -1.0,           //
      -1.0, -0.8, 1.5;          //
  Eigen::VectorXd weights(3);
  weights << 1.0, 1.0, -0.5;
  const auto labels = label_segments(centroids, weights);
  REQUIRE(labels.size() == 3);
  CHECK(labels[1].name == "high-interaction");
  CHECK(labels[0].name == "active");
  CHECK(labels[2].name == "potential");
  CHECK(labels[1].rank == 0);
  CHECK(labels[1].engagement == Approx(4.0));

  Eigen::MatrixXd four(4, 1);
  four << 0.5, -1, 3, 0.5;
  const auto numbered = label_segments(four, Eigen::VectorXd::Ones(1));
  CHECK(numbered[2].name == "segment 1");
  CHECK(numbered[0].name == "segment 2");  // tie with cluster 3: the lower index first
  CHECK(numbered[3].name == "segment 3");
  CHECK(numbered[1].name == "segment 4");
}

TEST_CASE("segmentation of planted member profiles yields the three named segments", "[ml][kmeans][labels]") {
  // messages per week, answers, days since last seen: heavy, regular and occasional members.
  Eigen::MatrixXd centres(3, 3);
  centres << 5, 0.5, 30,  //
      60, 8, 1,           //
      20, 2, 5;           //
  Eigen::MatrixXd x = make_blobs(centres, 60, 0.5, 17).points;
  const auto s = segment(x, SegmentOptions{});
  Eigen::VectorXd weights(3);
  weights << 1.0, 1.0, -1.0;
  const auto labels = label_segments(s.centroids_z, weights);
  REQUIRE(labels.size() == 3);
  for (Eigen::Index c = 0; c < 3; ++c) {
    const double messages = s.centroids_original(c, 0);
    const auto& name = labels[static_cast<std::size_t>(c)].name;
    if (messages > 40) CHECK(name == "high-interaction");
    else if (messages > 10) CHECK(name == "active");
    else CHECK(name == "potential");
  }
}
