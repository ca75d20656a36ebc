// ml/rec_eval: the time split, top-K metrics with exact values, popularity and similarity rankers.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "ml/rec_eval.hpp"

using fanbase::ml::aggregate;
using fanbase::ml::evaluate;
using fanbase::ml::Interaction;
using fanbase::ml::PopularityRanker;
using fanbase::ml::score_list;
using fanbase::ml::similarity_ranker;
using fanbase::ml::SplitOptions;
using fanbase::ml::time_split;
using fanbase::ml::top_k;
using fanbase::ml::Rating;
using fanbase::ml::validation_split;
using Items = std::vector<std::uint32_t>;

namespace {

double d(std::size_t rank1) { return 1.0 / std::log2(static_cast<double>(rank1) + 1.0); }

}  // namespace

TEST_CASE("list metrics have their exact values", "[ml][rec_eval]") {
  // Hits at ranks 2 and 5 of 5; three relevant items.
  const auto s = score_list(Items{1, 2, 3, 4, 5}, Items{9, 5, 2}, 5);
  CHECK(s.hits == 2);
  CHECK(s.precision == Approx(2.0 / 5));
  CHECK(s.recall == Approx(2.0 / 3));
  CHECK(s.ndcg == Approx((d(2) + d(5)) / (d(1) + d(2) + d(3))));
  CHECK(s.average_precision == Approx((1.0 / 2 + 2.0 / 5) / 3));
}

TEST_CASE("nDCG and AP normalise over min of test size and K", "[ml][rec_eval]") {
  Items test;
  for (std::uint32_t i = 100; i < 112; ++i) test.push_back(i);  // 12 relevant, K = 10
  const Items list{100, 1, 101, 2, 3, 4, 5, 6, 7, 102, 103};     // the 11th entry is past K
  const auto s = score_list(list, test, 10);
  CHECK(s.hits == 3);
  CHECK(s.precision == Approx(0.3));
  CHECK(s.recall == Approx(3.0 / 12));
  double ideal = 0;
  for (std::size_t r = 1; r <= 10; ++r) ideal += d(r);
  CHECK(s.ndcg == Approx((d(1) + d(3) + d(10)) / ideal));
  CHECK(s.average_precision == Approx((1.0 + 2.0 / 3 + 3.0 / 10) / 10));

  // A perfect list scores 1 even when the test set is smaller than K.
  const auto perfect = score_list(Items{7, 3}, Items{3, 7}, 10);
  CHECK(perfect.ndcg == Approx(1.0));
  CHECK(perfect.average_precision == Approx(1.0));
  CHECK(perfect.precision == Approx(0.2));
  CHECK(perfect.recall == Approx(1.0));
}

TEST_CASE("a repeated item counts once and an empty test set scores zero", "[ml][rec_eval]") {
  const auto s = score_list(Items{4, 4, 8}, Items{4}, 3);
  CHECK(s.hits == 1);
  CHECK(s.precision == Approx(1.0 / 3));
  CHECK(s.ndcg == Approx(1.0));
  const auto none = score_list(Items{1, 2}, Items{}, 10);
  CHECK(none.hits == 0);
  CHECK(none.ndcg == 0.0);
  CHECK(score_list(Items{1}, Items{1}, 0).precision == 0.0);
}

TEST_CASE("evaluate averages over users with a test set and measures coverage", "[ml][rec_eval]") {
  const std::vector<Items> ranked{{0, 1}, {5, 6}, {0, 2}};
  const std::vector<Items> test{{1}, {}, {3, 4}};  // user 1 is not evaluated
  const auto m = evaluate(ranked, test, 2, 10);
  CHECK(m.users == 2);
  CHECK(m.test_pairs == 3);
  CHECK(m.precision == Approx((0.5 + 0.0) / 2));
  CHECK(m.recall == Approx((1.0 + 0.0) / 2));
  CHECK(m.ndcg == Approx((d(2) / d(1)) / 2));
  CHECK(m.map == Approx((0.5 / 1) / 2));
  CHECK(m.coverage == Approx(3.0 / 10));  // items 0, 1, 2: user 1's list does not count
}

