#include "ml/als.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <istream>
#include <limits>
#include <mutex>
#include <numeric>
#include <ostream>
#include <string>
#include <thread>

#include <Eigen/Cholesky>

namespace fanbase::ml {
namespace {

static_assert(std::endian::native == std::endian::little, "the model file format is written as native floats");

using Vector = Eigen::VectorXf;
using VecMap = Eigen::Map<Vector>;
using ConstVecMap = Eigen::Map<const Vector>;
using Clock = std::chrono::steady_clock;

// Runs fn(task, worker) for every task in [0, tasks) on up to `threads` threads (the caller's included), handing
// out tasks in order from a shared counter. The first exception stops the handing out and is rethrown.
template <class Fn>
void parallel_for(int threads, std::size_t tasks, const Fn& fn) {
  const int workers = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), tasks));
  if (workers <= 1) {
    for (std::size_t t = 0; t < tasks; ++t) fn(t, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto body = [&](int worker) {
    try {
      for (;;) {
        const std::size_t t = next.fetch_add(1, std::memory_order_relaxed);
        if (t >= tasks) break;
        fn(t, worker);
      }
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
      next.store(tasks);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(workers - 1));
  for (int w = 1; w < workers; ++w) pool.emplace_back(body, w);
  body(0);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

int thread_count(int requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Initial factors as the `implicit` library draws them (uniform in [0, 0.01)), from a generator seeded by
// (seed, side, row) so that a row's start does not depend on who computes it.
void init_factors(float* data, int rows, int f, unsigned seed, std::uint64_t side) {
  for (int r = 0; r < rows; ++r) {
    std::uint64_t state = (static_cast<std::uint64_t>(seed) << 32) ^ (side << 62) ^ static_cast<std::uint64_t>(r);
    splitmix64(state);
    float* row = data + static_cast<std::size_t>(r) * static_cast<std::size_t>(f);
    for (int k = 0; k < f; ++k) {
      const auto bits = static_cast<std::uint32_t>(splitmix64(state) >> 40);  // 24 bits
      row[k] = static_cast<float>(bits) * (0.01f / 16777216.0f);
    }
  }
}

// Y^T Y + lambda I (f x f, full). Partial products over fixed chunks of rows are summed in chunk order, so the
// result does not depend on the thread count.
Eigen::MatrixXf gram(const float* data, int rows, int f, float lambda, int threads) {
  constexpr int kChunk = 4096;
  const std::size_t chunks = static_cast<std::size_t>((rows + kChunk - 1) / kChunk);
  std::vector<Eigen::MatrixXf> partial(chunks);
  parallel_for(threads, chunks, [&](std::size_t c, int) {
    const int begin = static_cast<int>(c) * kChunk;
    const int n = std::min(kChunk, rows - begin);
    FactorsView block(data + static_cast<std::size_t>(begin) * static_cast<std::size_t>(f), n, f);
    Eigen::MatrixXf& p = partial[c];
    p.setZero(f, f);
    p.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
  });
  Eigen::MatrixXf g = Eigen::MatrixXf::Zero(f, f);
  for (const auto& p : partial) g += p;
  g.triangularView<Eigen::StrictlyUpper>() = g.transpose();
  g.diagonal().array() += lambda;
  return g;
}

struct Workspace {
  Vector r, p, ap;
  Eigen::MatrixXf a;  // exact solver only
  Vector b;
};

// One row by conjugate gradient, as implicit's _solve_cg: A = YtY + sum_i (c_i - 1) y_i y_i^T (never formed),
// b = sum_i c_i y_i, warm start x. `gram` already holds lambda on its diagonal. F is the factor count when it is
// one of the common sizes (fixed-size vectors: unrolled, aligned, no size checks), else Eigen::Dynamic.
template <int F>
void solve_cg(const Eigen::MatrixXf& gram, const float* other, int f, SparseMatrix::Row row, float alpha, int steps,
              float* x_data, Workspace& w) {
  using Vec = Eigen::Matrix<float, F, 1>;
  constexpr int kAlign = F == Eigen::Dynamic ? Eigen::Unaligned : Eigen::Aligned16;
  using Map = Eigen::Map<Vec, kAlign>;
  using ConstMap = Eigen::Map<const Vec, kAlign>;
  Map x(x_data, f);
  const std::size_t n = row.index.size();
  if (n == 0) {
    x.setZero();  // the exact solution of A x = 0
    return;
  }
  Map r(w.r.data(), f);
  Map p(w.p.data(), f);
  Map ap(w.ap.data(), f);
  const std::int32_t* idx = row.index.data();
  const float* val = row.value.data();
  const auto fs = static_cast<std::size_t>(f);
  auto y_of = [&](std::size_t k) { return ConstMap(other + static_cast<std::size_t>(idx[k]) * fs, f); };

  w.r.noalias() = -(gram * x);
  auto weight = [&](std::size_t k, const ConstMap& y) {
    const float c = 1.0f + alpha * val[k];
    return c - (c - 1.0f) * y.dot(x);
  };
  // Two entries at a time (as in the steps below).
  std::size_t k = 0;
  for (; k + 1 < n; k += 2) {
    const ConstMap y0 = y_of(k);
    const ConstMap y1 = y_of(k + 1);
    const float d0 = weight(k, y0);
    const float d1 = weight(k + 1, y1);
    r.noalias() += d0 * y0 + d1 * y1;
  }
  if (k < n) {
    const ConstMap y = y_of(k);
    r.noalias() += weight(k, y) * y;
  }
  p = r;
  float rs_old = r.squaredNorm();
  if (rs_old < 1e-20f) return;
  for (int it = 0; it < steps; ++it) {
    w.ap.noalias() = gram * w.p;
    // Two entries at a time: one read-modify-write of ap per pair, and two independent dot products in flight.
    for (k = 0; k + 1 < n; k += 2) {
      const ConstMap y0 = y_of(k);
      const ConstMap y1 = y_of(k + 1);
      const float d0 = alpha * val[k] * y0.dot(p);
      const float d1 = alpha * val[k + 1] * y1.dot(p);
      ap.noalias() += d0 * y0 + d1 * y1;
    }
    if (k < n) {
      const ConstMap y = y_of(k);
      ap.noalias() += (alpha * val[k] * y.dot(p)) * y;
    }
    const float pap = p.dot(ap);
    if (!(pap > 0.0f)) break;
    const float step = rs_old / pap;
    x.noalias() += step * p;
    r.noalias() -= step * ap;
    const float rs_new = r.squaredNorm();
    if (rs_new < 1e-20f) break;
    p = r + (rs_new / rs_old) * p;
    rs_old = rs_new;
  }
}

using CgSolver = void (*)(const Eigen::MatrixXf&, const float*, int, SparseMatrix::Row, float, int, float*,
                          Workspace&);

CgSolver cg_solver_for(int f) {
  switch (f) {
    case 16: return &solve_cg<16>;
    case 32: return &solve_cg<32>;
    case 64: return &solve_cg<64>;
    case 128: return &solve_cg<128>;
    default: return &solve_cg<Eigen::Dynamic>;
  }
}

// One row exactly: forms A and b and solves by LDLT.
void solve_exact(const Eigen::MatrixXf& gram, const float* other, int f, SparseMatrix::Row row, float alpha,
                 float* x_data, Workspace& w) {
  VecMap x(x_data, f);
  const std::size_t n = row.index.size();
  if (n == 0) {
    x.setZero();
    return;
  }
  w.a = gram;
  w.b.setZero(f);
  for (std::size_t k = 0; k < n; ++k) {
    const ConstVecMap y(other + static_cast<std::size_t>(row.index[k]) * static_cast<std::size_t>(f), f);
    const float cm1 = alpha * row.value[k];
    w.a.selfadjointView<Eigen::Lower>().rankUpdate(y, cm1);
    w.b.noalias() += (1.0f + cm1) * y;
  }
  x = w.a.selfadjointView<Eigen::Lower>().ldlt().solve(w.b);
}

// The rows of one side, heaviest first, so that a very popular item starts early and does not finish last alone.
std::vector<std::int32_t> heaviest_first(int rows, const std::function<std::size_t(int)>& size_of) {
  std::vector<std::int32_t> order(static_cast<std::size_t>(rows));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::int32_t a, std::int32_t b) { return size_of(a) > size_of(b); });
  return order;
}

// Solves every row of `self` (rows x f) against `other` (whose Gram matrix is `gram`).
void half_step(float* self, const float* other, const Eigen::MatrixXf& gram, int f,
               const std::vector<std::int32_t>& order, const std::function<SparseMatrix::Row(int)>& row_of,
               const AlsOptions& o, int threads, std::vector<Workspace>& ws) {
  constexpr std::size_t kBlock = 16;
  const std::size_t tasks = (order.size() + kBlock - 1) / kBlock;
  const CgSolver cg = cg_solver_for(f);
  parallel_for(threads, tasks, [&](std::size_t t, int worker) {
    Workspace& w = ws[static_cast<std::size_t>(worker)];
    const std::size_t end = std::min(order.size(), (t + 1) * kBlock);
    for (std::size_t k = t * kBlock; k < end; ++k) {
      const int r = order[k];
      float* x = self + static_cast<std::size_t>(r) * static_cast<std::size_t>(f);
      if (o.solver == AlsSolver::exact) {
        solve_exact(gram, other, f, row_of(r), o.alpha, x, w);
      } else {
        cg(gram, other, f, row_of(r), o.alpha, o.cg_steps, x, w);
      }
    }
  });
}

// The model file: header fields, factors, then a checksum of everything before it.
constexpr std::array<char, 8> kMagic = {'F', 'B', 'A', 'L', 'S', '\r', '\n', '\x1a'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kHeaderBytes = 8 + 4 * 4 + 4 * 2;
constexpr std::uint32_t kMaxFactors = 4096;

// FNV-1a over 64-bit words (the tail zero-padded): each step is a bijection of the state, so any one changed word
// always changes the result.
class Checksum {
 public:
  void add(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    while (bytes > 0) {
      const std::size_t take = std::min<std::size_t>(8 - fill_, bytes);
      std::memcpy(pending_.data() + fill_, p, take);
      fill_ += take;
      p += take;
      bytes -= take;
      if (fill_ == 8) flush();
      // Whole words straight from the input while aligned to the word stream.
      while (fill_ == 0 && bytes >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        mix(word);
        p += 8;
        bytes -= 8;
      }
    }
  }
  std::uint64_t value() {
    if (fill_ > 0) {
      std::fill(pending_.begin() + static_cast<std::ptrdiff_t>(fill_), pending_.end(), 0);
      flush();
    }
    return state_;
  }

 private:
  void mix(std::uint64_t word) { state_ = (state_ ^ word) * 0x100000001B3ULL; }
  void flush() {
    std::uint64_t word;
    std::memcpy(&word, pending_.data(), 8);
    mix(word);
    fill_ = 0;
  }
  std::uint64_t state_ = 0xCBF29CE484222325ULL;
  std::array<unsigned char, 8> pending_{};
  std::size_t fill_ = 0;
};

void put_u32(unsigned char* at, std::uint32_t v) { std::memcpy(at, &v, 4); }
std::uint32_t get_u32(const unsigned char* at) {
  std::uint32_t v;
  std::memcpy(&v, at, 4);
  return v;
}

Error file_error(std::string reason) {
  return user_error(Errc::bad_input, "als.bad_model_file", {std::move(reason)});
}

// Reads `count` floats in chunks, so a header that claims more than the stream holds costs at most one chunk.
bool read_floats(std::istream& in, std::size_t count, std::vector<float>& out, Checksum& sum) {
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  out.clear();
  while (out.size() < count) {
    const std::size_t take = std::min(kChunk, count - out.size());
    const std::size_t at = out.size();
    out.resize(at + take);
    in.read(reinterpret_cast<char*>(out.data() + at), static_cast<std::streamsize>(take * sizeof(float)));
    if (static_cast<std::size_t>(in.gcount()) != take * sizeof(float)) return false;
    sum.add(out.data() + at, take * sizeof(float));
  }
  return true;
}

}  // namespace

SparseMatrix::Row SparseMatrix::Csr::row(int r) const {
  if (r < 0 || static_cast<std::size_t>(r) + 1 >= start.size()) return {};
  const auto b = static_cast<std::size_t>(start[static_cast<std::size_t>(r)]);
  const auto e = static_cast<std::size_t>(start[static_cast<std::size_t>(r) + 1]);
  return {std::span<const std::int32_t>(index.data() + b, e - b), std::span<const float>(value.data() + b, e - b)};
}

Result<SparseMatrix> SparseMatrix::build(const Interactions& in) {
  if (in.users < 0 || in.items < 0) return user_error(Errc::bad_input, "als.bad_interactions", {"negative size"});
  for (const Triple& t : in.triples) {
    if (t.user < 0 || t.user >= in.users || t.item < 0 || t.item >= in.items) {
      return user_error(Errc::bad_input, "als.bad_interactions",
                        {"index out of range: " + std::to_string(t.user) + "," + std::to_string(t.item)});
    }
    if (!std::isfinite(t.value)) return user_error(Errc::bad_input, "als.bad_interactions", {"non-finite value"});
  }
  // Counting sort by user, then by item within each user row, then merge duplicates.
  const auto users = static_cast<std::size_t>(in.users);
  const auto items = static_cast<std::size_t>(in.items);
  std::vector<std::int64_t> count(users + 1, 0);
  for (const Triple& t : in.triples) ++count[static_cast<std::size_t>(t.user) + 1];
  for (std::size_t u = 0; u < users; ++u) count[u + 1] += count[u];
  std::vector<std::pair<std::int32_t, float>> entries(in.triples.size());
  {
    std::vector<std::int64_t> fill(count.begin(), count.end() - 1);
    for (const Triple& t : in.triples) {
      entries[static_cast<std::size_t>(fill[static_cast<std::size_t>(t.user)]++)] = {t.item, t.value};
    }
  }
  SparseMatrix m;
  m.users_ = in.users;
  m.items_ = in.items;
  Csr& ur = m.by_user_;
  ur.start.assign(users + 1, 0);
  ur.index.reserve(entries.size());
  ur.value.reserve(entries.size());
  for (std::size_t u = 0; u < users; ++u) {
    const auto b = entries.begin() + count[u];
    const auto e = entries.begin() + count[u + 1];
    std::sort(b, e, [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto it = b; it != e;) {
      const std::int32_t item = it->first;
      double sum = 0;
      for (; it != e && it->first == item; ++it) sum += it->second;
      if (sum > 0 && std::isfinite(static_cast<float>(sum))) {
        ur.index.push_back(item);
        ur.value.push_back(static_cast<float>(sum));
      }
    }
    ur.start[u + 1] = static_cast<std::int64_t>(ur.index.size());
  }
  // The transpose: users ascending within each item row, because users are visited in order.
  Csr& ir = m.by_item_;
  ir.start.assign(items + 1, 0);
  for (const std::int32_t item : ur.index) ++ir.start[static_cast<std::size_t>(item) + 1];
  for (std::size_t i = 0; i < items; ++i) ir.start[i + 1] += ir.start[i];
  ir.index.resize(ur.index.size());
  ir.value.resize(ur.index.size());
  std::vector<std::int64_t> fill(ir.start.begin(), ir.start.end() - 1);
  for (std::size_t u = 0; u < users; ++u) {
    for (auto k = static_cast<std::size_t>(ur.start[u]); k < static_cast<std::size_t>(ur.start[u + 1]); ++k) {
      const auto at = static_cast<std::size_t>(fill[static_cast<std::size_t>(ur.index[k])]++);
      ir.index[at] = static_cast<std::int32_t>(u);
      ir.value[at] = ur.value[k];
    }
  }
  return m;
}

void AlsModel::FreeDeleter::operator()(float* p) const { std::free(p); }

AlsModel::Buffer AlsModel::allocate(std::size_t floats) {
  const std::size_t bytes = std::max<std::size_t>(64, (floats * sizeof(float) + 63) / 64 * 64);
  void* p = std::aligned_alloc(64, bytes);
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, bytes);
  return Buffer(static_cast<float*>(p));
}

void AlsModel::finish() {
  if (factors_ <= 0) {
    item_gram_.resize(0, 0);
    return;
  }
  item_gram_ = gram(item_.get(), items_, factors_, lambda_, 1);
}

AlsModel AlsModel::train(const SparseMatrix& data, const AlsOptions& o, const AlsProgress& progress) {
  AlsModel m;
  m.users_ = data.users();
  m.items_ = data.items();
  m.factors_ = std::max(1, o.factors);
  m.alpha_ = o.alpha;
  m.lambda_ = o.lambda;
  const int f = m.factors_;
  const auto fs = static_cast<std::size_t>(f);
  m.user_ = allocate(static_cast<std::size_t>(m.users_) * fs);
  m.item_ = allocate(static_cast<std::size_t>(m.items_) * fs);
  init_factors(m.user_.get(), m.users_, f, o.seed, 0);
  init_factors(m.item_.get(), m.items_, f, o.seed, 1);

  const int threads = thread_count(o.threads);
  std::vector<Workspace> ws(static_cast<std::size_t>(threads));
  for (auto& w : ws) {
    w.r.resize(f);
    w.p.resize(f);
    w.ap.resize(f);
  }
  const auto user_order =
      heaviest_first(m.users_, [&](int u) { return data.user_row(u).index.size(); });
  const auto item_order =
      heaviest_first(m.items_, [&](int i) { return data.item_row(i).index.size(); });
  const std::function<SparseMatrix::Row(int)> user_row = [&](int u) { return data.user_row(u); };
  const std::function<SparseMatrix::Row(int)> item_row = [&](int i) { return data.item_row(i); };

  for (int it = 1; it <= o.iterations; ++it) {
    const auto started = Clock::now();
    const Eigen::MatrixXf yty = gram(m.item_.get(), m.items_, f, o.lambda, threads);
    half_step(m.user_.get(), m.item_.get(), yty, f, user_order, user_row, o, threads, ws);
    const Eigen::MatrixXf xtx = gram(m.user_.get(), m.users_, f, o.lambda, threads);
    half_step(m.item_.get(), m.user_.get(), xtx, f, item_order, item_row, o, threads, ws);
    if (progress) progress(it, std::chrono::duration<double>(Clock::now() - started).count());
  }
  m.finish();
  return m;
}

float AlsModel::score(int user, int item) const {
  if (user < 0 || user >= users_ || item < 0 || item >= items_) return 0.0f;
  return user_factors().row(user).dot(item_factors().row(item));
}

void AlsModel::top_n(int user, int n, const std::function<bool(int item)>& exclude,
                     std::vector<std::pair<int, float>>& out) const {
  out.clear();
  if (user < 0 || user >= users_) return;
  top_n_for(user_factors().row(user).transpose(), n, exclude, out);
}

void AlsModel::top_n_for(const Eigen::VectorXf& x, int n, const std::function<bool(int item)>& exclude,
                         std::vector<std::pair<int, float>>& out) const {
  out.clear();
  if (n <= 0 || items_ == 0 || x.size() != factors_) return;
  Vector scores(items_);
  scores.noalias() = item_factors() * x;
  // A min-heap of the best n so far; "better" is a higher score, then a lower item.
  auto better = [](const std::pair<int, float>& a, const std::pair<int, float>& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  };
  out.reserve(static_cast<std::size_t>(n));
  const auto limit = static_cast<std::size_t>(n);
  for (int i = 0; i < items_; ++i) {
    const float s = scores[i];
    if (out.size() == limit && !better({i, s}, out.front())) continue;
    if (exclude && exclude(i)) continue;
    if (out.size() == limit) {
      std::pop_heap(out.begin(), out.end(), better);
      out.back() = {i, s};
    } else {
      out.emplace_back(i, s);
    }
    std::push_heap(out.begin(), out.end(), better);
  }
  std::sort_heap(out.begin(), out.end(), better);
}

Eigen::VectorXf AlsModel::fold_in(std::span<const std::pair<int, float>> items) const {
  Vector x = Vector::Zero(factors_);
  if (factors_ == 0) return x;
  Eigen::MatrixXf a = item_gram_;
  Vector b = Vector::Zero(factors_);
  bool any = false;
  for (const auto& [item, r] : items) {
    if (item < 0 || item >= items_ || !(r > 0) || !std::isfinite(r)) continue;
    const auto y = item_factors().row(item).transpose();
    const float cm1 = alpha_ * r;
    a.selfadjointView<Eigen::Lower>().rankUpdate(y, cm1);
    b.noalias() += (1.0f + cm1) * y;
    any = true;
  }
  if (any) x = a.selfadjointView<Eigen::Lower>().ldlt().solve(b);
  return x;
}

double AlsModel::loss(const SparseMatrix& data) const {
  if (data.users() != users_ || data.items() != items_ || factors_ == 0) return 0.0;
  // sum_u x_u^T (Y^T Y) x_u covers every pair at confidence 1 and preference 0; each observed pair then swaps its
  // s^2 for c (1 - s)^2.
  const FactorsView xs = user_factors();
  const FactorsView ys = item_factors();
  const Eigen::MatrixXd yty = gram(item_.get(), items_, factors_, 0.0f, 1).cast<double>();
  const Eigen::MatrixXd xtx = gram(user_.get(), users_, factors_, 0.0f, 1).cast<double>();
  double total = yty.cwiseProduct(xtx).sum();
  for (int u = 0; u < users_; ++u) {
    const auto row = data.user_row(u);
    for (std::size_t k = 0; k < row.index.size(); ++k) {
      const double s = xs.row(u).dot(ys.row(row.index[k]));
      const double c = 1.0 + static_cast<double>(alpha_) * row.value[k];
      total += c * (1.0 - s) * (1.0 - s) - s * s;
    }
  }
  const double norms = static_cast<double>(xs.squaredNorm()) + static_cast<double>(ys.squaredNorm());
  total += static_cast<double>(lambda_) * norms;
  return total;
}

bool AlsModel::save(std::ostream& out) const {
  std::array<unsigned char, kHeaderBytes> header{};
  std::memcpy(header.data(), kMagic.data(), kMagic.size());
  put_u32(header.data() + 8, kVersion);
  put_u32(header.data() + 12, static_cast<std::uint32_t>(factors_));
  put_u32(header.data() + 16, static_cast<std::uint32_t>(users_));
  put_u32(header.data() + 20, static_cast<std::uint32_t>(items_));
  std::memcpy(header.data() + 24, &alpha_, 4);
  std::memcpy(header.data() + 28, &lambda_, 4);
  Checksum sum;
  sum.add(header.data(), header.size());
  out.write(reinterpret_cast<const char*>(header.data()), static_cast<std::streamsize>(header.size()));
  const std::size_t fs = static_cast<std::size_t>(factors_);
  for (const auto& [buffer, rows] : {std::pair{user_.get(), users_}, std::pair{item_.get(), items_}}) {
    const std::size_t bytes = static_cast<std::size_t>(rows) * fs * sizeof(float);
    if (bytes == 0) continue;
    sum.add(buffer, bytes);
    out.write(reinterpret_cast<const char*>(buffer), static_cast<std::streamsize>(bytes));
  }
  const std::uint64_t check = sum.value();
  out.write(reinterpret_cast<const char*>(&check), sizeof(check));
  out.flush();
  return out.good();
}

Result<AlsModel> AlsModel::load(std::istream& in) {
  std::array<unsigned char, kHeaderBytes> header{};
  in.read(reinterpret_cast<char*>(header.data()), static_cast<std::streamsize>(header.size()));
  if (static_cast<std::size_t>(in.gcount()) != header.size()) return file_error("short header");
  if (std::memcmp(header.data(), kMagic.data(), kMagic.size()) != 0) return file_error("not an ALS model file");
  if (get_u32(header.data() + 8) != kVersion) return file_error("unsupported version");
  const std::uint32_t f = get_u32(header.data() + 12);
  const std::uint32_t users = get_u32(header.data() + 16);
  const std::uint32_t items = get_u32(header.data() + 20);
  constexpr auto kMaxRows = static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max());
  if (f == 0 || f > kMaxFactors || users > kMaxRows || items > kMaxRows) return file_error("impossible shape");
  float alpha = 0;
  float lambda = 0;
  std::memcpy(&alpha, header.data() + 24, 4);
  std::memcpy(&lambda, header.data() + 28, 4);
  if (!std::isfinite(alpha) || !std::isfinite(lambda) || alpha < 0 || lambda < 0) {
    return file_error("bad hyper-parameters");
  }
  Checksum sum;
  sum.add(header.data(), header.size());
  std::vector<float> user_floats;
  std::vector<float> item_floats;
  if (!read_floats(in, std::size_t{users} * f, user_floats, sum) ||
      !read_floats(in, std::size_t{items} * f, item_floats, sum)) {
    return file_error("truncated");
  }
  std::uint64_t stored = 0;
  in.read(reinterpret_cast<char*>(&stored), sizeof(stored));
  if (static_cast<std::size_t>(in.gcount()) != sizeof(stored)) return file_error("truncated");
  if (stored != sum.value()) return file_error("checksum mismatch");
  const auto finite = [](const std::vector<float>& v) {
    return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
  };
  if (!finite(user_floats) || !finite(item_floats)) return file_error("non-finite factor");

  AlsModel m;
  m.users_ = static_cast<int>(users);
  m.items_ = static_cast<int>(items);
  m.factors_ = static_cast<int>(f);
  m.alpha_ = alpha;
  m.lambda_ = lambda;
  m.user_ = allocate(user_floats.size());
  m.item_ = allocate(item_floats.size());
  std::copy(user_floats.begin(), user_floats.end(), m.user_.get());
  std::copy(item_floats.begin(), item_floats.end(), m.item_.get());
  m.finish();
  return m;
}

std::size_t AlsModel::memory_bytes() const {
  const std::size_t fs = static_cast<std::size_t>(factors_);
  return sizeof(*this) + (static_cast<std::size_t>(users_) + static_cast<std::size_t>(items_)) * fs * sizeof(float) +
         static_cast<std::size_t>(item_gram_.size()) * sizeof(float);
}

}  // namespace fanbase::ml
