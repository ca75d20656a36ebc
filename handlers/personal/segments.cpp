#include "handlers/personal/segments.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <numeric>
#include <sstream>

#include "base/log.hpp"
#include "base/text.hpp"
#include "base/time.hpp"
#include "handlers/core/plural.hpp"
#include "handlers/points/incentives.hpp"
#include "ml/kmeans.hpp"

namespace fanbase::handlers {
namespace {


// The features, their names in the stored summary, and their weight in the engagement score (z-score units).
struct FeatureSpec {
  const char* key;
  double engagement;
};
constexpr FeatureSpec feature_specs[] = {
    {"seen_days", -1.0},   {"msgs_per_day", 1.0}, {"points", 1.0},      {"messages", 1.0},     {"answers", 1.0},
    {"accepted", 1.0},     {"topics", 0.5},       {"streak", 0.5},      {"member_days", 0.0},
};
constexpr std::size_t feature_count = std::size(feature_specs);

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, std::fabs(v) >= 10 || v == std::floor(v) ? "%.0f" : "%.1f", v);
  return buf;
}

// "points=1200;messages=340;…" → value of `key` (0 when absent).
double centroid_value(const std::string& centroid, const std::string& key) {
  std::istringstream in(centroid);
  std::string part;
  while (std::getline(in, part, ';')) {
    const auto eq = part.find('=');
    if (eq != std::string::npos && part.compare(0, eq, key) == 0) return std::atof(part.c_str() + eq + 1);
  }
  return 0;
}

std::string segment_label(Services& s, const Turn& turn, const std::string& segment) {
  const std::string key = "segment.name." + segment;
  if (s.catalog.has(key)) return s.text(turn, key);
  if (segment.rfind("segment ", 0) == 0) return s.text(turn, "segment.name.numbered", {segment.substr(8)});  // k != 3
  return segment;
}

// Owners and moderators (the config's, and the platform's administrators when the config trusts them) run the
// community; they are not its audience, so they are neither segmented nor announced to.
bool is_staff(const Services& s, const std::optional<storage::CommunityChat>& chat, const std::string& user_id,
              bool platform_admin) {
  if (platform_admin && s.config.moderation.trust_platform_admins) return true;
  return chat && s.communities.role_of(chat->platform, chat->chat_id, user_id) >= Role::moderator;
}

// Whole days: a feature must not tell apart members whose activity is the same but who spoke a few seconds
// apart (standardising would blow such a difference up to a whole segment's worth).
double whole_days(std::int64_t ms) { return std::floor(static_cast<double>(std::max<std::int64_t>(0, ms)) / day_ms); }

// The members /segments counts and /announce reaches: the segment's stored members still in the community and
// not staff today, in member order. Both commands read this, so the count shown is the count sent.
std::vector<std::string> audience(Services& s, std::int64_t community_id, const std::string& segment) {
  const auto chat = s.store.segments.chat_of(community_id);
  std::vector<std::string> out;
  for (auto& m : s.store.segments.members_in(community_id, segment)) {
    if (!is_staff(s, chat, m.user_id, m.platform_admin)) out.push_back(std::move(m.user_id));
  }
  return out;
}

