// Offline evaluation of recommenders (issue 5, `fanbase eval-recs` and bench/cv_protocol_check): the time-based
// split of the protocol, top-K metrics (precision, recall, nDCG, MAP, catalogue coverage), a popularity
// ranker and a hook for similarity rankers. Users and items are dense indices (0 .. n-1) chosen by the caller.
// Thread: pure functions and immutable objects; a Ranker is called from the caller's thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace fanbase::ml {

// One implicit-feedback event, e.g. "member u answered a question tagged t at time `at`" (weight 1 per count).
struct Interaction {
  std::uint32_t user = 0;
  std::uint32_t item = 0;
  std::int64_t at = 0;  // any monotone time unit
  float weight = 1.0f;
};

// An aggregated training cell: r = the sum of the weights of the (user, item) events (the ALS input; confidence
// 1 + alpha * r is the trainer's business).
struct Rating {
  std::uint32_t user = 0;
  std::uint32_t item = 0;
  float r = 0;
};

struct SplitOptions {
  std::size_t min_items = 5;   // users with at least this many distinct items are evaluated
  double test_fraction = 0.2;  // the last ceil(fraction * n) of them are held out (std::ceil, as Python's math.ceil)
  // Order among a user's items whose first interactions have the same time: tie_rank[item] ascending, then item
  // ascending. Empty = item ascending. Items beyond the vector's size rank after those inside it.
  // The Cross Validated figures are reproduced with the rank of each tag's *name* here and in the
  // popularity ranker (bench/cv_protocol_check.cpp).
  std::vector<std::uint32_t> tie_rank;
};

// The protocol: per user, the distinct items ordered by the time of their first interaction (ties by
// SplitOptions::tie_rank); a user with n >= min_items distinct items has the last ceil(fraction * n) as the test
// set, and every event on those (user, item) pairs leaves training. Other users stay in training, not evaluated.
struct Split {
  std::vector<Interaction> train_events;        // the events kept, in input order (carve a validation split here)
  std::vector<Rating> train;                    // train_events aggregated, sorted by (user, item)
  std::vector<std::vector<std::uint32_t>> test;  // per user (size n_users), sorted; empty = not evaluated
  std::vector<std::size_t> user_begin;           // train[user_begin[u] .. user_begin[u + 1]) are u's cells
  std::size_t n_users = 0;                       // 1 + the largest user index in the events

  std::span<const Rating> training_of(std::uint32_t user) const;
  std::size_t evaluated_users() const;
  std::size_t test_pairs() const;
};

Split time_split(std::span<const Interaction> events, const SplitOptions& options);

// For tuning: the same protocol applied to a split's training events, so that the test set is never seen.
// The validation split's training part is then the training set of the model being tuned.
Split validation_split(const Split& split, const SplitOptions& options);

// Training cells of `events`, sorted by (user, item), weights summed.
std::vector<Rating> aggregate(std::span<const Interaction> events);

// Metrics of one ranked list against one test set. Binary relevance; the list is cut to its first k entries and
// an item repeated in it counts once (at its first position).
//   precision = hits / k            recall = hits / |test|
//   nDCG = sum over hits at rank i (1-based) of 1 / log2(i + 1), divided by the ideal DCG of min(|test|, k) hits
//   AP = sum over hits at rank i of (hits up to i) / i, divided by min(|test|, k)
// An empty test set or k = 0 gives zeros.
struct ListScores {
  std::size_t hits = 0;
  double precision = 0;
  double recall = 0;
  double ndcg = 0;
  double average_precision = 0;
};
ListScores score_list(std::span<const std::uint32_t> ranked, std::span<const std::uint32_t> test, std::size_t k);

// Means over the evaluated users (those with a non-empty test set); coverage = distinct items in the evaluated
// users' top-k lists / n_items.
struct Metrics {
  double precision = 0;
  double recall = 0;
  double ndcg = 0;
  double map = 0;
  double coverage = 0;
  std::size_t users = 0;       // evaluated users
  std::size_t test_pairs = 0;  // sum of their test-set sizes
};
// ranked[u] and test[u] per user index; a user whose test set is empty or missing is not evaluated, and an evaluated
// user beyond ranked's size has an empty list.
Metrics evaluate(std::span<const std::vector<std::uint32_t>> ranked,
                 std::span<const std::vector<std::uint32_t>> test, std::size_t k, std::size_t n_items);

// A recommender under evaluation: the best `k` items for `user`, best first, never one of `exclude` (the user's
// training items, sorted ascending).
using Ranker = std::function<std::vector<std::uint32_t>(std::uint32_t user, std::span<const std::uint32_t> exclude,
                                                        std::size_t k)>;

// Ranks every evaluated user of the split, excluding the user's training items, and evaluates the lists.
Metrics evaluate(const Split& split, const Ranker& ranker, std::size_t k, std::size_t n_items);

// The k best items by score, skipping `exclude` (sorted); ties by tie_rank[item] (empty = item id) then item id.
std::vector<std::uint32_t> top_k(std::span<const double> scores, std::span<const std::uint32_t> exclude,
                                 std::size_t k, std::span<const std::uint32_t> tie_rank = {});

// Popularity: the number of distinct training users per item, ties by tie_rank (empty = item id ascending).
class PopularityRanker {
 public:
  PopularityRanker(std::span<const Rating> train, std::size_t n_items, std::span<const std::uint32_t> tie_rank = {});

  std::vector<std::uint32_t> top(std::span<const std::uint32_t> exclude, std::size_t k) const;
  Ranker ranker() const;  // refers to *this, which must outlive it
  std::uint32_t count(std::uint32_t item) const { return counts_[item]; }
  const std::vector<std::uint32_t>& order() const { return order_; }  // every item, most popular first

 private:
  std::vector<std::uint32_t> counts_;
  std::vector<std::uint32_t> order_;
};

// The hook for item-to-item similarity rankers (tag similarity, TF-IDF over titles and tags, ...): an item's score
// for a user is the sum over the user's training cells (j, r) of r * similarity(j, item); `similarity` is called
// for every (training item, candidate) pair, so it should be a table lookup. Ties (e.g. the items scoring 0) by
// tie_rank, so a list is always k long when the catalogue allows. The ranker refers to `split`, which must outlive
// it.
using ItemSimilarity = std::function<double(std::uint32_t from, std::uint32_t to)>;
Ranker similarity_ranker(const Split& split, std::size_t n_items, ItemSimilarity similarity,
                         std::vector<std::uint32_t> tie_rank = {});

}  // namespace fanbase::ml
