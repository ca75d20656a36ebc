// Implicit ALS (issue 5): training seconds per epoch, GFLOP/s, model memory and top-N latency on a synthetic
// power-law interaction matrix (seeded, so runs are comparable).
// Flops per epoch with s CG steps: 2f^2(U+I) for the two Gram matrices + (s+1) passes of [2f^2(U+I) + 8f nnz]
// (the residual and each step: a YtY product per row and a dot + axpy per stored entry, on both sides).
// Usage: als_bench [--users N --items N --nnz N --factors N --threads N --iterations N --cg-steps N --seed N]
//   With no shape arguments it runs the synthetic 100,000 x 20,000 x 5,000,000 matrix and then the Cross Validated
//   member x tag shape (9,431 x 1,203 x 98,906).
#include <algorithm>
#include <bit>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ml/als.hpp"

using fanbase::ml::AlsModel;
using fanbase::ml::AlsOptions;
using fanbase::ml::Interactions;
using fanbase::ml::SparseMatrix;
using Clock = std::chrono::steady_clock;

namespace {

struct Shape {
  int users = 100000;
  int items = 20000;
  long long nnz = 5000000;
};

// Distinct (user, item) pairs: user degrees follow (rank)^-0.5 (capped at a quarter of the items), items are drawn
// from a Zipf(1.0) popularity over a shuffled order; r = 1 + a geometric count.
Interactions synthetic(const Shape& s, unsigned seed) {
  std::mt19937_64 rng(seed);
  Interactions in;
  in.users = s.users;
  in.items = s.items;
  const long long cap = std::max(1, s.items / 4);
  const long long nnz = std::min<long long>(s.nnz, cap * s.users);
  std::vector<double> weight(static_cast<std::size_t>(s.users));
  for (int u = 0; u < s.users; ++u) weight[static_cast<std::size_t>(u)] = 1.0 / std::sqrt(u + 1.0);
  std::shuffle(weight.begin(), weight.end(), rng);
  const double total = std::accumulate(weight.begin(), weight.end(), 0.0);
  std::vector<long long> degree(static_cast<std::size_t>(s.users));
  long long sum = 0;
  for (std::size_t u = 0; u < degree.size(); ++u) {
    degree[u] = std::clamp(static_cast<long long>(static_cast<double>(nnz) * weight[u] / total), 1LL, cap);
    sum += degree[u];
  }
  for (std::size_t u = 0; sum != nnz; u = (u + 1) % degree.size()) {
    if (sum < nnz && degree[u] < cap) {
      ++degree[u];
      ++sum;
    } else if (sum > nnz && degree[u] > 1) {
      --degree[u];
      --sum;
    }
  }
  std::vector<std::int32_t> item_of_rank(static_cast<std::size_t>(s.items));
  std::iota(item_of_rank.begin(), item_of_rank.end(), 0);
  std::shuffle(item_of_rank.begin(), item_of_rank.end(), rng);
  std::vector<double> cdf(static_cast<std::size_t>(s.items));
  double acc = 0;
  for (int r = 0; r < s.items; ++r) cdf[static_cast<std::size_t>(r)] = acc += 1.0 / (r + 1.0);
  std::uniform_real_distribution<double> uniform(0.0, acc);
  std::vector<int> stamp(static_cast<std::size_t>(s.items), -1);
  in.triples.reserve(static_cast<std::size_t>(nnz));
  for (int u = 0; u < s.users; ++u) {
    for (long long k = 0; k < degree[static_cast<std::size_t>(u)];) {
      const auto rank = static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), uniform(rng)) - cdf.begin());
      const std::int32_t item = item_of_rank[std::min(rank, item_of_rank.size() - 1)];
      if (stamp[static_cast<std::size_t>(item)] == u) continue;
      stamp[static_cast<std::size_t>(item)] = u;
      in.triples.push_back({u, item, static_cast<float>(1 + std::countr_zero(rng() | (1ULL << 4)))});
      ++k;
    }
  }
  return in;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double n = static_cast<double>(v.size());
  const auto at = static_cast<std::size_t>(std::min(n - 1, p * n));
  return v[at];
}