std::string stamp(Services& s, std::int64_t at_ms) {
  const std::time_t secs = static_cast<std::time_t>(local_ms(at_ms, s.config.bot.utc_offset_minutes) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[24];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

}  // namespace

std::size_t compute_segments(Services& services, std::int64_t community_id, std::int64_t at) {
  auto& repo = services.store.segments;
  const auto chat = repo.chat_of(community_id);
  auto members = repo.features(community_id);
  std::erase_if(members, [&](const storage::MemberFeatures& m) {
    return is_staff(services, chat, m.user_id, m.platform_admin);
  });
  if (members.empty()) {
    repo.replace(community_id, {}, {}, at);  // nobody left to segment: no stale segments either
    return 0;
  }
  using Row = std::array<double, feature_count>;
  std::vector<Row> rows;
  rows.reserve(members.size());
  for (const auto& m : members) {
    const double member_days = std::max(1.0, whole_days(at - m.joined_at));
    rows.push_back({
        whole_days(at - m.last_seen_at),
        static_cast<double>(m.messages) / member_days,
        static_cast<double>(m.earned),
        static_cast<double>(m.messages),
        static_cast<double>(m.answers),
        static_cast<double>(m.accepted_answers),
        static_cast<double>(m.topics_followed),
        static_cast<double>(m.checkin_streak),
        member_days,
    });
  }
  // A canonical order (by features, then user id) rather than member ids: the same community gives the same
  // segments whatever order its members joined in, and k-means' seeded start sees the same rows.
  std::vector<std::size_t> order(members.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (rows[a] != rows[b]) return rows[a] < rows[b];
    return members[a].user_id < members[b].user_id;
  });
  Eigen::MatrixXd x(static_cast<Eigen::Index>(members.size()), static_cast<Eigen::Index>(feature_count));
  for (std::size_t r = 0; r < order.size(); ++r) {
    for (std::size_t c = 0; c < feature_count; ++c) {
      x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = rows[order[r]][c];
    }
  }
  ml::SegmentOptions options;
  options.kmeans.k = static_cast<std::size_t>(services.config.segments.k);
  options.kmeans.restarts = static_cast<std::size_t>(services.config.segments.restarts);
  options.pca_components = static_cast<std::size_t>(services.config.segments.pca_components);
  const ml::Segmentation seg = ml::segment(x, options);
  Eigen::VectorXd weights(static_cast<Eigen::Index>(feature_count));
  for (std::size_t c = 0; c < feature_count; ++c) weights(static_cast<Eigen::Index>(c)) = feature_specs[c].engagement;
  const auto labels = ml::label_segments(seg.centroids_z, weights);

  std::vector<std::pair<std::int64_t, std::string>> assignments;
  assignments.reserve(members.size());
  for (std::size_t r = 0; r < order.size(); ++r) {
    assignments.emplace_back(members[order[r]].member_id, labels[seg.fit.assignment[r]].name);
  }
  std::vector<storage::SegmentSummary> summaries;
  for (std::size_t c = 0; c < labels.size(); ++c) {
    std::string centroid;
    for (std::size_t f = 0; f < feature_count; ++f) {
      if (!centroid.empty()) centroid += ';';
      centroid += std::string(feature_specs[f].key) + "=" +
                  number(seg.centroids_original(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(f)));
    }
    summaries.push_back({labels[c].name, static_cast<int>(labels[c].rank) + 1,
                         static_cast<std::int64_t>(seg.fit.sizes[c]), centroid, at});
  }
  std::sort(summaries.begin(), summaries.end(), [](const auto& a, const auto& b) { return a.rank < b.rank; });
  repo.replace(community_id, assignments, summaries, at);
  log::info("segments.computed", {{"community", std::to_string(community_id)},
                                  {"members", std::to_string(members.size())},
                                  {"segments", std::to_string(summaries.size())}});
  return members.size();
}

void refresh_segments(Services& services_, Turn& turn) {
  const Event& ev = turn.event;
  const std::int64_t every = std::int64_t{services_.config.segments.refresh_hours} * hour_ms;
  auto& repo = services_.store.segments;
  for (std::int64_t community : repo.communities(ev.platform)) {
    const std::int64_t last = repo.computed_at(community);
    if (last != 0 && ev.at_ms - last < every) continue;
    compute_segments(services_, community, ev.at_ms);
  }
}

namespace {

void profile(CommandContext& ctx) {
  Services& s = ctx.services;
  Turn& turn = ctx.turn;
  const storage::MemberRow& m = turn.member;
  const auto segment = s.store.segments.segment_of(turn.community_id, m.id);
  const int level = s.incentives.level_for(m.earned);
  std::string text = s.text(turn, "profile.head",
                            {display_name(m), segment ? segment_label(s, turn, *segment) : s.text(turn, "profile.no_segment"),
                             std::to_string(level + 1), s.incentives.level(level).title_in(turn.language), std::to_string(m.earned),
                             std::to_string(m.points)});
  if (level + 1 < s.incentives.level_count()) {
    const auto& next = s.incentives.level(level + 1);
    text += "\n" + s.text(turn, "profile.next", {std::to_string(next.threshold - m.earned), std::to_string(level + 2),
                                                 next.title_in(turn.language)});
  }
  // Interests: the tags of what the member engaged with, most frequent first.
  std::map<std::string, int> counts;
  for (const std::string& tags : s.store.segments.interest_tags(m.id, 200)) {
    std::istringstream in(tags);
    std::string tag;
    while (in >> tag) ++counts[tag];
  }
  std::vector<std::pair<std::string, int>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string interests;
  for (std::size_t i = 0; i < ranked.size() && i < 5; ++i) interests += (i ? " #" : "#") + ranked[i].first;
  text += "\n" + (interests.empty() ? s.text(turn, "profile.no_interests") : s.text(turn, "profile.interests", {interests}));
  turn.reply(std::move(text));
}

// The stored summaries, computed first when there are none yet (or now, when `refresh`).
std::vector<storage::SegmentSummary> current_summaries(CommandContext& ctx, bool refresh) {
  Services& s = ctx.services;
  auto summaries = s.store.segments.summaries(ctx.turn.community_id);
  if ((refresh || summaries.empty()) && compute_segments(s, ctx.turn.community_id, ctx.event().at_ms) > 0) {
    summaries = s.store.segments.summaries(ctx.turn.community_id);
  } else if (refresh) {
    summaries.clear();
  }
  return summaries;
}

// "/segments" shows the stored segments; "/segments refresh" recomputes them first (the tick recomputes them
// every [segments].refresh_hours). Sizes are counted as /announce counts its recipients.
void segments(CommandContext& ctx) {
  Services& s = ctx.services;
  Turn& turn = ctx.turn;
  const bool refresh = !ctx.args().empty() && text::lower_ascii(ctx.args()[0]) == "refresh";
  if (!ctx.args().empty() && !refresh) return ctx.usage();
  const auto summaries = current_summaries(ctx, refresh);
  if (summaries.empty()) return ctx.say("segments.none");
  std::vector<std::int64_t> sizes;
  std::int64_t total = 0;
  for (const auto& x : summaries) {
    sizes.push_back(static_cast<std::int64_t>(audience(s, turn.community_id, x.segment).size()));
    total += sizes.back();
  }
  std::string text = s.text(turn, count_key("segments.header", total), {stamp(s, summaries[0].computed_at), std::to_string(total)});
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    const auto& x = summaries[i];
    text += "\n" + s.text(turn, count_key("segments.line", sizes[i]),
                          {std::to_string(x.rank), segment_label(s, turn, x.segment), std::to_string(sizes[i]),
                           number(centroid_value(x.centroid, "points")), number(centroid_value(x.centroid, "messages")),
                           number(centroid_value(x.centroid, "answers")),
                           number(centroid_value(x.centroid, "seen_days")),
                           number(centroid_value(x.centroid, "streak"))});
  }
  text += "\n" + s.text(turn, "segments.footer");
  turn.reply(std::move(text));
}

