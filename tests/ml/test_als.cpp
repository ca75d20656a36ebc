// ml/als: the sparse input (duplicates, drops, refusals, transpose), implicit ALS on a planted block structure
// (held-out hit rate), conjugate gradient against the exact solve, determinism across thread counts, top-N with an
// exclude callback, fold-in of a new user, and the model file (round trip, corruption, truncation).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ml/als.hpp"

using fanbase::ml::AlsModel;
using fanbase::ml::AlsOptions;
using fanbase::ml::AlsSolver;
using fanbase::ml::Interactions;
using fanbase::ml::SparseMatrix;
using fanbase::ml::Triple;

namespace {

constexpr int kGroups = 8;
constexpr int kItemsPerGroup = 40;
constexpr int kUsersPerGroup = 100;
constexpr int kItems = kGroups * kItemsPerGroup;
constexpr int kUsers = kGroups * kUsersPerGroup;

int group_of_item(int item) { return item / kItemsPerGroup; }
int group_of_user(int user) { return user / kUsersPerGroup; }

// Planted structure: user u likes the items of its group. Each user has 12 items of its group (r in 1..3) and 2
// random items; one further item of its group is held out.
struct Planted {
  Interactions train;
  std::vector<int> held_out;                 // per user
  std::vector<std::vector<int>> seen;        // per user, training items ascending
};

Planted planted(unsigned seed) {
  std::mt19937 rng(seed);
  Planted p;
  p.train.users = kUsers;
  p.train.items = kItems;
  p.held_out.resize(kUsers);
  p.seen.resize(kUsers);
  for (int u = 0; u < kUsers; ++u) {
    std::vector<int> own(kItemsPerGroup);
    for (int k = 0; k < kItemsPerGroup; ++k) own[static_cast<std::size_t>(k)] = group_of_user(u) * kItemsPerGroup + k;
    std::shuffle(own.begin(), own.end(), rng);
    std::set<int> items(own.begin(), own.begin() + 12);
    p.held_out[static_cast<std::size_t>(u)] = own[12];
    while (items.size() < 14) {
      const int i = static_cast<int>(rng() % kItems);
      if (i != own[12]) items.insert(i);
    }
    for (const int i : items) {
      p.train.triples.push_back({u, i, static_cast<float>(1 + rng() % 3)});
      p.seen[static_cast<std::size_t>(u)].push_back(i);
    }
  }
  return p;
}

SparseMatrix matrix(const Interactions& in) {
  auto m = SparseMatrix::build(in);
  REQUIRE(m.has_value());
  return std::move(*m);
}

AlsOptions small_options() {
  AlsOptions o;
  o.factors = 16;
  o.lambda = 5;
  o.alpha = 10;
  o.iterations = 10;
  o.threads = 2;
  return o;
}

bool contains(const std::vector<int>& sorted, int x) { return std::binary_search(sorted.begin(), sorted.end(), x); }

double hit_rate_at_10(const AlsModel& model, const Planted& p) {
  int hits = 0;
  std::vector<std::pair<int, float>> out;
  for (int u = 0; u < kUsers; ++u) {
    const auto& seen = p.seen[static_cast<std::size_t>(u)];
    model.top_n(u, 10, [&](int i) { return contains(seen, i); }, out);
    for (const auto& [item, score] : out) hits += item == p.held_out[static_cast<std::size_t>(u)] ? 1 : 0;
  }
  return static_cast<double>(hits) / kUsers;
}

bool same_factors(const AlsModel& a, const AlsModel& b) {
  return a.user_factors().rows() == b.user_factors().rows() && a.item_factors().rows() == b.item_factors().rows() &&
         (a.user_factors().array() == b.user_factors().array()).all() &&
         (a.item_factors().array() == b.item_factors().array()).all();
}

}  // namespace

