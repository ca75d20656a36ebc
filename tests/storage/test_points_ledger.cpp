#include <algorithm>
// storage/points_ledger: point_entry rows and the balances kept consistent with them, standings and history.
#include <catch2/catch.hpp>

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include "storage/savepoint.hpp"
#include "storage/store.hpp"
#include "storage_fixtures.hpp"

using namespace fanbase::storage;
using namespace fanbase::storage::testing;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;

struct Fixture {
  std::unique_ptr<SQLite::Database> db = memory_db();
  Store store{*db};
  std::int64_t community = store.communities.ensure("telegram", "-1001", "Fans", t0);
  std::deque<std::string> refs;  // PointsChange holds a pointer to its reference: stable addresses

  MemberRow member(const std::string& user_id, const std::string& name) {
    return store.members.touch(community, user_id, name, name, t0);
  }

  // Applies the change and returns (balance, lifetime points) read back from the member row.
  std::pair<std::int64_t, std::int64_t> apply(std::int64_t member_id, std::int64_t delta, const char* reason,
                                              const std::string& reference, std::int64_t at = t0,
                                              std::optional<std::int64_t> actor = std::nullopt,
                                              bool earned = true, std::int64_t in_community = 0) {
    refs.push_back(reference);
    PointsChange c;
    c.community_id = in_community != 0 ? in_community : community;
    c.member_id = member_id;
    c.delta = delta;
    c.reason = reason;
    c.reference = &refs.back();
    c.actor_id = actor;
    c.note = std::string("note for ") + reference;
    c.at = at;
    c.counts_as_earned = earned;
    store.ledger.apply(c);
    const auto m = store.members.by_id(member_id);
    return {m ? m->points : -1, m ? m->earned : -1};
  }

  // Whether this cause already paid this member for this reason.
  bool has(const std::string& reference, std::int64_t member_id, const char* reason) {
    SQLite::Statement st(*db, "SELECT count(*) FROM point_entry WHERE reference = ?1 AND member_id = ?2 AND reason = ?3");
    st.bind(1, reference);
    st.bind(2, member_id);
    st.bind(3, reason);
    st.executeStep();
    return st.getColumn(0).getInt64() > 0;
  }

  std::int64_t points_of(std::int64_t member_id) {
    return scalar(*db, "SELECT points FROM member WHERE id = " + std::to_string(member_id));
  }
  std::int64_t entry_sum(std::int64_t member_id) {
    return scalar(*db, "SELECT coalesce(sum(delta), 0) FROM point_entry WHERE member_id = " +
                           std::to_string(member_id));
  }
};

}  // namespace

TEST_CASE("PointsLedger apply keeps the balance equal to the sum of entries", "[storage][ledger]") {
  Fixture f;
  const MemberRow a = f.member("1", "alice");
  CHECK(f.apply(a.id, 5, "message", "tg:1") == std::pair<std::int64_t, std::int64_t>{5, 5});
  CHECK(f.apply(a.id, 3, "reply", "tg:2") == std::pair<std::int64_t, std::int64_t>{8, 8});
  CHECK(f.apply(a.id, -6, "redeem", "tg:3", t0, std::nullopt, false) == std::pair<std::int64_t, std::int64_t>{2, 8});
  CHECK(f.apply(a.id, 10, "grant", "tg:4", t0, std::nullopt, false) == std::pair<std::int64_t, std::int64_t>{12, 8});
  CHECK(f.points_of(a.id) == 12);
  CHECK(f.entry_sum(a.id) == 12);
  CHECK(f.store.ledger.sum(a.id) == 12);
  CHECK(scalar(*f.db, "SELECT earned FROM member WHERE id = " + std::to_string(a.id)) == 8);
  CHECK(count_rows(*f.db, "point_entry") == 4);
}

