// The command registry as data: every command's typed arguments are well formed (so Discord slash commands can be
// generated from them), every text they name is in the catalogue in both languages, and what is derived from them
// (the router's argument count, the usage line) is what the commands promise. Also the catalogue's "_one" texts.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "bot/core/catalog_texts.hpp"
#include "handlers/core/plural.hpp"
#include "support/bot_harness.hpp"

using namespace fanbase;
using namespace fanbase::handlers;
using fanbase::testing::CommandRegistry;

namespace {

struct Texts {
  std::string en, zh;
};

// Every built-in text by key, as the features list them (the catalogue itself does not say which language has one).
const std::map<std::string, Texts>& builtin_texts() {
  static const std::map<std::string, Texts> all = [] {
    std::map<std::string, Texts> out;
    for (const Feature& f : features()) {
      for (const CatalogText& t : f.texts) out[t.key] = {t.en, t.zh};
    }
    return out;
  }();
  return all;
}

bool in_both_languages(const std::string& key) {
  auto it = builtin_texts().find(key);
  return it != builtin_texts().end() && !it->second.en.empty() && !it->second.zh.empty();
}

// Discord's rule for option names, ^[-_\p{L}\p{N}]{1,32}$, in lower case. Our names are ASCII; a non-ASCII code
// point is let through as a letter (the ASCII checks are the ones that catch typos).
bool valid_option_name(const std::string& name) {
  std::size_t code_points = 0;
  for (unsigned char c : name) {
    if ((c & 0xC0) != 0x80) ++code_points;
    if (c >= 0x80) continue;
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return code_points >= 1 && code_points <= 32;
}

}  // namespace

TEST_CASE("every command declares well-formed typed arguments", "[commands][registry]") {
  CommandRegistry registry;
  const auto& commands = registry.router().commands();
  REQUIRE(commands.size() >= 40);
  for (const CommandSpec& spec : commands) {
    CAPTURE(spec.name);
    CHECK(valid_option_name(spec.name));
    CHECK(in_both_languages(spec.summary_key));
    if (!spec.usage_key.empty()) CHECK(in_both_languages(spec.usage_key));
    std::set<std::string> names;
    bool seen_optional = false;
    for (std::size_t i = 0; i < spec.args.size(); ++i) {
      const ArgSpec& arg = spec.args[i];
      CAPTURE(arg.name, to_string(arg.kind));
      CHECK(std::string(to_string(arg.kind)) != "?");
      CHECK(valid_option_name(arg.name));
      CHECK(names.insert(arg.name).second);
      CHECK(in_both_languages(arg.description_key()));
      // Choices show their words; every other kind shows a placeholder from the catalogue.
      if (arg.kind == ArgKind::choice) {
        CHECK_FALSE(arg.choices.empty());
        for (const auto& word : arg.choices) CHECK_FALSE(word.empty());
      } else {
        CHECK(arg.choices.empty());
        CHECK(in_both_languages(arg.placeholder_key()));
      }
      if (arg.kind != ArgKind::number) CHECK((!arg.min && !arg.max));
      if (arg.min && arg.max) CHECK(*arg.min <= *arg.max);
      if (arg.kind == ArgKind::rest) CHECK(i + 1 == spec.args.size());
      // Optional arguments come after the required ones (a reply or the handler may stand for a required one).
      if (arg.optional) seen_optional = true;
      else CHECK_FALSE(seen_optional);
      CHECK_FALSE((arg.optional && (arg.by_reply || arg.own_refusal)));
      if (arg.by_reply) CHECK((arg.kind == ArgKind::member || arg.kind == ArgKind::number));
    }
  }
}

// What the router counts and /help shows, derived from the typed arguments. The table is what the hand-written
// min_args and usage strings said before the arguments were typed (the derived values were compared with them
// while migrating), so a change to an ArgSpec that changes either shows here.
TEST_CASE("the derived argument counts and English usage lines", "[commands][registry]") {
  struct Row {
    const char* name;
    std::size_t min_args;
    const char* usage;
  };
  const Row rows[] = {
      {"accept", 0, "<answer>"},
      {"announce", 3, "--segment NAME|N text"},
      {"answer", 1, "<question> <text>"},
      {"ask", 1, "<question> [#tag …]"},
      {"askanyway", 1, "<question> [#tag …]"},
      {"award", 2, "@user N reason"},
      {"badges", 0, "[@user]"},
      {"ban", 0, "@user [DURATION] [reason]"},
      {"checkin", 0, ""},
      {"close", 0, "<question>"},
      {"del", 0, "(reply) [reason]"},
      {"digest", 0, "[daily|weekly|off] [HOUR]"},
      {"follow", 1, "<id>"},
      {"help", 0, "[command]"},
      {"history", 0, "[@user]"},
      {"kick", 0, "@user [reason]"},
      {"levels", 0, ""},
      {"modlog", 0, "[@user] [N]"},
      {"mute", 0, "@user DURATION [reason]"},
      {"open", 1, "<id>"},
      {"points", 0, "[@user]"},
      {"post", 1, "add <url> <title> [#tag …] | retire <id>"},
      {"posts", 0, ""},
      {"profile", 0, ""},
      {"question", 0, "<question>"},
      {"questions", 0, "[open|mine|#tag]"},
      {"rank", 0, "[@user]"},
      {"recommend", 0, "[N]"},
      {"report", 0, "(reply) [reason]"},
      {"revoke", 2, "@user N reason"},
      {"segments", 0, "[refresh]"},
      {"top", 0, "[N] [week|month|all]"},
      {"topic", 1, "new <title> [#tag …] | <id> | close|pin|unpin <id>"},
      {"topics", 0, ""},
      {"unban", 0, "@user"},
      {"unfollow", 1, "<id>"},
      {"unmute", 0, "@user"},
      {"unwarn", 0, "@user"},
      {"upvote", 0, "<answer>"},
      {"warn", 0, "@user [reason]"},
      {"warns", 0, "[@user]"},
  };
  CommandRegistry registry;
  CHECK(registry.router().commands().size() == std::size(rows));
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const CommandSpec* spec = registry.router().find(row.name);
    REQUIRE(spec != nullptr);
    CHECK(spec->name == row.name);
    CHECK(spec->min_args() == row.min_args);
    CHECK(usage_text(*spec, registry.catalog(), "en") == row.usage);
  }
}

TEST_CASE("every \"_one\" text has its counted text with the same placeholders", "[catalog][plural]") {
  CHECK(count_key("segments.line", 1) == "segments.line_one");
  CHECK(count_key("segments.line", 0) == "segments.line");
  CHECK(count_key("segments.line", 2) == "segments.line");
  int pairs = 0;
  for (const auto& [key, texts] : builtin_texts()) {
    if (key.size() < 4 || key.compare(key.size() - 4, 4, "_one") != 0) continue;
    CAPTURE(key);
    const std::string base = key.substr(0, key.size() - 4);
    // topics.digest_one / topics.digest_many predate count_key and are chosen by the digest itself.
    auto it = builtin_texts().find(builtin_texts().count(base) ? base : base + "_many");
    REQUIRE(it != builtin_texts().end());
    CHECK(max_placeholder(texts.en) == max_placeholder(it->second.en));
    CHECK(max_placeholder(texts.zh) == max_placeholder(it->second.zh));
    ++pairs;
  }
  CHECK(pairs >= 10);
}
