// The small repositories behind Store: Dedup, CommunityRepository, MemberRepository, OutboxRepository,
// BadgeRepository, ActivityRepository, MessageRepository and AuditLog, on a migrated in-memory database.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

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
};

}  // namespace

TEST_CASE("Dedup accepts a key the first time and refuses it afterwards", "[storage][dedup]") {
  Fixture f;
  CHECK(f.store.dedup.first_time("tg:1", t0));
  CHECK_FALSE(f.store.dedup.first_time("tg:1", t0 + 5));
  CHECK(f.store.dedup.first_time("tg:2", t0));
  CHECK(f.store.dedup.first_time("dc:1", t0));
  CHECK(count_rows(*f.db, "processed_event") == 3);
  CHECK(scalar(*f.db, "SELECT at FROM processed_event WHERE key = 'tg:1'") == t0);  // the first time is kept
}

TEST_CASE("Dedup forgets a key whose event was rolled back", "[storage][dedup]") {
  Fixture f;
  {
    ScopedSavepoint sp(f.store.statements(), event_savepoint);
    CHECK(f.store.dedup.first_time("tg:9", t0));
  }  // rolled back
  CHECK(f.store.dedup.first_time("tg:9", t0));
  CHECK_FALSE(f.store.dedup.first_time("tg:9", t0));
}

TEST_CASE("CommunityRepository ensure returns one id per platform and chat", "[storage][community]") {
  Fixture f;
  const auto again = f.store.communities.ensure("telegram", "-1001", "Fans", t0 + 1);
  const auto other_chat = f.store.communities.ensure("telegram", "-1002", "Other", t0);
  const auto other_platform = f.store.communities.ensure("discord", "-1001", "Fans", t0);
  CHECK(again == f.community);
  CHECK(other_chat != f.community);
  CHECK(other_platform != f.community);
  CHECK(other_platform != other_chat);
  CHECK(count_rows(*f.db, "community") == 3);
  CHECK(f.db->execAndGet("SELECT platform || '/' || chat_id || '/' || title FROM community WHERE id = " +
                         std::to_string(f.community)).getString() == "telegram/-1001/Fans");
}

TEST_CASE("CommunityRepository ensure serves repeated calls from its cache", "[storage][community]") {
  Fixture f;
  f.db->exec("UPDATE community SET chat_id = 'moved' WHERE id = " + std::to_string(f.community));
  // The row no longer matches, but the cache still answers without touching the table.
  CHECK(f.store.communities.ensure("telegram", "-1001", "Fans", t0) == f.community);
  CHECK(count_rows(*f.db, "community") == 1);
  f.store.forget_cached();
  const auto fresh = f.store.communities.ensure("telegram", "-1001", "Fans", t0);
  CHECK(fresh != f.community);
  CHECK(count_rows(*f.db, "community") == 2);
}

TEST_CASE("CommunityRepository forget_cached drops an id that a rollback removed", "[storage][community]") {
  Fixture f;
  std::int64_t lost = 0;
  f.db->exec("BEGIN IMMEDIATE");
  lost = f.store.communities.ensure("telegram", "-2002", "New", t0);
  f.db->exec("ROLLBACK");
  REQUIRE(scalar(*f.db, "SELECT count(*) FROM community WHERE id = " + std::to_string(lost)) == 0);
  // Before forgetting, the cache names a row that no longer exists: the hazard forget_cached exists for.
  CHECK(f.store.communities.ensure("telegram", "-2002", "New", t0) == lost);

  f.store.forget_cached();
  const auto id = f.store.communities.ensure("telegram", "-2002", "New", t0);
  CHECK(scalar(*f.db, "SELECT count(*) FROM community WHERE id = " + std::to_string(id) +
                          " AND platform = 'telegram' AND chat_id = '-2002'") == 1);
  // The surviving community's id is found again from the table.
  CHECK(f.store.communities.ensure("telegram", "-1001", "", t0) == f.community);
}