TEST_CASE("als sparse matrix sums duplicates and drops non-positive pairs", "[ml][als]") {
  Interactions in;
  in.users = 3;
  in.items = 4;
  in.triples = {{0, 2, 1}, {0, 1, 2}, {0, 2, 3}, {1, 3, -1}, {2, 0, 1}, {2, 0, -1}, {2, 3, 0.5f}};
  const SparseMatrix m = matrix(in);
  CHECK(m.nnz() == 3);
  const auto u0 = m.user_row(0);
  REQUIRE(u0.index.size() == 2);
  CHECK(u0.index[0] == 1);
  CHECK(u0.value[0] == 2.0f);
  CHECK(u0.index[1] == 2);
  CHECK(u0.value[1] == 4.0f);
  CHECK(m.user_row(1).index.empty());
  CHECK(m.user_row(2).index.size() == 1);
  const auto i3 = m.item_row(3);
  REQUIRE(i3.index.size() == 1);
  CHECK(i3.index[0] == 2);
  CHECK(i3.value[0] == 0.5f);
  CHECK(m.item_row(0).index.empty());
  CHECK(m.user_row(7).index.empty());
}

TEST_CASE("als sparse matrix refuses bad triples", "[ml][als]") {
  Interactions in;
  in.users = 2;
  in.items = 2;
  in.triples = {{0, 2, 1}};
  auto r = SparseMatrix::build(in);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().key == "als.bad_interactions");
  in.triples = {{-1, 0, 1}};
  CHECK_FALSE(SparseMatrix::build(in).has_value());
  in.triples = {{0, 0, std::numeric_limits<float>::quiet_NaN()}};
  CHECK_FALSE(SparseMatrix::build(in).has_value());
  in.users = -1;
  in.triples.clear();
  CHECK_FALSE(SparseMatrix::build(in).has_value());
}

TEST_CASE("als recovers a planted block structure far above random", "[ml][als]") {
  const Planted p = planted(7);
  const SparseMatrix m = matrix(p.train);
  std::vector<double> seconds;
  const AlsModel model = AlsModel::train(m, small_options(), [&](int it, double s) {
    CHECK(it == static_cast<int>(seconds.size()) + 1);
    seconds.push_back(s);
  });
  CHECK(seconds.size() == 10);
  CHECK(model.users() == kUsers);
  CHECK(model.items() == kItems);
  CHECK(model.factors() == 16);
  const double random = 10.0 / (kItems - 14);
  const double hit = hit_rate_at_10(model, p);
  INFO("hit rate@10 " << hit << ", random " << random);
  CHECK(hit > 5 * random);
  // And most of the top 10 lies in the user's own group.
  std::vector<std::pair<int, float>> out;
  int in_group = 0;
  for (int u = 0; u < kUsers; ++u) {
    model.top_n(u, 10, {}, out);
    for (const auto& [item, score] : out) in_group += group_of_item(item) == group_of_user(u) ? 1 : 0;
  }
  CHECK(in_group > 9 * kUsers);
}

TEST_CASE("als training lowers the objective", "[ml][als]") {
  const Planted p = planted(11);
  const SparseMatrix m = matrix(p.train);
  AlsOptions o = small_options();
  o.iterations = 1;
  const double one = AlsModel::train(m, o).loss(m);
  o.iterations = 10;
  const double ten = AlsModel::train(m, o).loss(m);
  INFO("loss after 1: " << one << ", after 10: " << ten);
  CHECK(ten < one);
}