TEST_CASE("the time split holds out the last tags and all their events", "[ml][rec_eval][split]") {
  // User 0: five tags; tag 4 is first touched last, and touched again (both events leave training).
  // User 1: four tags, stays in training. User 2: six tags, two held out (ceil 1.2); tags 8 and 3 tie at t=50.
  const std::vector<Interaction> events{
      {0, 0, 10, 1}, {0, 1, 20, 1}, {0, 2, 30, 1}, {0, 0, 35, 1}, {0, 3, 40, 1}, {0, 4, 50, 1}, {0, 4, 60, 1},
      {1, 0, 10, 1}, {1, 1, 10, 1}, {1, 2, 10, 1}, {1, 3, 10, 1},
      {2, 5, 10, 1}, {2, 6, 20, 1}, {2, 7, 30, 1}, {2, 9, 40, 1}, {2, 8, 50, 1}, {2, 3, 50, 1}, {2, 5, 55, 1},
  };
  const auto split = time_split(events, SplitOptions{});
  REQUIRE(split.n_users == 3);
  CHECK(split.test[0] == Items{4});
  CHECK(split.test[1].empty());
  CHECK(split.test[2] == Items{3, 8});  // the last two by (time, tag id): 9 @40, then 3 and 8 @50
  CHECK(split.evaluated_users() == 2);
  CHECK(split.test_pairs() == 3);
  CHECK(split.train_events.size() == events.size() - 4);

  const auto u0 = split.training_of(0);
  REQUIRE(u0.size() == 4);
  CHECK(u0[0].item == 0);
  CHECK(u0[0].r == 2.0f);  // two events on tag 0
  CHECK(split.training_of(1).size() == 4);
  CHECK(split.training_of(2).size() == 4);
  CHECK(split.training_of(7).empty());

  // With one tag held out the tie decides: by tag id, 8 is last; a tie rank (e.g. tag names) can put 3 last.
  SplitOptions by_rank;
  by_rank.test_fraction = 0.1;
  CHECK(time_split(events, by_rank).test[2] == Items{8});
  by_rank.tie_rank = {0, 0, 0, 9, 0, 0, 0, 0, 1, 0};
  CHECK(time_split(events, by_rank).test[2] == Items{3});
  by_rank.test_fraction = 0.5;  // ceil(3.0) for user 2, ceil(2.5) for user 0
  CHECK(time_split(events, by_rank).test[2] == Items{3, 8, 9});
  CHECK(time_split(events, by_rank).test[0] == Items{2, 3, 4});
}

TEST_CASE("the validation split is carved from the training part", "[ml][rec_eval][split]") {
  std::vector<Interaction> events;
  for (std::uint32_t t = 0; t < 10; ++t) events.push_back({0, t, 100 + t, 1});  // 10 tags: 2 test, then 2 validation
  const auto split = time_split(events, SplitOptions{});
  CHECK(split.test[0] == Items{8, 9});
  const auto validation = validation_split(split, SplitOptions{});
  CHECK(validation.test[0] == Items{6, 7});  // ceil(0.2 * 8)
  CHECK(validation.train.size() == 6);
  for (const auto& e : validation.train_events) CHECK(e.item < 6);
}

TEST_CASE("aggregate sums weights per user and item", "[ml][rec_eval]") {
  const std::vector<Interaction> events{{1, 2, 0, 1.0f}, {0, 5, 0, 2.0f}, {1, 2, 9, 0.5f}};
  const auto cells = aggregate(events);
  REQUIRE(cells.size() == 2);
  CHECK(cells[0].user == 0);
  CHECK(cells[1].r == 1.5f);
}