TEST_CASE("CommunityRepository ensure updates the title but never blanks it", "[storage][community]") {
  Fixture f;
  f.store.forget_cached();
  f.store.communities.ensure("telegram", "-1001", "Fans Renamed", t0);
  f.store.forget_cached();
  f.store.communities.ensure("telegram", "-1001", "", t0);
  CHECK(f.db->execAndGet("SELECT title FROM community").getString() == "Fans Renamed");
  CHECK(scalar(*f.db, "SELECT created_at FROM community") == t0);
}

TEST_CASE("MemberRepository touch creates a member with a lower-case username", "[storage][member]") {
  Fixture f;
  const MemberRow m = f.store.members.touch(f.community, "42", "Alice A.", "Alice_Fan", t0);
  CHECK(m.id > 0);
  CHECK(m.community_id == f.community);
  CHECK(m.user_id == "42");
  CHECK(m.display_name == "Alice A.");
  CHECK(m.username == "alice_fan");
  CHECK(m.status == "member");
  CHECK(m.joined_at == t0);
  CHECK(m.points == 0);
  CHECK(m.earned == 0);
  CHECK(m.level == 0);
  CHECK(f.db->execAndGet("SELECT username FROM member").getString() == "alice_fan");
  CHECK(scalar(*f.db, "SELECT last_seen_at FROM member") == t0);
}

TEST_CASE("MemberRepository touch refreshes an existing member", "[storage][member]") {
  Fixture f;
  const MemberRow first = f.store.members.touch(f.community, "42", "Alice", "alice", t0);
  f.store.members.set_status(first.id, "left");
  const MemberRow again = f.store.members.touch(f.community, "42", "Alice Renamed", "ALICE2", t0 + 1000);
  CHECK(again.id == first.id);
  CHECK(again.display_name == "Alice Renamed");
  CHECK(again.username == "alice2");
  CHECK(again.status == "member");
  CHECK(again.joined_at == t0);
  CHECK(count_rows(*f.db, "member") == 1);
  CHECK(scalar(*f.db, "SELECT last_seen_at FROM member") == t0 + 1000);

  // An older event (replayed out of order) does not move last_seen_at back.
  f.store.members.touch(f.community, "42", "Alice Renamed", "alice2", t0);
  CHECK(scalar(*f.db, "SELECT last_seen_at FROM member") == t0 + 1000);
}

TEST_CASE("MemberRepository keeps the same user apart in different communities", "[storage][member]") {
  Fixture f;
  const auto other = f.store.communities.ensure("telegram", "-1002", "Other", t0);
  const MemberRow a = f.store.members.touch(f.community, "42", "Alice", "alice", t0);
  const MemberRow b = f.store.members.touch(other, "42", "Alice", "alice", t0);
  CHECK(a.id != b.id);
  CHECK(f.store.members.by_username(f.community, "alice")->id == a.id);
  CHECK(f.store.members.by_username(other, "alice")->id == b.id);
  CHECK(f.store.members.by_user_id(other, "42")->id == b.id);
}

TEST_CASE("MemberRepository by_username ignores case and never matches an empty username", "[storage][member]") {
  Fixture f;
  const MemberRow alice = f.store.members.touch(f.community, "42", "Alice", "Alice", t0);
  f.store.members.touch(f.community, "43", "No Handle", "", t0);
  REQUIRE(f.store.members.by_username(f.community, "ALICE"));
  CHECK(f.store.members.by_username(f.community, "ALICE")->id == alice.id);
  CHECK(f.store.members.by_username(f.community, "alice")->display_name == "Alice");
  CHECK_FALSE(f.store.members.by_username(f.community, "bob"));
  CHECK_FALSE(f.store.members.by_username(f.community, ""));
  CHECK_FALSE(f.store.members.by_username(f.community + 1000, "alice"));
}

