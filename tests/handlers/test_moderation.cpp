// Stories about moderation: the commands (warn, warns, unwarn, mute, unmute, kick, ban, unban, del, modlog,
// report), the escalation policy, penalties, the mod-chat mirror, platform admins as moderators, and the refusals
// that change nothing.
#include <catch2/catch.hpp>

#include "config/load_config.hpp"
#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
constexpr auto said = &BotHarness::said;
constexpr auto of_kind = &BotHarness::of_kind;
using fanbase::testing::example_config;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// A message replying to `to_user`'s message `to_id` whose text was `to_text`.
Event reply_to(BotHarness& h, const std::string& user, const std::string& text, const std::string& to_id,
               const std::string& to_user, const std::string& to_text) {
  Event ev = h.message(user, text);
  UserInfo author;
  author.id = author.display_name = author.username = to_user;
  ev.reply_to = ReplyTarget{to_id, author, to_text};
  return ev;
}

}  // namespace

TEST_CASE("a warning is recorded with its reason and costs the configured penalty", "[moderation]") {
  BotHarness h;
  for (const char* text : {"the album cover is gorgeous", "who is going to the concert?", "track four, on repeat"}) {
    h.say("bob", text);
    h.clock().advance(2min);
  }
  REQUIRE(h.points("bob") == 3);
  const std::string bob_message = h.last_message_id();
  auto out = h.apply(reply_to(h, "mod", "/warn spoilers without a tag", bob_message, "bob", "the ending is…"));
  CHECK(said(out) == "⚠️ bob was warned: spoilers without a tag. Active warnings: 1; at 3: be muted for 1d.");
  CHECK(h.points("bob") == 0);  // a penalty of 5, but never below 0
  CHECK(h.count("SELECT count(*) FROM warning WHERE reason = 'spoilers without a tag'") == 1);
  CHECK(h.count("SELECT count(*) FROM point_entry WHERE reason = 'penalty' AND delta = -3") == 1);
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action = 'mod.warn' AND excerpt = 'the ending is…'") == 1);
  CHECK(h.points("bob") == h.ledger_sum("bob"));

  // By @mention too, and without a reason.
  CHECK_THAT(said(h.say("owner", "/warn @bob")), StartsWith("⚠️ bob was warned: no reason given. Active warnings: 2;"));
}

TEST_CASE("warnings escalate: three mute for a day, five ban; each step is announced", "[moderation]") {
  BotHarness h;
  h.say("carol", "hi there everyone");
  const std::int64_t t = h.clock().now_ms();
  h.say("mod", "/warn @carol one");
  h.say("mod", "/warn @carol two");
  auto third = h.say("mod", "/warn @carol three");
  auto mutes = of_kind(third, ActionKind::restrict_member);
  REQUIRE(mutes.size() == 1);
  CHECK(mutes[0]->user_id == "carol");
  CHECK(mutes[0]->until_ms == t + 24 * 3'600'000LL);
  CHECK_THAT(said(third), Contains("🔇 carol is muted for 1d: carol reached 3 warnings. three"));
  CHECK(h.count("SELECT count(*) FROM sanction WHERE kind = 'mute'") == 1);
  h.say("mod", "/warn @carol four");
  auto fifth = h.say("mod", "/warn @carol five");
  auto bans = of_kind(fifth, ActionKind::ban_member);
  REQUIRE(bans.size() == 1);
  CHECK(bans[0]->until_ms == 0);  // for good
  CHECK_THAT(said(fifth), Contains("⛔ carol is banned: carol reached 5 warnings. five"));
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action = 'mod.ban' AND actor_id IS NULL") == 1);
}

TEST_CASE("warnings expire and can be withdrawn, /warns shows them to the member and to moderators", "[moderation]") {
  BotHarness h;
  h.say("dave", "hello all, nice to meet you");
  h.say("mod", "/warn @dave off-topic links");
  CHECK_THAT(said(h.say("dave", "/warns")), StartsWith("⚠️ dave: 1 active warning(s)\n"));
  CHECK_THAT(said(h.say("dave", "/warns")), Contains("off-topic links · by mod"));
  CHECK(said(h.say("erin", "/warns @dave")) == "Sorry, /warns @user is for moderators only.");
  CHECK_THAT(said(h.say("mod", "/warns @dave")), StartsWith("⚠️ dave: 1 active warning(s)"));
  CHECK(said(h.say("mod", "/unwarn @dave")) == "dave's latest warning was withdrawn. Active warnings: 0.");
  CHECK(said(h.say("mod", "/unwarn @dave")) == "dave has no active warnings.");
  h.say("mod", "/warn @dave again");
  h.clock().advance(31 * 24h);  // warn_expire_days = 30
  CHECK(said(h.say("dave", "/warns")) == "dave has no active warnings.");
}

