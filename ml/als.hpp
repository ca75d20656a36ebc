// AlsModel: implicit-feedback matrix factorisation (Hu, Koren & Volinsky 2008) for recommendations. Every observed
// (member, item, r > 0) has preference 1 and confidence c = 1 + alpha * r; everything unobserved has preference 0
// and confidence 1. Training alternates users and items; each row is solved by a few conjugate-gradient steps
// warm-started from its previous factors, as the `implicit` library does (Takacs et al. 2011), or exactly (LDLT).
// SparseMatrix is the input, built once: rows by user and rows by item (the transpose), both sorted.
// Owner: the recommender trains a model in the background and publishes it by pointer swap. Thread: train() uses
// its own threads; a finished model is immutable, and its const members keep no caches, so any number of threads
// may call them at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "base/result.hpp"

namespace fanbase::ml {

struct Triple {
  std::int32_t user = 0;
  std::int32_t item = 0;
  float value = 0;  // r: a count or a summed confidence weight; <= 0 means "no preference"
};

struct Interactions {
  int users = 0;
  int items = 0;
  std::vector<Triple> triples;
};

class SparseMatrix {
 public:
  // Refuses (Errc::bad_input, "als.bad_interactions") negative sizes, an index out of range or a non-finite value.
  // Duplicate (user, item) pairs are summed; pairs whose sum is <= 0 are dropped.
  static Result<SparseMatrix> build(const Interactions& in);

  struct Row {
    std::span<const std::int32_t> index;  // ascending
    std::span<const float> value;         // r of each entry
  };
  int users() const { return users_; }
  int items() const { return items_; }
  std::size_t nnz() const { return by_user_.index.size(); }
  Row user_row(int user) const { return by_user_.row(user); }  // the items of a user
  Row item_row(int item) const { return by_item_.row(item); }  // the users of an item

 private:
  struct Csr {
    std::vector<std::int64_t> start;  // rows + 1 offsets
    std::vector<std::int32_t> index;
    std::vector<float> value;
    Row row(int r) const;
  };
  int users_ = 0;
  int items_ = 0;
  Csr by_user_;
  Csr by_item_;
};

enum class AlsSolver { conjugate_gradient, exact };

struct AlsOptions {
  int factors = 64;
  float lambda = 100;  // L2 regularisation, > 0 (keeps every row's system positive definite)
  float alpha = 10;    // confidence slope, >= 0
  int iterations = 15;
  int cg_steps = 3;
  unsigned seed = 42;
  int threads = 0;  // 0: std::thread::hardware_concurrency()
  AlsSolver solver = AlsSolver::conjugate_gradient;
};

// Called after each iteration (1-based) with its wall-clock seconds, on the thread that called train().
using AlsProgress = std::function<void(int iteration, double seconds)>;

// Row-major float factors: one entity's vector is contiguous (rows start on 64-byte boundaries when factors is a
// multiple of 16).
using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using FactorsView = Eigen::Map<const RowMatrixXf>;

class AlsModel {
 public:
  AlsModel() = default;  // empty: no users, no items

  // Deterministic for a fixed options.seed whatever options.threads: the initial factors come from a seeded
  // generator per entity index, each row's solution depends only on the inputs, and the Gram matrices are summed
  // over fixed chunks in a fixed order.
  static AlsModel train(const SparseMatrix& data, const AlsOptions& options, const AlsProgress& progress = {});

  int users() const { return users_; }
  int items() const { return items_; }
  int factors() const { return factors_; }
  float alpha() const { return alpha_; }
  float lambda() const { return lambda_; }
  FactorsView user_factors() const { return view(user_, users_); }
  FactorsView item_factors() const { return view(item_, items_); }

  // x_u . y_i; 0 when either index is out of range.
  float score(int user, int item) const;

  // The n best items for `user` by score, best first (ties: lower item first), skipping items for which
  // `exclude` (may be empty) returns true. An unknown user yields nothing. Cost: one items x factors
  // matrix-vector product, the exclude calls, and a heap of n.
  void top_n(int user, int n, const std::function<bool(int item)>& exclude,
             std::vector<std::pair<int, float>>& out) const;
  // The same for a vector of factors() floats, e.g. from fold_in().
  void top_n_for(const Eigen::VectorXf& user_vector, int n, const std::function<bool(int item)>& exclude,
                 std::vector<std::pair<int, float>>& out) const;

  // The factors of a user not in training, from their (item, r) list with the item factors held fixed: the exact
  // least-squares solution of one user half-step. Unknown items and r <= 0 are ignored; nothing left gives zeros.
  Eigen::VectorXf fold_in(std::span<const std::pair<int, float>> items) const;

  // The training objective sum_ui c_ui (p_ui - x_u.y_i)^2 + lambda (|X|^2 + |Y|^2) on `data` (same shape).
  double loss(const SparseMatrix& data) const;

  // A small versioned binary format (little-endian): magic, version, shape, alpha, lambda, the factors, and a
  // 64-bit checksum of everything before it. save() returns false when the stream failed. load() refuses
  // (Errc::bad_input, "als.bad_model_file", {reason}) a wrong magic or version, an impossible shape, a short
  // file, a checksum mismatch or a non-finite factor; it reads the factors in chunks, so a header that claims
  // more than the stream holds never allocates much more than what was actually read.
  bool save(std::ostream& out) const;
  static Result<AlsModel> load(std::istream& in);

  // The factors, the item Gram matrix kept for fold_in, and the object itself.
  std::size_t memory_bytes() const;

 private:
  struct FreeDeleter {
    void operator()(float* p) const;
  };
  using Buffer = std::unique_ptr<float[], FreeDeleter>;
  static Buffer allocate(std::size_t floats);  // 64-byte aligned, zeroed

  FactorsView view(const Buffer& b, int rows) const { return FactorsView(b.get(), rows, factors_); }
  void finish();  // computes item_gram_ (Y^T Y + lambda I)

  int users_ = 0;
  int items_ = 0;
  int factors_ = 0;
  float alpha_ = 0;
  float lambda_ = 0;
  Buffer user_;
  Buffer item_;
  Eigen::MatrixXf item_gram_;
};

}  // namespace fanbase::ml
