#include "ml/rec_eval.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>
#include <utility>

namespace fanbase::ml {
namespace {

constexpr std::uint32_t kLast = std::numeric_limits<std::uint32_t>::max();

std::uint32_t rank_of(std::span<const std::uint32_t> tie_rank, std::uint32_t item) {
  return item < tie_rank.size() ? tie_rank[item] : kLast;
}

bool contains(std::span<const std::uint32_t> sorted, std::uint32_t item) {
  return std::binary_search(sorted.begin(), sorted.end(), item);
}

double discount(std::size_t rank0) { return 1.0 / std::log2(static_cast<double>(rank0) + 2.0); }

}  // namespace

std::span<const Rating> Split::training_of(std::uint32_t user) const {
  if (user + std::size_t{1} >= user_begin.size()) return {};
  return std::span<const Rating>(train).subspan(user_begin[user], user_begin[user + 1] - user_begin[user]);
}

std::size_t Split::evaluated_users() const {
  return static_cast<std::size_t>(
      std::count_if(test.begin(), test.end(), [](const auto& t) { return !t.empty(); }));
}

std::size_t Split::test_pairs() const {
  std::size_t n = 0;
  for (const auto& t : test) n += t.size();
  return n;
}

std::vector<Rating> aggregate(std::span<const Interaction> events) {
  std::vector<Rating> cells;
  cells.reserve(events.size());
  for (const auto& e : events) cells.push_back(Rating{e.user, e.item, e.weight});
  std::sort(cells.begin(), cells.end(),
            [](const Rating& a, const Rating& b) { return std::tie(a.user, a.item) < std::tie(b.user, b.item); });
  std::vector<Rating> out;
  for (const auto& c : cells) {
    if (!out.empty() && out.back().user == c.user && out.back().item == c.item) {
      out.back().r += c.r;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Split time_split(std::span<const Interaction> events, const SplitOptions& options) {
  Split split;
  for (const auto& e : events) split.n_users = std::max<std::size_t>(split.n_users, std::size_t{e.user} + 1);
  split.test.resize(split.n_users);

  // The first interaction of each (user, item) pair.
  struct First {
    std::uint32_t user;
    std::uint32_t item;
    std::int64_t at;
  };
  std::vector<First> firsts;
  firsts.reserve(events.size());
  for (const auto& e : events) firsts.push_back(First{e.user, e.item, e.at});
  std::sort(firsts.begin(), firsts.end(), [](const First& a, const First& b) {
    return std::tie(a.user, a.item, a.at) < std::tie(b.user, b.item, b.at);
  });
  firsts.erase(std::unique(firsts.begin(), firsts.end(),
                           [](const First& a, const First& b) { return a.user == b.user && a.item == b.item; }),
               firsts.end());

  const std::span<const std::uint32_t> tie_rank(options.tie_rank);
  for (auto begin = firsts.begin(); begin != firsts.end();) {
    const auto end = std::find_if(begin, firsts.end(), [&](const First& f) { return f.user != begin->user; });
    const auto n = static_cast<std::size_t>(end - begin);
    if (n >= options.min_items && n > 0) {
      std::sort(begin, end, [&](const First& a, const First& b) {
        return std::make_tuple(a.at, rank_of(tie_rank, a.item), a.item) <
               std::make_tuple(b.at, rank_of(tie_rank, b.item), b.item);
      });
      const double fraction = std::ceil(options.test_fraction * static_cast<double>(n));
      const auto held = std::min(n, static_cast<std::size_t>(std::max(0.0, fraction)));
      auto& test = split.test[begin->user];
      for (auto it = end - static_cast<std::ptrdiff_t>(held); it != end; ++it) test.push_back(it->item);
      std::sort(test.begin(), test.end());
    }
    begin = end;
  }

  split.train_events.reserve(events.size());
  for (const auto& e : events) {
    if (!contains(split.test[e.user], e.item)) split.train_events.push_back(e);
  }
  split.train = aggregate(split.train_events);
  split.user_begin.assign(split.n_users + 1, 0);
  for (const auto& t : split.train) ++split.user_begin[t.user + std::size_t{1}];
  std::partial_sum(split.user_begin.begin(), split.user_begin.end(), split.user_begin.begin());
  return split;
}

Split validation_split(const Split& split, const SplitOptions& options) {
  return time_split(split.train_events, options);
}

ListScores score_list(std::span<const std::uint32_t> ranked, std::span<const std::uint32_t> test, std::size_t k) {
  ListScores s;
  std::vector<std::uint32_t> relevant(test.begin(), test.end());
  std::sort(relevant.begin(), relevant.end());
  relevant.erase(std::unique(relevant.begin(), relevant.end()), relevant.end());
  if (relevant.empty() || k == 0) return s;

  std::vector<bool> found(relevant.size(), false);
  double dcg = 0;
  double precision_sum = 0;
  const std::size_t depth = std::min(k, ranked.size());
  for (std::size_t i = 0; i < depth; ++i) {
    const auto it = std::lower_bound(relevant.begin(), relevant.end(), ranked[i]);
    if (it == relevant.end() || *it != ranked[i]) continue;
    const auto slot = static_cast<std::size_t>(it - relevant.begin());
    if (found[slot]) continue;
    found[slot] = true;
    ++s.hits;
    dcg += discount(i);
    precision_sum += static_cast<double>(s.hits) / static_cast<double>(i + 1);
  }
  const std::size_t ideal_hits = std::min(relevant.size(), k);
  double ideal = 0;
  for (std::size_t i = 0; i < ideal_hits; ++i) ideal += discount(i);
  s.precision = static_cast<double>(s.hits) / static_cast<double>(k);
  s.recall = static_cast<double>(s.hits) / static_cast<double>(relevant.size());
  s.ndcg = dcg / ideal;
  s.average_precision = precision_sum / static_cast<double>(ideal_hits);
  return s;
}

Metrics evaluate(std::span<const std::vector<std::uint32_t>> ranked,
                 std::span<const std::vector<std::uint32_t>> test, std::size_t k, std::size_t n_items) {
  Metrics m;
  std::vector<bool> recommended(n_items, false);
  std::size_t distinct = 0;
  for (std::size_t u = 0; u < test.size(); ++u) {
    if (test[u].empty()) continue;
    const std::span<const std::uint32_t> list =
        u < ranked.size() ? std::span<const std::uint32_t>(ranked[u]) : std::span<const std::uint32_t>();
    const auto s = score_list(list, test[u], k);
    m.precision += s.precision;
    m.recall += s.recall;
    m.ndcg += s.ndcg;
    m.map += s.average_precision;
    ++m.users;
    m.test_pairs += test[u].size();
    for (std::size_t i = 0; i < std::min(k, list.size()); ++i) {
      if (list[i] < n_items && !recommended[list[i]]) {
        recommended[list[i]] = true;
        ++distinct;
      }
    }
  }
  if (m.users > 0) {
    const auto n = static_cast<double>(m.users);
    m.precision /= n;
    m.recall /= n;
    m.ndcg /= n;
    m.map /= n;
  }
  m.coverage = n_items > 0 ? static_cast<double>(distinct) / static_cast<double>(n_items) : 0.0;
  return m;
}

Metrics evaluate(const Split& split, const Ranker& ranker, std::size_t k, std::size_t n_items) {
  std::vector<std::vector<std::uint32_t>> ranked(split.test.size());
  std::vector<std::uint32_t> exclude;
  for (std::size_t u = 0; u < split.test.size(); ++u) {
    if (split.test[u].empty()) continue;
    exclude.clear();
    for (const auto& t : split.training_of(static_cast<std::uint32_t>(u))) exclude.push_back(t.item);
    ranked[u] = ranker(static_cast<std::uint32_t>(u), exclude, k);
  }
  return evaluate(ranked, split.test, k, n_items);
}

std::vector<std::uint32_t> top_k(std::span<const double> scores, std::span<const std::uint32_t> exclude,
                                 std::size_t k, std::span<const std::uint32_t> tie_rank) {
  std::vector<std::uint32_t> candidates;
  candidates.reserve(scores.size());
  for (std::uint32_t i = 0; i < scores.size(); ++i) {
    if (!contains(exclude, i)) candidates.push_back(i);
  }
  const auto better = [&](std::uint32_t a, std::uint32_t b) {
    if (scores[a] != scores[b]) return scores[a] > scores[b];
    const auto ra = rank_of(tie_rank, a);
    const auto rb = rank_of(tie_rank, b);
    return ra != rb ? ra < rb : a < b;
  };
  const std::size_t n = std::min(k, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n), candidates.end(),
                    better);
  candidates.resize(n);
  return candidates;
}

PopularityRanker::PopularityRanker(std::span<const Rating> train, std::size_t n_items,
                                   std::span<const std::uint32_t> tie_rank)
    : counts_(n_items, 0), order_(n_items) {
  for (const auto& t : train) {
    if (t.item < n_items) ++counts_[t.item];  // train holds one cell per (user, item)
  }
  std::iota(order_.begin(), order_.end(), std::uint32_t{0});
  std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (counts_[a] != counts_[b]) return counts_[a] > counts_[b];
    const auto ra = rank_of(tie_rank, a);
    const auto rb = rank_of(tie_rank, b);
    return ra != rb ? ra < rb : a < b;
  });
}

std::vector<std::uint32_t> PopularityRanker::top(std::span<const std::uint32_t> exclude, std::size_t k) const {
  std::vector<std::uint32_t> out;
  for (const auto item : order_) {
    if (out.size() >= k) break;
    if (!contains(exclude, item)) out.push_back(item);
  }
  return out;
}

Ranker PopularityRanker::ranker() const {
  return [this](std::uint32_t, std::span<const std::uint32_t> exclude, std::size_t k) { return top(exclude, k); };
}

Ranker similarity_ranker(const Split& split, std::size_t n_items, ItemSimilarity similarity,
                         std::vector<std::uint32_t> tie_rank) {
  return [&split, n_items, similarity = std::move(similarity), tie_rank = std::move(tie_rank)](
             std::uint32_t user, std::span<const std::uint32_t> exclude, std::size_t k) {
    std::vector<double> scores(n_items, 0.0);
    for (const auto& cell : split.training_of(user)) {
      for (std::uint32_t item = 0; item < n_items; ++item) {
        scores[item] += static_cast<double>(cell.r) * similarity(cell.item, item);
      }
    }
    return top_k(scores, exclude, k, tie_rank);
  };
}

}  // namespace fanbase::ml