TEST_CASE("mute needs a duration in range, unmute lifts it", "[moderation]") {
  BotHarness h;
  h.say("frank", "first words here");
  const auto before = h.count("SELECT count(*) FROM audit_log");
  CHECK(said(h.say("mod", "/mute @frank")) == "How long? e.g. /mute @user 2h reason");
  CHECK(said(h.say("mod", "/mute @frank soon")) ==
        "“soon” is not a duration from 1m to 366d (e.g. 10m, 2h, 3d, 1h30m).");
  CHECK_THAT(said(h.say("mod", "/mute @frank 30s")), StartsWith("“30s” is not a duration"));
  CHECK_THAT(said(h.say("mod", "/mute @frank 400d")), StartsWith("“400d” is not a duration"));
  CHECK(h.count("SELECT count(*) FROM audit_log") == before);  // refusals change nothing
  CHECK(h.count("SELECT count(*) FROM sanction") == 0);

  const std::int64_t t = h.clock().now_ms();
  auto out = h.say("mod", "/mute @frank 1h30m shouting");
  auto mutes = of_kind(out, ActionKind::restrict_member);
  REQUIRE(mutes.size() == 1);
  CHECK(mutes[0]->until_ms == t + 90 * 60'000);
  CHECK(said(out) == "🔇 frank is muted for 1h 30m: shouting");
  auto lifted = h.say("mod", "/unmute @frank");
  CHECK(of_kind(lifted, ActionKind::unrestrict_member).size() == 1);
  CHECK(said(lifted) == "🔊 frank can speak again.");
  CHECK(h.count("SELECT count(*) FROM sanction") == 0);
}

TEST_CASE("kick removes and lets back in, ban for a while or for good, unban lifts", "[moderation]") {
  BotHarness h;
  h.say("gina", "hello from gina");
  auto kick = h.say("mod", "/kick @gina trolling");
  REQUIRE(kick.actions.size() >= 3);
  CHECK(kick.actions[0].kind == ActionKind::ban_member);  // ban then unban, in this order
  CHECK(kick.actions[1].kind == ActionKind::unban_member);
  CHECK(said(kick) == "👢 gina was removed from the group: trolling");

  const std::int64_t t = h.clock().now_ms();
  auto temp = h.say("mod", "/ban @gina 3d scam links");
  REQUIRE(of_kind(temp, ActionKind::ban_member).size() == 1);
  CHECK(of_kind(temp, ActionKind::ban_member)[0]->until_ms == t + 3 * 86'400'000LL);
  CHECK(said(temp) == "⛔ gina is banned for 3d: scam links");
  auto forever = h.say("owner", "/ban @gina spam bot");
  CHECK(of_kind(forever, ActionKind::ban_member)[0]->until_ms == 0);
  CHECK(said(forever) == "⛔ gina is banned: spam bot");
  auto unban = h.say("mod", "/unban @gina");
  CHECK(of_kind(unban, ActionKind::unban_member).size() == 1);
  CHECK(said(unban) == "gina is no longer banned.");
}

TEST_CASE("moderators and owners cannot be targeted, members cannot moderate, a target is required", "[moderation]") {
  BotHarness h;
  h.say("mod", "hello, I moderate here");
  h.say("hank", "hello, I am new");
  CHECK(said(h.say("owner", "/ban @mod")) == "mod is a moderator or owner: moderation does not apply to them.");
  CHECK(said(h.say("mod", "/mute @owner 1h")) == "owner is a moderator or owner: moderation does not apply to them.");
  CHECK(said(h.say("hank", "/warn @mod")) == "Sorry, /warn is for moderators only.");
  CHECK(said(h.say("mod", "/warn")) == "Name a member (@username) or reply to their message.");
  CHECK(said(h.say("mod", "/kick @nobody")) == "I don't know @nobody in this community yet.");
  CHECK(h.count("SELECT count(*) FROM warning") == 0);
  CHECK(h.count("SELECT count(*) FROM sanction") == 0);
}

TEST_CASE("/del deletes the replied message and the command, /report tells the moderators", "[moderation]") {
  BotHarness h(example_config({}, {{"mod_chat = \"\"", "mod_chat = \"mods\""}}));
  h.say("ivy", "a message that breaks the rules");
  const std::string bad = h.last_message_id();
  CHECK(said(h.say("mod", "/del")) == "Reply to the message you want to delete with /del.");
  auto del = h.apply(reply_to(h, "mod", "/del", bad, "ivy", "a message that breaks the rules"));
  auto deletes = of_kind(del, ActionKind::delete_message);
  REQUIRE(deletes.size() == 2);
  CHECK(deletes[0]->message_id == bad);
  CHECK(deletes[1]->message_id == h.last_message_id());

  CHECK(said(h.say("jack", "/report")) == "Reply to the message you want to report with /report.");
  auto report = h.apply(reply_to(h, "jack", "/report scam", bad, "ivy", "send me crypto"));
  const auto sent = of_kind(report, ActionKind::send_message);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]->chat_id == "mods");  // mirrored to the moderators' chat
  CHECK(sent[0]->text == "📋 Fan Club · 🚩 jack reported a message by ivy.\n“send me crypto”");
  CHECK(sent[1]->text == "Thanks, jack: the moderators have been told.");
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action = 'mod.report' AND excerpt = 'send me crypto'") == 1);
}