TEST_CASE("PointsLedger apply moves the daily total only when a day is given", "[storage][ledger]") {
  Fixture f;
  const MemberRow a = f.member("1", "alice");
  f.refs.push_back("tg:1");
  PointsChange c;
  c.community_id = f.community;
  c.member_id = a.id;
  c.delta = 5;
  c.reason = "message";
  c.reference = &f.refs.back();
  c.at = t0;
  c.day = 19'675;
  c.day_points = 5;
  f.store.ledger.apply(c);
  auto m = f.store.members.by_id(a.id);
  CHECK(m->day == 19'675);
  CHECK(m->day_points == 5);

  f.apply(a.id, 10, "grant", "tg:2", t0, std::nullopt, false);  // no day: the daily total stays
  m = f.store.members.by_id(a.id);
  CHECK(m->day == 19'675);
  CHECK(m->day_points == 5);
  CHECK(m->points == 15);
}

TEST_CASE("PointsLedger accepts the same cause for another reason or another member", "[storage][ledger]") {
  Fixture f;
  const MemberRow a = f.member("1", "alice");
  const MemberRow b = f.member("2", "bob");
  f.apply(a.id, 5, "message", "tg:1");
  f.apply(a.id, 2, "first_of_day", "tg:1");
  f.apply(b.id, 1, "reaction_received", "tg:1");
  CHECK(f.points_of(a.id) == 7);
  CHECK(f.points_of(b.id) == 1);
  CHECK(count_rows(*f.db, "point_entry") == 3);
}

// SQLite keeps a failed step's error in the statement and SQLiteCpp's reset() rethrows it, so without care the
// *next* apply (a different, valid change) fails when the cache resets the statement.
TEST_CASE("PointsLedger apply works again right after a refused change", "[storage][ledger]") {
  Fixture f;
  const MemberRow a = f.member("1", "alice");
  f.apply(a.id, 5, "message", "tg:1");
  CHECK_THROWS_AS(f.apply(a.id + 100, 5, "message", "tg:2"), SQLite::Exception);  // no such member: foreign key
  CHECK_NOTHROW(f.apply(a.id, 4, "message", "tg:3"));
  CHECK(f.points_of(a.id) == 9);
  CHECK(f.entry_sum(a.id) == 9);
}

TEST_CASE("PointsLedger refuses to take the balance below zero", "[storage][ledger]") {
  Fixture f;
  const MemberRow a = f.member("1", "alice");
  f.apply(a.id, 10, "message", "tg:1");
  {
    ScopedSavepoint effects(f.store.statements(), event_savepoint);  // as the pipeline runs every event
    CHECK_THROWS_AS(f.apply(a.id, -11, "redeem", "tg:2", t0, std::nullopt, false), SQLite::Exception);
  }
  CHECK(f.points_of(a.id) == 10);
  CHECK(f.entry_sum(a.id) == 10);
  CHECK_FALSE(f.has("tg:2", a.id, "redeem"));

  // Spending exactly the balance is allowed, and the next change works.
  CHECK(f.apply(a.id, -10, "redeem", "tg:3", t0, std::nullopt, false).first == 0);
  CHECK(f.apply(a.id, 1, "message", "tg:4").first == 1);
  CHECK(f.points_of(a.id) == f.entry_sum(a.id));
}

TEST_CASE("PointsLedger apply for a member that does not exist is refused", "[storage][ledger]") {
  Fixture f;
  CHECK_THROWS(f.apply(999, 5, "message", "tg:1"));  // foreign key on point_entry.member_id
  CHECK(count_rows(*f.db, "point_entry") == 0);
}

TEST_CASE("PointsLedger top ranks lifetime points with ties by member id", "[storage][ledger]") {
  Fixture f;
  const MemberRow a = f.member("1", "alice");
  const MemberRow b = f.member("2", "bob");
  const MemberRow c = f.member("3", "carol");
  const MemberRow d = f.member("4", "dave");  // never earned: not listed
  f.apply(a.id, 50, "message", "r1");
  f.apply(b.id, 30, "message", "r2");
  f.apply(c.id, 50, "message", "r3");
  f.apply(b.id, 100, "grant", "r4", t0, std::nullopt, false);  // balance only: not lifetime
  f.store.members.set_level(c.id, 2);
  const auto other = f.store.communities.ensure("telegram", "-2", "Other", t0);
  const MemberRow x = f.store.members.touch(other, "1", "alice elsewhere", "alice", t0);
  f.apply(x.id, 500, "message", "r5", t0, std::nullopt, true, other);

  const auto top = f.store.ledger.top(f.community, 10);
  REQUIRE(top.size() == 3);
  CHECK(top[0].member_id == a.id);
  CHECK(top[0].points == 50);
  CHECK(top[0].display_name == "alice");
  CHECK(top[0].username == "alice");
  CHECK(top[1].member_id == c.id);
  CHECK(top[1].level == 2);
  CHECK(top[2].member_id == b.id);
  CHECK(top[2].points == 30);
  (void)d;

  const auto top2 = f.store.ledger.top(f.community, 2);
  REQUIRE(top2.size() == 2);
  CHECK(top2[1].member_id == c.id);
}

TEST_CASE("PointsLedger sums points per member within a time window", "[storage][ledger]") {
  Fixture f;
  const MemberRow a = f.member("1", "alice");
  const MemberRow b = f.member("2", "bob");
  const MemberRow c = f.member("3", "carol");
  const std::int64_t since = t0 + 1'000;
  f.apply(a.id, 100, "message", "old-a", t0);          // before the window
  f.apply(a.id, 5, "message", "new-a", since);          // the window starts inclusive
  f.apply(b.id, 20, "message", "new-b1", since + 10);
  f.apply(b.id, 4, "reply", "new-b2", since + 20);
  f.apply(c.id, 30, "message", "new-c", since + 30);
  f.apply(c.id, -30, "revoke", "rev-c", since + 40, a.id, true);  // net zero: not listed
  const auto other = f.store.communities.ensure("telegram", "-2", "Other", t0);
  const MemberRow x = f.store.members.touch(other, "9", "x", "x", t0);
  f.apply(x.id, 999, "message", "x1", since + 1, std::nullopt, true, other);

  auto sums = f.store.ledger.sums_between(f.community, since, since + 10'000);
  std::sort(sums.begin(), sums.end());
  REQUIRE(sums.size() == 3);
  CHECK(sums[0] == std::pair<std::int64_t, std::int64_t>{a.id, 5});   // the window starts inclusive
  CHECK(sums[1] == std::pair<std::int64_t, std::int64_t>{b.id, 24});
  CHECK(sums[2] == std::pair<std::int64_t, std::int64_t>{c.id, 0});   // net zero is still reported
  CHECK(f.store.ledger.sums_between(f.community, since + 10, since + 20).size() == 1);  // the end is exclusive
  CHECK(f.store.ledger.top(f.community, 1).at(0).member_id == a.id);   // lifetime: alice first
  CHECK(f.store.ledger.standing_of(b.id).display_name == "bob");
}

TEST_CASE("PointsLedger rank_of gives the position and the number of members", "[storage][ledger]") {
  Fixture f;
  const MemberRow a = f.member("1", "alice");
  const MemberRow b = f.member("2", "bob");
  const MemberRow c = f.member("3", "carol");
  const MemberRow d = f.member("4", "dave");
  f.apply(a.id, 10, "message", "r1");
  f.apply(b.id, 30, "message", "r2");
  f.apply(c.id, 10, "message", "r3");
  const auto other = f.store.communities.ensure("telegram", "-2", "Other", t0);
  f.store.members.touch(other, "1", "elsewhere", "e", t0);

  auto rank = [&](const MemberRow& m) { return f.store.ledger.rank_of(*f.store.members.by_id(m.id)); };
  CHECK(rank(b) == std::pair<std::int64_t, std::int64_t>{1, 4});
  CHECK(rank(a) == std::pair<std::int64_t, std::int64_t>{2, 4});  // tie with carol: lower id first
  CHECK(rank(c) == std::pair<std::int64_t, std::int64_t>{3, 4});
  CHECK(rank(d) == std::pair<std::int64_t, std::int64_t>{4, 4});
  // rank_of agrees with top() for the ranked members.
  const auto top = f.store.ledger.top(f.community, 10);
  REQUIRE(top.size() == 3);
  CHECK(top[1].member_id == a.id);
}

TEST_CASE("PointsLedger history lists newest first with the actor's name", "[storage][ledger]") {
  Fixture f;
  const MemberRow mod = f.member("1", "Moderator Mia");
  const MemberRow a = f.member("2", "alice");
  f.apply(a.id, 5, "message", "r1", t0);
  f.apply(a.id, 20, "award", "r2", t0 + 1, mod.id);
  f.apply(a.id, -3, "revoke", "r3", t0 + 2, mod.id);
  f.apply(a.id, 1, "reply", "r4", t0 + 3);
  f.apply(mod.id, 7, "message", "r5", t0 + 4);  // another member's entry

  const auto h = f.store.ledger.history(a.id, 10);
  REQUIRE(h.size() == 4);
  CHECK(h[0].reason == "reply");
  CHECK(h[0].delta == 1);
  CHECK(h[0].actor_name.empty());
  CHECK(h[0].at == t0 + 3);
  CHECK(h[1].reason == "revoke");
  CHECK(h[1].delta == -3);
  CHECK(h[1].actor_name == "Moderator Mia");
  CHECK(h[1].note == "note for r3");
  CHECK(h[2].reason == "award");
  CHECK(h[2].actor_name == "Moderator Mia");
  CHECK(h[3].reason == "message");
  CHECK(h[0].id > h[1].id);
  CHECK(h[1].id > h[2].id);
  CHECK(h[2].id > h[3].id);

  const auto last2 = f.store.ledger.history(a.id, 2);
  REQUIRE(last2.size() == 2);
  CHECK(last2[0].reason == "reply");
  CHECK(last2[1].reason == "revoke");
  CHECK(f.store.ledger.history(a.id + 100, 10).empty());
}
