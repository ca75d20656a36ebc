// /recommend ranking (issue 5): latency p50/p99 of handlers::rank_picks for members of a synthetic community with a
// 100,000-member model (20,000 items with tags, ~2,000,000 interactions, 64 factors), and the model's memory.
// Three kinds of member: in the model (ALS top-N), newer than the model with >= 5 interactions (fold-in), and cold
// (< 5 interactions: TF-IDF tag similarity + popularity). Every call runs the whole ranking: exclusions, candidate
// generation and the MMR re-rank. The storage read of /recommend (items_of: one indexed range) is not included.
// Usage: recommend_bench [--members N --items N --interactions N --factors N --threads N --requests N]
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "handlers/personal/recommender.hpp"

using namespace fanbase;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int members = 100000;
  int items = 20000;
  long long interactions = 2000000;
  int factors = 64;
  int threads = 2;
  int requests = 2000;
};

int arg_int(std::string_view text) {
  int v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

void report(const char* what, const std::vector<double>& us) {
  std::printf("%-34s requests %5zu  p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", what, us.size(),
              percentile(us, 0.50) / 1000.0, percentile(us, 0.99) / 1000.0, percentile(us, 1.0) / 1000.0);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view k = argv[i];
    const std::string_view v = argv[i + 1];
    if (k == "--members") o.members = arg_int(v);
    else if (k == "--items") o.items = arg_int(v);
    else if (k == "--interactions") o.interactions = arg_int(v);
    else if (k == "--factors") o.factors = arg_int(v);
    else if (k == "--threads") o.threads = arg_int(v);
    else if (k == "--requests") o.requests = arg_int(v);
  }
  std::mt19937_64 rng(7);
  constexpr int tag_vocabulary = 300;
  const std::int64_t now = 1'767'225'600'000;
  constexpr std::int64_t day = 86'400'000;

  // Items: ids 1..items, 1-3 tags each from a Zipf-ish vocabulary, a title from their tags.
  handlers::Catalog catalog(14 * day);
  std::vector<std::vector<int>> item_tags(static_cast<std::size_t>(o.items) + 1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto zipf_tag = [&] { return static_cast<int>(std::pow(tag_vocabulary, unit(rng))) - 1; };
  for (int i = 1; i <= o.items; ++i) {
    storage::ContentItem item;
    item.id = i;
    item.kind = "post";
    const int n = 1 + static_cast<int>(rng() % 3);
    for (int t = 0; t < n; ++t) {
      const int tag = zipf_tag();
      item_tags[static_cast<std::size_t>(i)].push_back(tag);
      item.tags += (item.tags.empty() ? "" : " ") + std::string("tag") + std::to_string(tag);
    }
    item.title = "Notes on tag" + std::to_string(item_tags[static_cast<std::size_t>(i)][0]) + " number " +
                 std::to_string(i);
    item.author_id = 1 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(o.members));
    item.created_at = now - static_cast<std::int64_t>(rng() % (60 * day));
    catalog.put(item);
  }

  // Interactions: member activity ~ rank^-0.5, items by popularity ~ Zipf(1) over a shuffled order, in the last
  // 60 days; member i's items cluster around a "home" tag so tag similarity and ALS have structure to find.
  std::vector<std::int64_t> item_order(static_cast<std::size_t>(o.items));
  for (int i = 0; i < o.items; ++i) item_order[static_cast<std::size_t>(i)] = i + 1;
  std::shuffle(item_order.begin(), item_order.end(), rng);
  const auto zipf_item = [&] {
    const double x = std::pow(static_cast<double>(o.items), unit(rng));
    return item_order[static_cast<std::size_t>(std::min(o.items - 1, static_cast<int>(x) - 1))];
  };
  std::vector<storage::InteractionRow> rows;
  rows.reserve(static_cast<std::size_t>(o.interactions));
  std::vector<std::vector<std::pair<std::int64_t, bool>>> history(static_cast<std::size_t>(o.members) + 1);
  double weight_sum = 0;
  for (int m = 1; m <= o.members; ++m) weight_sum += 1.0 / std::sqrt(m);
  std::int64_t next_id = 1;
  for (int m = 1; m <= o.members; ++m) {
    const auto degree = std::max<long long>(
        1, static_cast<long long>(static_cast<double>(o.interactions) / std::sqrt(m) / weight_sum));
    auto& h = history[static_cast<std::size_t>(m)];
    std::unordered_set<std::int64_t> seen;
    for (long long k = 0; k < degree; ++k) {
      const std::int64_t item = zipf_item();
      if (!seen.insert(item).second) continue;
      rows.push_back({next_id++, 1, m, item, "view", 1.0 + static_cast<double>(rng() % 4),
                      now - static_cast<std::int64_t>(rng() % (60 * day)), {}});
      h.emplace_back(item, false);
    }
    std::sort(h.begin(), h.end());
  }
  for (const auto& r : rows) catalog.add_popularity(r.item_id, r.weight, r.at);

  config::RecommenderConfig cfg;
  cfg.factors = o.factors;
  cfg.threads = o.threads;
  cfg.iterations = 3;
  const auto t0 = Clock::now();
  const auto model = handlers::train_community(1, rows, cfg, now);
  const double train_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("synthetic: %d members x %d items, %zu interactions; model %zu users x %zu items x %d factors\n",
              o.members, o.items, rows.size(), model->member_ids.size(), model->item_ids.size(), o.factors);
  std::printf("training (3 iterations, %d threads): %.2f s\n", o.threads, train_s);
  std::printf("model memory: %.1f MiB (factors, Gram, id maps, popularity); process RSS %.1f MiB\n",
              static_cast<double>(model->memory_bytes()) / (1024.0 * 1024.0), static_cast<double>(rss_kib()) / 1024.0);

  handlers::RankRequest req;
  req.n = 5;
  req.cold_start_interactions = 5;
  req.diversity = 0.3;
  const auto time_one = [&](std::vector<double>& out) {
    const auto start = Clock::now();
    const auto picks = handlers::rank_picks(req, catalog, model.get());
    out.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    if (picks.empty()) std::fprintf(stderr, "no picks for member %lld\n", static_cast<long long>(req.member_id));
  };

  std::vector<double> warm, folded, cold;
  std::uniform_int_distribution<int> member(1, o.members);
  while (static_cast<int>(warm.size()) < o.requests) {
    const int m = member(rng);
    if (history[static_cast<std::size_t>(m)].size() < 5) continue;
    req.member_id = m;
    req.history = history[static_cast<std::size_t>(m)];
    time_one(warm);
  }
  // Newer than the model: a member id the model does not know, with a known member's history.
  while (static_cast<int>(folded.size()) < o.requests) {
    const int m = member(rng);
    if (history[static_cast<std::size_t>(m)].size() < 5) continue;
    req.member_id = o.members + 1 + m;
    req.history = history[static_cast<std::size_t>(m)];
    time_one(folded);
  }
  while (static_cast<int>(cold.size()) < o.requests) {
    req.member_id = o.members + 1;
    req.history.clear();
    for (int k = 0; k < 3; ++k) req.history.emplace_back(zipf_item(), false);
    std::sort(req.history.begin(), req.history.end());
    req.history.erase(std::unique(req.history.begin(), req.history.end()), req.history.end());
    time_one(cold);
  }
  report("ALS (member in the model)", warm);
  report("ALS fold-in (newer than the model)", folded);
  report("cold start (tags + popularity)", cold);
  std::vector<double> all = warm;
  all.insert(all.end(), folded.begin(), folded.end());
  all.insert(all.end(), cold.begin(), cold.end());
  report("all", all);
  const double p99_ms = percentile(all, 0.99) / 1000.0;
  std::printf("target p99 < 5 ms: %s\n", p99_ms < 5.0 ? "met" : "NOT met");
  return 0;
}