TEST_CASE("popularity counts distinct users and breaks ties by tag id or tie rank", "[ml][rec_eval][popularity]") {
  const std::vector<Rating> train{{0, 3, 5}, {1, 3, 1}, {0, 1, 1}, {2, 2, 1}, {1, 0, 1}};
  PopularityRanker pop(train, 5);
  CHECK(pop.count(3) == 2);  // two users, whatever their counts
  CHECK(pop.order() == Items{3, 0, 1, 2, 4});
  CHECK(pop.top(Items{0, 3}, 2) == Items{1, 2});
  CHECK(pop.top(Items{}, 10).size() == 5);
  const std::vector<std::uint32_t> names{4, 3, 0, 9, 1};  // e.g. the rank of each tag's name
  PopularityRanker by_name(train, 5, names);
  CHECK(by_name.order() == Items{3, 2, 1, 0, 4});
}

TEST_CASE("evaluating popularity on a split gives the exact metrics", "[ml][rec_eval][popularity]") {
  // Users 0 and 1 are evaluated (five tags each, the last held out); user 2 only adds popularity to tag 7.
  std::vector<Interaction> events;
  for (std::uint32_t t = 0; t < 5; ++t) events.push_back({0, t, t, 1});      // test: tag 4
  for (std::uint32_t t = 1; t < 6; ++t) events.push_back({1, t, t, 1});      // test: tag 5
  events.push_back({2, 7, 0, 1});
  events.push_back({2, 0, 0, 1});
  const auto split = time_split(events, SplitOptions{});
  REQUIRE(split.test[0] == Items{4});
  REQUIRE(split.test[1] == Items{5});
  // Training popularity: tags 0..3: 0:{0,2} 1:{0,1} 2:{0,1} 3:{0,1} 4:{1} 7:{2}; ties by id.
  const PopularityRanker pop(split.train, 8);
  CHECK(pop.order() == Items{0, 1, 2, 3, 4, 7, 5, 6});
  // User 0 (excluding 0..3): 4, 7, 5 -> hit at rank 1. User 1 (excluding 1..4): 0, 7, 5 -> hit at rank 3.
  const auto m = evaluate(split, pop.ranker(), 3, 8);
  CHECK(m.users == 2);
  CHECK(m.precision == Approx((1.0 / 3 + 1.0 / 3) / 2));
  CHECK(m.recall == Approx(1.0));
  CHECK(m.ndcg == Approx((1.0 + d(3)) / 2));
  CHECK(m.map == Approx((1.0 + 1.0 / 3) / 2));
  CHECK(m.coverage == Approx(4.0 / 8));  // 4, 7, 5 and 0, 7, 5
}

TEST_CASE("the similarity hook ranks by weighted similarity to training items", "[ml][rec_eval][similarity]") {
  // Items 0..5; 0~1 and 2~3 are similar. User 0 trains on 0 (twice) and 2, so 1 outranks 3.
  const std::vector<Interaction> events{{0, 0, 1, 1}, {0, 0, 2, 1}, {0, 2, 3, 1}, {0, 4, 4, 1},
                                        {0, 5, 5, 1}, {0, 1, 6, 1}};
  const auto split = time_split(events, SplitOptions{});
  REQUIRE(split.test[0] == Items{1});
  const auto similar = [](std::uint32_t a, std::uint32_t b) {
    return (a / 2 == b / 2 && a != b) ? 1.0 : 0.0;
  };
  const auto ranker = similarity_ranker(split, 6, similar);
  CHECK(ranker(0, Items{0, 2, 4, 5}, 3) == Items{1, 3});
  const auto m = evaluate(split, ranker, 10, 6);
  CHECK(m.ndcg == Approx(1.0));
}

TEST_CASE("top k orders by score then tie rank and skips excluded items", "[ml][rec_eval]") {
  const std::vector<double> scores{0.5, 2.0, 0.5, 0.5, 3.0};
  CHECK(top_k(scores, Items{4}, 3) == Items{1, 0, 2});
  const std::vector<std::uint32_t> rank{2, 0, 1, 0, 0};
  CHECK(top_k(scores, Items{}, 4, rank) == Items{4, 1, 3, 2});
  CHECK(top_k(scores, Items{0, 1, 2, 3, 4}, 3).empty());
}
