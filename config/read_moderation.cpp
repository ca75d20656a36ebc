// [moderation] (warnings, penalties, the escalation ladder) and [filters] (automatic filters, raid guard).
#include "config/section_readers.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/time.hpp"

namespace fanbase::config {

namespace detail {

namespace {

constexpr std::array<std::string_view, 6> sanction_names{"log", "delete", "warn", "mute", "kick", "ban"};

constexpr std::int64_t max_sanction_ms = 366 * day_ms;  // escalation steps: Telegram's longest timed sanction

void read_filter_rule(TableReader& t, FilterRule& rule) {
  t.read_bool("enabled", rule.enabled);
  if (const auto* node = t.get("action")) {
    t.read_enum("action", rule.action, sanction_names);
    (void)node;
  }
  t.read_int("mute_minutes", rule.mute_minutes, 1, 366 * 24 * 60);
  t.read_ids("exempt_users", rule.exempt_users);
}

}  // namespace

void read_moderation(TableReader t, ModerationConfig& m) {
  t.read_bool("trust_platform_admins", m.trust_platform_admins);
  t.read_string("mod_chat", m.mod_chat, false);
  t.read_int("warn_expire_days", m.warn_expire_days, 0, 3650);
  t.read_int("warn_penalty", m.warn_penalty, 0, 100'000);
  t.read_int("mute_penalty", m.mute_penalty, 0, 100'000);
  t.read_int("ban_penalty", m.ban_penalty, 0, 100'000);
  if (const auto* a = t.array("escalation")) {
    m.escalation.clear();
    std::map<int, std::string> seen;
    for (const auto& [table, element] : tables_of(*a, t.path_of("escalation"), t.problems())) {
      TableReader s(*table, element, t.problems());
      EscalationStep step;
      step.duration_ms = 0;
      if (s.require("warnings") != nullptr) s.read_int("warnings", step.warnings, 1, 100);
      if (const auto* node = s.require("action")) {
        s.read_enum("action", step.action, sanction_names);
        if (step.action != Sanction::mute && step.action != Sanction::kick && step.action != Sanction::ban) {
          t.problems().add(node->source(), s.path_of("action"), "an escalation step must mute, kick or ban");
        }
      }
      s.read_duration("duration", step.duration_ms, minute_ms, max_sanction_ms);
      if (step.action == Sanction::mute && step.duration_ms == 0) {
        t.problems().add(table->source(), s.path_of("duration"), "a mute step needs a duration, e.g. \"24h\"");
      }
      s.finish();
      if (const auto* node = table->get("warnings"); node != nullptr && seen.count(step.warnings)) {
        t.problems().add(node->source(), s.path_of("warnings"),
                         "two steps at " + std::to_string(step.warnings) + " warnings (first: " + seen[step.warnings] + ")");
      }
      seen.emplace(step.warnings, element);
      m.escalation.push_back(step);
    }
    std::sort(m.escalation.begin(), m.escalation.end(),
              [](const EscalationStep& a, const EscalationStep& b) { return a.warnings < b.warnings; });
  }
  t.finish();
}

void read_filters(TableReader t, FiltersConfig& f) {
  t.read_bool("exempt_moderators", f.exempt_moderators);
  t.read_ids("exempt_users", f.exempt_users);
  if (auto s = t.sub_table("blocklist")) {
    read_filter_rule(*s, f.blocklist);
    s->read_strings("words", f.words, true);
    s->read_strings("patterns", f.patterns, true);
    s->finish();
  }
  if (auto s = t.sub_table("links")) {
    read_filter_rule(*s, f.links);
    s->read_strings("allowed_domains", f.allowed_domains, true);
    s->read_int("new_member_hours", f.links_new_member_hours, 0, 24 * 365);
    s->read_bool("block_all", f.links_block_all);
    s->finish();
  }
  if (auto s = t.sub_table("flood")) {
    read_filter_rule(*s, f.flood);
    s->read_int("messages", f.flood_messages, 2, 1000);
    s->read_int("seconds", f.flood_seconds, 1, 3600);
    s->finish();
  }
  if (auto s = t.sub_table("repeat")) {
    read_filter_rule(*s, f.repeat);
    s->read_int("count", f.repeat_count, 2, 100);
    s->read_int("seconds", f.repeat_seconds, 1, 86'400);
    s->finish();
  }
  if (auto s = t.sub_table("mentions")) {
    read_filter_rule(*s, f.mentions);
    s->read_int("max", f.max_mentions, 1, 100);
    s->finish();
  }
  if (auto s = t.sub_table("caps")) {
    read_filter_rule(*s, f.caps);
    s->read_int("min_letters", f.caps_min_letters, 1, 1000);
    s->read_fraction("ratio", f.caps_ratio);
    s->finish();
  }
  if (auto s = t.sub_table("raid")) {
    s->read_bool("enabled", f.raid_enabled);
    s->read_int("joins", f.raid_joins, 2, 10'000);
    s->read_int("seconds", f.raid_seconds, 1, 3600);
    s->read_int("mute_minutes", f.raid_mute_minutes, 1, 366 * 24 * 60);
    s->finish();
  }
  t.finish();
}

}  // namespace detail

const char* to_string(Sanction sanction) noexcept {
  const auto i = static_cast<std::size_t>(sanction);
  return i < detail::sanction_names.size() ? detail::sanction_names[i].data() : "unknown";
}

}  // namespace fanbase::config