TEST_CASE("als conjugate gradient agrees with the exact solve", "[ml][als]") {
  const Planted p = planted(3);
  const SparseMatrix m = matrix(p.train);

  SECTION("with as many steps as factors it converges to the exact row solutions") {
    AlsOptions o = small_options();
    o.iterations = 2;
    o.cg_steps = o.factors;
    const AlsModel cg = AlsModel::train(m, o);
    o.solver = AlsSolver::exact;
    const AlsModel exact = AlsModel::train(m, o);
    const float scale_u = exact.user_factors().cwiseAbs().maxCoeff();
    const float scale_i = exact.item_factors().cwiseAbs().maxCoeff();
    const float du = (cg.user_factors() - exact.user_factors()).cwiseAbs().maxCoeff();
    const float di = (cg.item_factors() - exact.item_factors()).cwiseAbs().maxCoeff();
    INFO("max |diff| users " << du << " of " << scale_u << ", items " << di << " of " << scale_i);
    CHECK(du < 1e-3f * scale_u);
    CHECK(di < 1e-3f * scale_i);
  }

  SECTION("with 3 warm-started steps it reaches the same objective and recommendations") {
    const AlsOptions o = small_options();
    AlsOptions oe = o;
    oe.solver = AlsSolver::exact;
    const AlsModel cg = AlsModel::train(m, o);
    const AlsModel exact = AlsModel::train(m, oe);
    const double lc = cg.loss(m);
    const double le = exact.loss(m);
    INFO("loss cg " << lc << ", exact " << le);
    CHECK(std::abs(lc - le) < 0.02 * le);
    std::vector<std::pair<int, float>> a;
    std::vector<std::pair<int, float>> b;
    int common = 0;
    for (int u = 0; u < kUsers; ++u) {
      const auto& seen = p.seen[static_cast<std::size_t>(u)];
      cg.top_n(u, 10, [&](int i) { return contains(seen, i); }, a);
      exact.top_n(u, 10, [&](int i) { return contains(seen, i); }, b);
      for (const auto& x : a) {
        common += std::any_of(b.begin(), b.end(), [&](const auto& y) { return y.first == x.first; }) ? 1 : 0;
      }
    }
    INFO("top-10 overlap " << common << " of " << 10 * kUsers);
    CHECK(common > 7 * kUsers);
    CHECK(std::abs(hit_rate_at_10(cg, p) - hit_rate_at_10(exact, p)) < 0.1);
  }
}

TEST_CASE("als is deterministic across thread counts", "[ml][als]") {
  const Planted p = planted(5);
  const SparseMatrix m = matrix(p.train);
  for (const AlsSolver solver : {AlsSolver::conjugate_gradient, AlsSolver::exact}) {
    AlsOptions o = small_options();
    o.iterations = 4;
    o.solver = solver;
    o.threads = 1;
    const AlsModel one = AlsModel::train(m, o);
    o.threads = 2;
    const AlsModel two = AlsModel::train(m, o);
    o.threads = 3;
    const AlsModel three = AlsModel::train(m, o);
    CHECK(same_factors(one, two));
    CHECK(same_factors(one, three));
    o.seed = 43;
    CHECK_FALSE(same_factors(one, AlsModel::train(m, o)));
  }
}

TEST_CASE("als top n honours the exclude callback and orders by score", "[ml][als]") {
  const Planted p = planted(9);
  const SparseMatrix m = matrix(p.train);
  const AlsModel model = AlsModel::train(m, small_options());
  std::vector<std::pair<int, float>> out;
  for (const int u : {0, 123, 799}) {
    model.top_n(u, 10, [](int i) { return i % 2 == 0; }, out);
    REQUIRE(out.size() == 10);
    // Brute force: every odd item, by score then item.
    std::vector<std::pair<int, float>> all;
    for (int i = 1; i < kItems; i += 2) all.emplace_back(i, model.score(u, i));
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return a.second > b.second || (a.second == b.second && a.first < b.first);
    });
    for (std::size_t k = 0; k < out.size(); ++k) {
      CHECK(out[k].first % 2 == 1);
      CHECK(out[k].first == all[k].first);
      CHECK(out[k].second == Approx(all[k].second));
    }
  }
  model.top_n(5, 10, [](int) { return true; }, out);
  CHECK(out.empty());
  model.top_n(5, kItems + 50, [](int i) { return i >= 7; }, out);
  CHECK(out.size() == 7);
  model.top_n(5, 0, {}, out);
  CHECK(out.empty());
  model.top_n(kUsers, 10, {}, out);  // unknown user
  CHECK(out.empty());
  CHECK(model.score(-1, 0) == 0.0f);
  CHECK(model.score(0, kItems) == 0.0f);
}