TEST_CASE("MemberRepository lookups by user id and id, and the setters", "[storage][member]") {
  Fixture f;
  const MemberRow m = f.store.members.touch(f.community, "42", "Alice", "alice", t0);
  CHECK_FALSE(f.store.members.by_user_id(f.community, "43"));
  CHECK_FALSE(f.store.members.by_id(m.id + 1));
  f.store.members.set_level(m.id, 3);
  f.store.members.set_status(m.id, "left");
  const auto by_id = f.store.members.by_id(m.id);
  REQUIRE(by_id);
  CHECK(by_id->level == 3);
  CHECK(by_id->status == "left");
  CHECK(f.store.members.by_user_id(f.community, "42")->level == 3);
}

TEST_CASE("OutboxRepository enqueue then pending lists a platform's rows in order", "[storage][outbox]") {
  Fixture f;
  OutboxRow row;
  row.platform = "telegram";
  row.kind = "reply";
  row.chat_id = "-1001";
  row.thread_id = "7";
  row.reply_to = "555";
  row.text = "Alice now has 10 points";
  row.reference = "tg:1";
  row.created_at = t0;
  const auto first = f.store.outbox.enqueue(row);
  row.text = "second";
  row.reference = "tg:2";
  const auto second = f.store.outbox.enqueue(row);
  row.platform = "discord";
  const auto other = f.store.outbox.enqueue(row);
  CHECK(first < second);
  CHECK(second < other);

  const auto pending = f.store.outbox.pending("telegram", 10);
  REQUIRE(pending.size() == 2);
  CHECK(pending[0].id == first);
  CHECK(pending[0].platform == "telegram");
  CHECK(pending[0].kind == "reply");
  CHECK(pending[0].chat_id == "-1001");
  CHECK(pending[0].thread_id == "7");
  CHECK(pending[0].reply_to == "555");
  CHECK(pending[0].text == "Alice now has 10 points");
  CHECK(pending[0].reference == "tg:1");
  CHECK(pending[0].created_at == t0);
  CHECK(pending[0].attempts == 0);
  CHECK(pending[1].id == second);
  CHECK(f.store.outbox.pending("telegram", 1).size() == 1);
  CHECK(f.store.outbox.pending("discord", 10).size() == 1);
  CHECK(f.store.outbox.pending("console", 10).empty());
}

TEST_CASE("OutboxRepository mark_sent and mark_failed take rows out of pending", "[storage][outbox]") {
  Fixture f;
  OutboxRow row;
  row.platform = "telegram";
  row.kind = "reply";
  row.chat_id = "-1001";
  row.text = "hi";
  row.reference = "tg:1";
  row.created_at = t0;
  const auto a = f.store.outbox.enqueue(row);
  const auto b = f.store.outbox.enqueue(row);
  const auto c = f.store.outbox.enqueue(row);

  f.store.outbox.mark_sent({{a, "501"}, {b, ""}}, t0 + 50);
  f.store.outbox.mark_sent({{a, "777"}}, t0 + 99);  // a second report changes nothing
  f.store.outbox.mark_failed(c, "403 Forbidden: bot was kicked");

  CHECK(f.store.outbox.pending("telegram", 10).empty());
  const std::string where_a = " FROM outbox WHERE id = " + std::to_string(a);
  CHECK(f.db->execAndGet("SELECT state" + where_a).getString() == "sent");
  CHECK(scalar(*f.db, "SELECT sent_at" + where_a) == t0 + 50);
  CHECK(scalar(*f.db, "SELECT attempts" + where_a) == 1);
  CHECK(f.db->execAndGet("SELECT state FROM outbox WHERE id = " + std::to_string(b)).getString() == "sent");
  const std::string where_c = " FROM outbox WHERE id = " + std::to_string(c);
  CHECK(f.db->execAndGet("SELECT state" + where_c).getString() == "failed");
  CHECK(f.db->execAndGet("SELECT last_error" + where_c).getString() == "403 Forbidden: bot was kicked");
  CHECK(scalar(*f.db, "SELECT attempts" + where_c) == 1);
  CHECK(f.db->execAndGet("SELECT sent_at" + where_c).isNull());
}