TEST_CASE("/modlog lists the latest entries, of everyone or one member", "[moderation]") {
  BotHarness h;
  h.say("kim", "hi");
  h.say("lee", "hi");
  h.say("mod", "/warn @kim spam");
  h.say("mod", "/mute @lee 10m noise");
  auto all = said(h.say("mod", "/modlog"));
  CHECK_THAT(all, StartsWith("📋 Moderation log (2)\n#"));
  CHECK(all.find("mute · 10m noise") < all.find("warn · spam"));  // newest first, actions named in words
  CHECK(all.find("mod.") == std::string::npos);
  auto kim = said(h.say("mod", "/modlog @kim 5"));
  CHECK_THAT(kim, StartsWith("📋 Moderation log (kim)"));
  CHECK(kim.find("lee") == std::string::npos);
  CHECK_THAT(said(h.say("mod", "/modlog 500")), Contains("50"));  // out of range: the allowed range is named
  CHECK(said(h.say("kim", "/modlog")) == "Sorry, /modlog is for moderators only.");
}

TEST_CASE("a platform administrator moderates when trusted, and not otherwise", "[moderation]") {
  for (const bool trusted : {true, false}) {
    BotHarness h(example_config({}, {{"trust_platform_admins = true",
                                      trusted ? "trust_platform_admins = true" : "trust_platform_admins = false"}}));
    h.say("nina", "hello everybody");
    Event promoted = h.message("owner", "");
    promoted.kind = EventKind::member_updated;
    UserInfo admin;
    admin.id = admin.display_name = admin.username = "olga";
    admin.admin = true;
    promoted.subjects = {admin};
    h.apply(promoted);
    auto out = h.say("olga", "/warn @nina spam");
    if (trusted) {
      CHECK_THAT(said(out), StartsWith("⚠️ nina was warned: spam."));
      CHECK(said(h.say("mod", "/ban @olga")) == "olga is a moderator or owner: moderation does not apply to them.");
    } else {
      CHECK(said(out) == "Sorry, /warn is for moderators only.");
    }
    // Demoted: a member again.
    admin.admin = false;
    promoted.subjects = {admin};
    promoted.key += ":demoted";
    h.apply(promoted);
    CHECK(said(h.say("olga", "/warn @nina spam")) == "Sorry, /warn is for moderators only.");
  }
}

TEST_CASE("moderation replies follow the community's language", "[moderation]") {
  BotHarness h(example_config("[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n"));
  h.say("pat", "大家好");
  CHECK(said(h.say("mod", "/mute @pat 2h 刷屏")) == "🔇 pat 被禁言 2h：刷屏");
  CHECK(said(h.say("mod", "/mute @pat 两小时")) == "“两小时”不是 1m 到 366d 之间的时长（例如 10m、2h、3d、1h30m）。");
}