TEST_CASE("als fold in gives a new user picks from their group", "[ml][als]") {
  const Planted p = planted(13);
  const SparseMatrix m = matrix(p.train);
  const AlsModel model = AlsModel::train(m, small_options());
  for (const int g : {2, 6}) {
    std::vector<std::pair<int, float>> history;
    for (int k = 0; k < 6; ++k) history.emplace_back(g * kItemsPerGroup + 5 * k, 1.0f);
    history.emplace_back(kItems + 3, 1.0f);  // unknown: ignored
    const Eigen::VectorXf x = model.fold_in(history);
    REQUIRE(x.size() == 16);
    std::vector<std::pair<int, float>> out;
    model.top_n_for(x, 10, [&](int i) { return i % 5 == 0 && group_of_item(i) == g; }, out);
    REQUIRE(out.size() == 10);
    int in_group = 0;
    for (const auto& [item, score] : out) in_group += group_of_item(item) == g ? 1 : 0;
    CHECK(in_group >= 9);
  }
  const std::vector<std::pair<int, float>> nothing = {{-1, 1.0f}, {3, 0.0f}};
  CHECK(model.fold_in(nothing).isZero());
}

TEST_CASE("als model file round trip and refusals", "[ml][als]") {
  const Planted p = planted(17);
  const SparseMatrix m = matrix(p.train);
  AlsOptions o = small_options();
  o.iterations = 3;
  const AlsModel model = AlsModel::train(m, o);
  std::stringstream file;
  REQUIRE(model.save(file));
  const std::string bytes = file.str();
  CHECK(bytes.size() == 32 + (kUsers + kItems) * 16 * 4 + 8);

  SECTION("round trip") {
    std::istringstream in(bytes);
    auto loaded = AlsModel::load(in);
    REQUIRE(loaded.has_value());
    CHECK(same_factors(model, *loaded));
    CHECK(loaded->alpha() == model.alpha());
    CHECK(loaded->lambda() == model.lambda());
    CHECK(loaded->memory_bytes() == model.memory_bytes());
    CHECK(model.memory_bytes() >= (kUsers + kItems) * 16 * 4);
    const std::vector<std::pair<int, float>> history = {{1, 2.0f}, {2, 1.0f}};
    CHECK((loaded->fold_in(history).array() == model.fold_in(history).array()).all());
  }

  auto refused = [](const std::string& data) {
    std::istringstream in(data);
    auto r = AlsModel::load(in);
    if (r.has_value()) return std::string();
    CHECK(r.error().key == "als.bad_model_file");
    REQUIRE(r.error().args.size() == 1);
    return r.error().args[0];
  };

  SECTION("a flipped bit in the factors") {
    std::string bad = bytes;
    bad[1000] = static_cast<char>(bad[1000] ^ 0x10);
    CHECK(refused(bad) == "checksum mismatch");
  }
  SECTION("a flipped bit in the checksum") {
    std::string bad = bytes;
    bad[bad.size() - 3] = static_cast<char>(bad[bad.size() - 3] ^ 1);
    CHECK(refused(bad) == "checksum mismatch");
  }
  SECTION("truncated files") {
    CHECK(refused("") == "short header");
    CHECK(refused(bytes.substr(0, 20)) == "short header");
    CHECK(refused(bytes.substr(0, bytes.size() / 2)) == "truncated");
    CHECK(refused(bytes.substr(0, bytes.size() - 1)) == "truncated");
  }
  SECTION("wrong magic, version or shape") {
    std::string bad = bytes;
    bad[0] = 'X';
    CHECK(refused(bad) == "not an ALS model file");
    bad = bytes;
    bad[8] = 2;
    CHECK(refused(bad) == "unsupported version");
    bad = bytes;
    bad[12] = 0;  // factors 0
    CHECK(refused(bad) == "impossible shape");
    // A header that claims two billion users and no data: refused as truncated without allocating it all.
    bad = bytes.substr(0, 32);
    bad[16] = '\xff';
    bad[17] = '\xff';
    bad[18] = '\xff';
    bad[19] = '\x7f';
    CHECK(refused(bad) == "truncated");
    CHECK(refused(std::string(100, 'x')) == "not an ALS model file");
  }
}