void announce(CommandContext& ctx) {
  Services& s = ctx.services;
  Turn& turn = ctx.turn;
  const auto& args = ctx.args();
  if (args.size() < 3 || args[0] != "--segment") return ctx.usage();
  const std::string wanted = args[1];
  const auto summaries = current_summaries(ctx, false);
  const storage::SegmentSummary* found = nullptr;
  for (const auto& x : summaries) {
    if (x.segment == wanted || std::to_string(x.rank) == wanted || segment_label(s, turn, x.segment) == wanted) {
      found = &x;
    }
  }
  if (found == nullptr) {
    std::string names;
    for (const auto& x : summaries) names += (names.empty() ? "" : ", ") + x.segment;
    return ctx.say(summaries.empty() ? "segments.none" : "announce.unknown_segment",
                   {std::string(text::prefix_codepoints(wanted, 40)), names});
  }
  // The message as typed (line breaks kept): everything after the segment's name, past its closing quote when
  // it was quoted.
  std::string message(ctx.command.raw_after(ctx.event().text, 1));
  if (message.empty()) message = ctx.command.rest_from(2);
  const auto members = audience(s, turn.community_id, found->segment);
  for (const std::string& user_id : members) {
    turn.direct(ctx.event().platform, user_id,
                s.text(turn, "announce.message",
                       {ctx.event().chat_title.empty() ? ctx.event().chat_id : ctx.event().chat_title, message}));
  }
  s.store.audit.record({turn.community_id, turn.member.id, "announce", std::nullopt,
                        found->segment + ": " + message, ctx.event().key, ctx.event().at_ms, {}});
  const auto sent = static_cast<std::int64_t>(members.size());
  ctx.say(count_key("announce.sent", sent), {std::to_string(sent), segment_label(s, turn, found->segment)});
}

}  // namespace

void register_segment_commands(CommandRouter& router) {
  router.add({.name = "profile", .aliases = {"me"}, .summary_key = "cmd.profile.summary", .run = profile});
  router.add({.name = "segments",
              .min_role = Role::owner,
              .args = {{.name = "action", .kind = ArgKind::choice, .optional = true, .choices = {"refresh"},
                        .about_key = "arg.segments_action.about"}},
              .summary_key = "cmd.segments.summary",
              .run = segments});
  // "--segment NAME|N text": the flag is a one-word choice, so the count matches what the handler reads.
  router.add({.name = "announce",
              .min_role = Role::owner,
              .args = {{.name = "by", .kind = ArgKind::choice, .choices = {"--segment"}},
                       {.name = "segment", .kind = ArgKind::text},
                       {.name = "text", .kind = ArgKind::rest, .about_key = "arg.announce_text.about"}},
              .usage_key = "usage.announce",
              .summary_key = "cmd.announce.summary",
              .run = announce});
}

}  // namespace fanbase::handlers