TEST_CASE("BadgeRepository awards a badge once", "[storage][badge]") {
  Fixture f;
  const MemberRow m = f.store.members.touch(f.community, "42", "Alice", "alice", t0);
  CHECK(f.store.badges.award(m.id, "first_message", t0, "tg:1"));
  CHECK_FALSE(f.store.badges.award(m.id, "first_message", t0 + 10, "tg:2"));
  CHECK(f.store.badges.award(m.id, "helper", t0 + 5, "tg:3"));
  const auto badges = f.store.badges.of(m.id);
  REQUIRE(badges.size() == 2);
  CHECK(badges[0] == std::pair<std::string, std::int64_t>{"first_message", t0});  // the first award is kept
  CHECK(badges[1] == std::pair<std::string, std::int64_t>{"helper", t0 + 5});
  CHECK(f.db->execAndGet("SELECT reference FROM member_badge WHERE badge = 'first_message'").getString() == "tg:1");
}

TEST_CASE("BadgeRepository records each level-up", "[storage][badge]") {
  Fixture f;
  const MemberRow m = f.store.members.touch(f.community, "42", "Alice", "alice", t0);
  f.store.badges.record_level_up(m.id, 1, t0, "tg:1");
  f.store.badges.record_level_up(m.id, 2, t0 + 1, "tg:2");
  CHECK(count_rows(*f.db, "level_up") == 2);
  CHECK(scalar(*f.db, "SELECT max(level) FROM level_up WHERE member_id = " + std::to_string(m.id)) == 2);
}

