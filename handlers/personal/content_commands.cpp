#include "handlers/personal/content_commands.hpp"

#include <algorithm>

#include "base/text.hpp"
#include "handlers/core/args.hpp"
#include "handlers/core/tags.hpp"
#include "handlers/personal/content_catalog.hpp"
#include "handlers/qa/qa_posting.hpp"
#include "handlers/personal/recommender.hpp"

namespace fanbase::handlers {

namespace {

constexpr std::size_t max_title = 200;
constexpr std::size_t max_tags = 10;
constexpr std::size_t max_tag_length = 32;
constexpr std::size_t max_url = 500;
constexpr int listed_posts = 10;
constexpr int max_picks = 10;
constexpr int default_picks = 5;

// "12" or "#12" → 12, else a refusal naming the text.
Result<std::int64_t> parse_item_id(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '#') digits.remove_prefix(1);
  auto id = parse_amount(digits, 1, std::numeric_limits<std::int64_t>::max());
  if (!id) return user_error(Errc::bad_input, "posts.bad_id", {std::string(text::prefix_codepoints(text, 32))});
  return id;
}

// The number a member sees for an item is the thing's own, the same everywhere: a topic's "#3" (as /topics,
// /topic and /follow show and take it), a question's "Q7" (as Q&A does), an owner's post "P12".
std::string item_ref(Services& services, const storage::ContentItem& item) {
  if (item.kind == "topic" && item.ref_id) return "#" + std::to_string(*item.ref_id);
  if (item.kind == "question" && item.ref_id) {
    if (const auto q = services.store.qa.question_by_id(*item.ref_id)) return "Q" + std::to_string(q->number);
  }
  return "P" + std::to_string(item.id);
}

// What a member types for an item, as item_ref() shows it: "#3" or "3" (a topic, as /follow takes it), "Q7",
// "P12". nullopt: no such live item here; a refusal: not an item number at all.
Result<std::optional<storage::ContentItem>> item_at(Services& services, const Turn& turn, std::string_view text) {
  char kind = 't';
  std::string_view digits = text;
  if (!digits.empty() && (digits.front() == 'q' || digits.front() == 'Q')) kind = 'q';
  if (!digits.empty() && (digits.front() == 'p' || digits.front() == 'P')) kind = 'p';
  if (kind != 't') digits.remove_prefix(1);
  const auto n = parse_item_id(digits);
  if (!n) return user_error(Errc::bad_input, "posts.bad_id", {std::string(text::prefix_codepoints(text, 32))});
  std::optional<storage::ContentItem> item;
  auto& content = services.store.content;
  if (kind == 'p') {
    item = content.by_id(*n);
    if (item && item->kind != "post") item.reset();
  } else if (kind == 'q') {
    if (const auto q = services.store.qa.question(turn.community_id, *n)) item = content.by_ref(turn.community_id, "question", q->id);
  } else {
    item = content.by_ref(turn.community_id, "topic", *n);
  }
  if (!item || item->community_id != turn.community_id || item->retired_at) return std::optional<storage::ContentItem>{};
  return item;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

const char* kind_mark(const std::string& kind) {
  if (kind == "topic") return "🗣";
  if (kind == "question") return "❓";
  return "🔗";
}

std::string shown(const std::string& stored_tags) {
  std::string out;
  std::size_t start = 0;
  while (start < stored_tags.size()) {
    auto end = stored_tags.find(' ', start);
    if (end == std::string::npos) end = stored_tags.size();
    if (end > start) out += " #" + stored_tags.substr(start, end - start);
    start = end + 1;
  }
  return out;
}

// Where a member finds the item: the post's link, "/topic 3", "/question 7".
std::string where(Services& services, const storage::ContentItem& item) {
  if (item.kind == "topic" && item.ref_id) return "/topic " + std::to_string(*item.ref_id);
  if (item.kind == "question" && item.ref_id) {
    if (const auto q = services.store.qa.question_by_id(*item.ref_id)) return "/question " + std::to_string(q->number);
  }
  return item.url;
}

// The live item of this community with the given id.
std::optional<storage::ContentItem> live_item(Services& services, const Turn& turn, std::int64_t id) {
  auto item = services.store.content.by_id(id);
  if (!item || item->community_id != turn.community_id || item->retired_at) return std::nullopt;
  return item;
}

// A link as compared for duplicates: scheme and host in lower case, no "#fragment", no trailing '/'
// ("HTTPS://Example.com/news/" and "https://example.com/news" are one post; paths and queries keep their case).
std::string comparable_url(std::string_view url) {
  if (const auto hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  const auto scheme_end = url.find("://");
  const auto host_end = scheme_end == std::string_view::npos ? 0 : url.find('/', scheme_end + 3);
  const std::size_t lower_until = host_end == std::string_view::npos ? url.size() : host_end;
  return text::lower_ascii(url.substr(0, lower_until)) + std::string(url.substr(lower_until));
}

void post_add(CommandContext& ctx) {
  const auto& args = ctx.args();
  if (args.size() < 3) return ctx.usage();
  const std::string& url = args[1];
  if ((url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) || url.size() > max_url ||
      url.find_first_of(" \t\r\n") != std::string::npos) {
    return ctx.say("posts.bad_url", {std::string(text::prefix_codepoints(url, 64))});
  }
  // The trailing words that start with '#' are the tags; the words between the link and them, the title.
  std::size_t end = args.size();
  while (end > 2 && tag_of(args[end - 1])) --end;
  std::string title;
  for (std::size_t i = 2; i < end; ++i) title += (title.empty() ? "" : " ") + args[i];
  if (title.empty()) return ctx.say("posts.need_title");
  if (text::codepoints(title) > max_title) return ctx.say("posts.title_too_long", {std::to_string(max_title)});
  std::vector<std::string> tags;
  for (std::size_t i = end; i < args.size(); ++i) {
    std::string tag = *tag_of(args[i]);
    if (!tag_fits(tag, max_tag_length)) return ctx.say("posts.tag_too_long", {std::to_string(max_tag_length)});
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
  }
  if (tags.size() > max_tags) return ctx.say("posts.too_many_tags", {std::to_string(max_tags)});
  // The same link twice would be recommended twice: refuse it, naming the post it repeats (a retired post's link
  // may be added again).
  const std::string wanted = comparable_url(url);
  for (const auto& existing : ctx.services.store.content.live_posts(ctx.turn.community_id)) {
    if (comparable_url(existing.url) == wanted) {
      return ctx.say("posts.duplicate", {"P" + std::to_string(existing.id), existing.title});
    }
  }
  const auto id = catalog_post(ctx.services, ctx.turn, url, title, tags);
  std::string shown_tags;
  for (const auto& t : tags) shown_tags += " #" + t;
  ctx.say("posts.added", {"P" + std::to_string(id), title, shown_tags});
}

void post_retire(CommandContext& ctx) {
  if (ctx.args().size() < 2) return ctx.usage();
  const auto item = item_at(ctx.services, ctx.turn, ctx.args()[1]);
  if (!item) return ctx.refuse(item.error());
  if (!*item || !retire_item(ctx.services, ctx.turn, (*item)->id)) {
    return ctx.say("posts.unknown", {std::string(text::prefix_codepoints(ctx.args()[1], 32))});
  }
  ctx.say("posts.retired", {item_ref(ctx.services, **item)});
}

void post(CommandContext& ctx) {
  const std::string verb = lower_ascii(ctx.args()[0]);
  if (verb == "add") return post_add(ctx);
  if (verb == "retire") return post_retire(ctx);
  ctx.usage();
}

void posts(CommandContext& ctx) {
  const auto items = ctx.services.store.content.live(ctx.turn.community_id, listed_posts);
  if (items.empty()) return ctx.say("posts.empty");
  std::string text = ctx.services.text(ctx.turn, "posts.header");
  for (const auto& item : items) {
    text += "\n" + ctx.services.text(ctx.turn, "posts.line",
                                     {kind_mark(item.kind), item_ref(ctx.services, item), item.title, shown(item.tags)});
  }
  ctx.turn.reply(std::move(text));
}

void open(CommandContext& ctx) {
  const auto found = item_at(ctx.services, ctx.turn, ctx.args()[0]);
  if (!found) return ctx.refuse(found.error());
  if (!*found) return ctx.say("posts.unknown", {std::string(text::prefix_codepoints(ctx.args()[0], 32))});
  const storage::ContentItem& item = **found;
  record_interaction(ctx.services, ctx.turn, item, InteractionKind::view);
  ctx.say("rec.open", {kind_mark(item.kind), item.title, item_ref(ctx.services, item), where(ctx.services, item)});
}

void recommend(CommandContext& ctx) {
  Services& services = ctx.services;
  if (services.recommender == nullptr || !services.config.recommender.enabled) return ctx.say("rec.disabled");
  int n = default_picks;
  if (!ctx.args().empty()) {
    const auto parsed = parse_amount(ctx.args()[0], 1, max_picks);
    if (!parsed) return ctx.refuse(parsed.error());
    n = static_cast<int>(*parsed);
  }
  Recommender& rec = *services.recommender;
  const Catalog& catalog = rec.catalog(services.store.content, ctx.turn.community_id);
  const auto model = rec.model(ctx.turn.community_id);  // a copy of the pointer: a retrain never waits for us
  RankRequest req;
  req.member_id = ctx.turn.member.id;
  req.history = services.store.content.items_of(ctx.turn.member.id);
  req.n = n;
  req.cold_start_interactions = services.config.recommender.cold_start_interactions;
  req.diversity = services.config.recommender.diversity;
  const auto picks = rank_picks(req, catalog, model.get());
  if (picks.empty()) return ctx.say("rec.none");

  std::string text = services.text(ctx.turn, "rec.header", {display_name(ctx.turn.member)});
  Keyboard keyboard;
  int number = 0;
  for (const auto& pick : picks) {
    const Catalog::Item* item = catalog.find(pick.item_id);
    const std::string num = std::to_string(++number);
    const std::string id = std::to_string(pick.item_id);  // the buttons' data: the item, never shown
    const std::string reason = services.text(ctx.turn, pick.reason_key, {pick.reason_arg});
    const auto stored = services.store.content.by_id(pick.item_id);
    const std::string ref = stored ? item_ref(services, *stored) : "P" + id;
    text += "\n" + services.text(ctx.turn, "rec.line", {num, kind_mark(item->kind), item->title, ref, reason});
    keyboard.push_back({{"👍 " + num, "rec:like:" + id},
                        {"👎 " + num, "rec:dislike:" + id},
                        {"🚫 " + num, "rec:ni:" + id},
                        {"🔗 " + num, "rec:open:" + id}});
  }
  text += "\n" + services.text(ctx.turn, "rec.footer");
  ctx.turn.reply(std::move(text)).keyboard = std::move(keyboard);
}

// "rec:<like|dislike|ni|open>:<item id>".
void press(ButtonContext& ctx) {
  Services& services = ctx.services;
  Turn& turn = ctx.turn;
  const auto id = ctx.fields.size() == 2 ? parse_item_id(ctx.fields[1]) : Result<std::int64_t>(Error{});
  std::optional<storage::ContentItem> item;
  if (id && turn.member.id != 0) item = live_item(services, turn, *id);
  if (!item) return ctx.answer(services.text(turn, "rec.gone"));
  const std::string& verb = ctx.fields[0];
  if (verb == "open") {
    record_interaction(services, turn, *item, InteractionKind::view);
    turn.reply(services.text(turn, "rec.open", {kind_mark(item->kind), item->title, item_ref(services, *item),
                                                where(services, *item)}),
               false);
    return ctx.answer();
  }
  InteractionKind kind;
  const char* toast;
  if (verb == "like") {
    kind = InteractionKind::like;
    toast = "rec.liked";
  } else if (verb == "dislike") {
    kind = InteractionKind::dislike;
    toast = "rec.disliked";
  } else if (verb == "ni") {
    kind = InteractionKind::not_interested;
    toast = "rec.not_interested";
  } else {
    return ctx.answer(services.text(turn, "button.expired"));
  }
  // A negative mark is final: pressing 👎 or 🚫 again records nothing more.
  for (const auto& [item_id, negative] : services.store.content.items_of(turn.member.id)) {
    if (item_id == item->id && negative) return ctx.answer(services.text(turn, "rec.already_noted"));
  }
  record_interaction(services, turn, *item, kind);
  ctx.answer(services.text(turn, toast));
}

}  // namespace

void train_when_due(Services& services, Turn& turn) {
  if (services.recommender == nullptr) return;
  services.recommender->maybe_train(services.store.content, turn.event.at_ms);
}

void register_content_commands(CommandRouter& router) {
  // A family: "add <url> <title> [#tag …]" or "retire <id>"; the usage line spells out both.
  router.add({.name = "post",
              .min_role = Role::owner,
              .args = {{.name = "action", .kind = ArgKind::choice, .choices = {"add", "retire"},
                        .about_key = "arg.post_action.about"},
                       {.name = "details", .kind = ArgKind::rest, .optional = true, .about_key = "arg.post_details.about"}},
              .usage_key = "usage.post",
              .summary_key = "cmd.post.summary",
              .run = post});
  router.add({.name = "posts", .summary_key = "cmd.posts.summary", .run = posts});
  // "#3", "Q7" or "P12": a word, not a number (item_at).
  router.add({.name = "open", .args = {{.name = "item", .kind = ArgKind::text}},
              .summary_key = "cmd.open.summary", .run = open});
  router.add({.name = "recommend", .aliases = {"rec"},
              .args = {{.name = "count", .kind = ArgKind::number, .optional = true, .min = 1, .max = max_picks}},
              .summary_key = "cmd.recommend.summary", .run = recommend});
  router.add_button({"rec", Role::member, press});
}

}  // namespace fanbase::handlers