void run(const Shape& shape, AlsOptions o, unsigned seed) {
  const int threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::printf("== %d users x %d items, nnz %lld, %d factors, %d CG steps, %d threads, %d iterations\n", shape.users,
              shape.items, shape.nnz, o.factors, o.cg_steps, threads, o.iterations);
  auto t0 = Clock::now();
  const Interactions in = synthetic(shape, seed);
  auto built = SparseMatrix::build(in);
  if (!built) {
    std::printf("bad matrix: %s\n", built.error().args.empty() ? "" : built.error().args[0].c_str());
    return;
  }
  const SparseMatrix& m = *built;
  const double setup = std::chrono::duration<double>(Clock::now() - t0).count();
  std::size_t max_item = 0;
  for (int i = 0; i < m.items(); ++i) max_item = std::max(max_item, m.item_row(i).index.size());
  std::printf("matrix: nnz %zu (generated and built in %.2f s), largest item row %zu, input %.1f MB\n", m.nnz(), setup,
              max_item, static_cast<double>(m.nnz()) * 16.0 / 1e6);

  const double f = o.factors;
  const double rows = static_cast<double>(m.users()) + m.items();
  const double flops =
      2 * f * f * rows + (o.cg_steps + 1) * (2 * f * f * rows + 8 * f * static_cast<double>(m.nnz()));
  std::vector<double> epochs;
  t0 = Clock::now();
  const AlsModel model = AlsModel::train(m, o, [&](int it, double s) {
    epochs.push_back(s);
    std::printf("  epoch %d: %.3f s, %.1f GFLOP/s\n", it, s, flops / s / 1e9);
  });
  const double train = std::chrono::duration<double>(Clock::now() - t0).count();
  const double median = percentile(epochs, 0.5);
  std::printf("train: %.2f s total; per epoch median %.3f s, best %.3f s; %.2f GFLOP per epoch, "
              "%.1f GFLOP/s (median)\n",
              train, median, *std::min_element(epochs.begin(), epochs.end()), flops / 1e9, flops / median / 1e9);
  std::printf("model memory: %.1f MB\n", static_cast<double>(model.memory_bytes()) / 1e6);

  // top-N for random users, excluding the items they have seen.
  std::mt19937 rng(seed + 1);
  std::uniform_int_distribution<int> pick(0, m.users() - 1);
  std::vector<std::pair<int, float>> out;
  std::vector<double> lat;
  std::vector<double> fold_lat;
  std::vector<std::pair<int, float>> history;
  constexpr int kQueries = 10000;
  lat.reserve(kQueries);
  for (int q = 0; q < kQueries; ++q) {
    const int u = pick(rng);
    const auto seen = m.user_row(u).index;
    const auto start = Clock::now();
    model.top_n(u, 10, [&](int i) { return std::binary_search(seen.begin(), seen.end(), i); }, out);
    lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (q % 10 == 0) {  // a new member with this user's history: fold in, then top-N
      const auto row = m.user_row(u);
      history.clear();
      for (std::size_t k = 0; k < row.index.size(); ++k) history.emplace_back(row.index[k], row.value[k]);
      const auto fstart = Clock::now();
      const Eigen::VectorXf x = model.fold_in(history);
      model.top_n_for(x, 10, [&](int i) { return std::binary_search(seen.begin(), seen.end(), i); }, out);
      fold_lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - fstart).count());
    }
  }
  std::printf("top-10 (seen excluded), %d users: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", kQueries,
              percentile(lat, 0.5), percentile(lat, 0.99), *std::max_element(lat.begin(), lat.end()));
  std::printf("fold-in + top-10, %zu users: p50 %.3f ms, p99 %.3f ms\n", fold_lat.size(), percentile(fold_lat, 0.5),
              percentile(fold_lat, 0.99));
}

bool parse(std::string_view text, long long& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out >= 0;
}

}  // namespace

int main(int argc, char** argv) {
  Shape shape;
  AlsOptions o;
  o.threads = 2;
  o.iterations = 3;
  unsigned seed = 1;
  bool shape_given = false;
  for (int a = 1; a < argc; ++a) {
    const std::string_view name = argv[a];
    long long v = 0;
    if (a + 1 >= argc || !parse(argv[a + 1], v)) {
      std::fprintf(stderr, "usage: als_bench [--users N --items N --nnz N --factors N --threads N --iterations N "
                           "--cg-steps N --seed N]\n");
      return 2;
    }
    ++a;
    if (name == "--users") {
      shape.users = static_cast<int>(v);
      shape_given = true;
    } else if (name == "--items") {
      shape.items = static_cast<int>(v);
      shape_given = true;
    } else if (name == "--nnz") {
      shape.nnz = v;
      shape_given = true;
    } else if (name == "--factors") {
      o.factors = static_cast<int>(v);
    } else if (name == "--threads") {
      o.threads = static_cast<int>(v);
    } else if (name == "--iterations") {
      o.iterations = static_cast<int>(v);
    } else if (name == "--cg-steps") {
      o.cg_steps = static_cast<int>(v);
    } else if (name == "--seed") {
      seed = static_cast<unsigned>(v);
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[a - 1]);
      return 2;
    }
  }
  if (shape.users <= 0 || shape.items <= 0 || o.factors <= 0 || o.iterations <= 0) {
    std::fprintf(stderr, "users, items, factors and iterations must be positive\n");
    return 2;
  }
  run(shape, o, seed);
  if (!shape_given) run(Shape{9431, 1203, 98906}, o, seed);
  return 0;
}