TEST_CASE("ActivityRepository gives a zeroed row until one is saved", "[storage][activity]") {
  Fixture f;
  const MemberRow m = f.store.members.touch(f.community, "42", "Alice", "alice", t0);
  ActivityRow row = f.store.activity.get(m.id, "checkin");
  CHECK(row.member_id == m.id);
  CHECK(row.kind == "checkin");
  CHECK(row.count == 0);
  CHECK(row.streak == 0);
  CHECK(count_rows(*f.db, "member_activity") == 0);

  row.count = 3;
  row.last_award_at = t0;
  row.day = 19'675;
  row.day_points = 15;
  row.streak = 2;
  row.best_streak = 5;
  row.last_text = "helloeveryone";
  f.store.activity.save(row);
  row.count = 4;
  f.store.activity.save(row);  // an upsert, not a second row
  const ActivityRow back = f.store.activity.get(m.id, "checkin");
  CHECK(back.count == 4);
  CHECK(back.last_award_at == t0);
  CHECK(back.day == 19'675);
  CHECK(back.day_points == 15);
  CHECK(back.streak == 2);
  CHECK(back.best_streak == 5);
  CHECK(back.last_text == "helloeveryone");
  CHECK(count_rows(*f.db, "member_activity") == 1);
  CHECK(f.store.activity.get(m.id, "reply").count == 0);
}

TEST_CASE("MessageRepository remembers the first author of a message", "[storage][message]") {
  Fixture f;
  const MemberRow a = f.store.members.touch(f.community, "42", "Alice", "alice", t0);
  const MemberRow b = f.store.members.touch(f.community, "43", "Bob", "bob", t0);
  f.store.messages.remember(f.community, "m1", a.id, t0);
  f.store.messages.remember(f.community, "m1", b.id, t0);  // ignored
  CHECK(f.store.messages.author_of(f.community, "m1") == a.id);
  CHECK_FALSE(f.store.messages.author_of(f.community, "m2"));
}

TEST_CASE("MessageRepository pays a reaction once per message and reacting member", "[storage][message]") {
  Fixture f;
  const MemberRow a = f.store.members.touch(f.community, "42", "Alice", "alice", t0);
  const MemberRow b = f.store.members.touch(f.community, "43", "Bob", "bob", t0);
  CHECK(f.store.messages.first_reaction(f.community, "m1", b.id, t0));
  CHECK_FALSE(f.store.messages.first_reaction(f.community, "m1", b.id, t0 + 5));  // toggled off and on again
  CHECK(f.store.messages.first_reaction(f.community, "m1", a.id, t0));
  CHECK(f.store.messages.first_reaction(f.community, "m2", b.id, t0));
  CHECK(count_rows(*f.db, "reaction_seen") == 3);
}

TEST_CASE("AuditLog records actions with optional actor and target", "[storage][audit]") {
  Fixture f;
  const MemberRow mod = f.store.members.touch(f.community, "1", "Mod", "mod", t0);
  const MemberRow a = f.store.members.touch(f.community, "42", "Alice", "alice", t0);
  f.store.audit.record(AuditEntry{f.community, mod.id, "points.award", a.id, "+10", "tg:1", t0, {}});
  f.store.audit.record(AuditEntry{f.community, std::nullopt, "command.refused", std::nullopt, "", "tg:2", t0, {}});
  CHECK(count_rows(*f.db, "audit_log") == 2);
  CHECK(scalar(*f.db, "SELECT target_id FROM audit_log WHERE reference = 'tg:1'") == a.id);
  CHECK(f.db->execAndGet("SELECT actor_id FROM audit_log WHERE reference = 'tg:2'").isNull());
  CHECK(f.db->execAndGet("SELECT target_id FROM audit_log WHERE reference = 'tg:2'").isNull());
}

TEST_CASE("OutboxRepository keeps every action field and links a presented subject to its sent message",
          "[storage][outbox]") {
  Fixture f;
  OutboxRow row;
  row.platform = "telegram";
  row.kind = "restrict_member";
  row.chat_id = "-1001";
  row.user_id = "42";
  row.until_at = t0 + 3'600'000;
  row.message_id = "9";
  row.callback_id = "cb1";
  row.photo = "reports/week.png";
  row.keyboard = "A\x1f" "a";
  row.reference = "tg:5";
  row.created_at = t0;
  const auto mute = f.store.outbox.enqueue(row);
  auto pending = f.store.outbox.pending("telegram", 10);
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].kind == "restrict_member");
  CHECK(pending[0].user_id == "42");
  CHECK(pending[0].until_at == t0 + 3'600'000);
  CHECK(pending[0].message_id == "9");
  CHECK(pending[0].callback_id == "cb1");
  CHECK(pending[0].photo == "reports/week.png");
  CHECK(pending[0].keyboard == "A\x1f" "a");

  OutboxRow question;
  question.platform = "telegram";
  question.kind = "send_message";
  question.chat_id = "-1001";
  question.text = "Q12";
  question.subject = "question:12";
  question.reference = "tg:6";
  question.created_at = t0;
  const auto q = f.store.outbox.enqueue(question);
  f.store.outbox.mark_sent({{mute, ""}, {q, "3141"}}, t0 + 10);
  CHECK(f.store.outbox.subject_of("telegram", "-1001", "3141") == "question:12");
  CHECK(f.store.outbox.subject_of("telegram", "-1001", "3142").empty());
  CHECK(f.store.outbox.subject_of("telegram", "-1002", "3141").empty());

  // Retention: sent rows go, the subject link stays, pending and failed rows stay.
  const auto waiting = f.store.outbox.enqueue(question);
  const auto refused = f.store.outbox.enqueue(question);
  f.store.outbox.mark_failed(refused, "403");
  CHECK(f.store.outbox.prune_sent(t0 + 1) == 2);
  CHECK(scalar(*f.db, "SELECT count(*) FROM outbox") == 2);
  CHECK(f.store.outbox.pending("telegram", 10).at(0).id == waiting);
  CHECK(f.store.outbox.subject_of("telegram", "-1001", "3141") == "question:12");
}

TEST_CASE("Dedup prune forgets old keys and keeps recent ones", "[storage][dedup]") {
  Fixture f;
  CHECK(f.store.dedup.first_time("tg:1", t0));
  CHECK(f.store.dedup.first_time("tg:2", t0 + 1000));
  CHECK(f.store.dedup.prune(t0 + 1) == 1);
  CHECK(f.store.dedup.first_time("tg:1", t0 + 2000));   // forgotten: would be applied again (beyond redelivery)
  CHECK_FALSE(f.store.dedup.first_time("tg:2", t0 + 2000));
}