TEST_CASE("Chinese communities type durations in Chinese units", "[moderation]") {
  BotHarness h(example_config("[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n"));
  h.say("pat", "大家好");
  CHECK(said(h.say("mod", "/mute @pat 2小时 刷屏")) == "🔇 pat 被禁言 2h：刷屏");
  CHECK(said(h.say("mod", "/unmute @pat")) != "");
  CHECK(said(h.say("mod", "/mute @pat 1小时30分钟 刷屏")) == "🔇 pat 被禁言 1h 30m：刷屏");
  auto ban = h.say("mod", "/ban @pat 3天 广告");
  CHECK(of_kind(ban, ActionKind::ban_member).size() == 1);
}

TEST_CASE("a mistyped ban duration is refused, never read as a reason", "[moderation]") {
  BotHarness h;
  h.say("quinn", "hello hello");
  for (const char* cmd : {"/ban @quinn 10x spamming", "/ban @quinn 30 spamming", "/ban @quinn 3年 广告"}) {
    CAPTURE(cmd);
    CHECK_THAT(said(h.say("mod", cmd)), StartsWith("“"));
  }
  CHECK(h.count("SELECT count(*) FROM sanction") == 0);
  CHECK(of_kind(h.say("mod", "/ban @quinn spamming"), ActionKind::ban_member).size() == 1);
}

TEST_CASE("unmute and unban say so when there is nothing to lift", "[moderation]") {
  BotHarness h;
  h.say("rita", "hi all");
  auto unmute = h.say("mod", "/unmute @rita");
  CHECK(said(unmute) == "rita is not muted by me.");
  CHECK(of_kind(unmute, ActionKind::unrestrict_member).empty());
  CHECK(said(h.say("mod", "/unban @rita")) == "rita is not banned by me.");
  CHECK(h.count("SELECT count(*) FROM audit_log") == 0);
}

TEST_CASE("mute and ban penalties are taken through the ledger and named in zh history", "[moderation]") {
  BotHarness h(example_config("[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n",
                              {{"mute_penalty = 0", "mute_penalty = 2"}}));
  h.say("sam", "第一条消息，大家好");
  h.clock().advance(2min);
  h.say("sam", "第二条消息，今天的演唱会太棒了");
  const std::int64_t before = h.points("sam");
  REQUIRE(before >= 2);
  h.say("mod", "/mute @sam 1h 刷屏");
  CHECK(h.points("sam") == before - 2);
  CHECK(h.points("sam") == h.ledger_sum("sam"));
  CHECK_THAT(said(h.say("sam", "/history")), Contains("-2 处罚 — 禁言：刷屏（mod）"));
}

TEST_CASE("/help lists the moderation commands for moderators only", "[moderation]") {
  BotHarness h;
  const std::string member = said(h.say("tom", "/help"));
  CHECK_THAT(member, Contains("/warns [@user]"));
  CHECK_THAT(member, Contains("/report (reply)"));
  CHECK(member.find("/ban ") == std::string::npos);
  const std::string mod = said(h.say("mod", "/help"));
  for (const char* c : {"/warn @user", "/mute @user DURATION", "/kick @user", "/ban @user", "/unban @user", "/del ",
                        "/modlog "}) {
    CHECK_THAT(mod, Contains(c));
  }
}

TEST_CASE("a member can file five reports an hour, then is asked to wait", "[moderation]") {
  BotHarness h;
  h.say("ursa", "hello hello");
  const std::string bad = h.last_message_id();
  for (int i = 0; i < 5; ++i) {
    CHECK_THAT(said(h.apply(reply_to(h, "vic", "/report", bad, "ursa", "spam"))), Contains("the moderators have been told"));
  }
  CHECK_THAT(said(h.apply(reply_to(h, "vic", "/report", bad, "ursa", "spam"))), StartsWith("You have sent 5 reports"));
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action = 'mod.report'") == 5);
  h.clock().advance(61min);
  CHECK_THAT(said(h.apply(reply_to(h, "vic", "/report", bad, "ursa", "spam"))), Contains("the moderators have been told"));
}
