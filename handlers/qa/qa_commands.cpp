#include "handlers/qa/qa_commands.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "base/text.hpp"
#include "handlers/core/plural.hpp"
#include "handlers/core/tags.hpp"
#include "handlers/personal/content_catalog.hpp"
#include "handlers/points/incentives.hpp"
#include "handlers/qa/qa_index.hpp"
#include "handlers/qa/qa_posting.hpp"

namespace fanbase::handlers {
namespace {

constexpr std::size_t max_tags = 5;
constexpr std::size_t max_tag_length = 32;
constexpr int list_size = 10;
constexpr int shown_answers = 10;
constexpr std::size_t shown_answer_length = 300;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The raw text after the command word and `skip` more words: the member's own spacing, line breaks and quotes
// are kept (ParsedCommand's arguments lose them).
std::string_view raw_after(std::string_view text, std::size_t skip) {
  text = text::trim(text);
  for (std::size_t word = 0; word <= skip; ++word) {
    std::size_t i = 0;
    while (i < text.size() && !is_space(text[i])) ++i;
    text = text::trim(text.substr(i));
  }
  return text;
}

struct QuestionText {
  std::string text;
  std::vector<std::string> tags;
};

// "<question> #tag #tag": the trailing words starting with '#' are the tags (lower case, no '#', each once).
Result<QuestionText> parse_question(std::string_view raw) {
  QuestionText d;
  std::vector<std::string> tags;
  for (;;) {
    raw = text::trim(raw);
    std::size_t start = raw.size();
    while (start > 0 && !is_space(raw[start - 1])) --start;
    const std::string_view word = raw.substr(start);
    auto named = tag_of(word);
    if (!named) break;
    std::string tag = std::move(*named);
    if (!tag_fits(tag, max_tag_length)) {
      return user_error(Errc::bad_input, "qa.tag_too_long",
                        {short_title(tag, max_tag_length), std::to_string(max_tag_length)});
    }
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
    raw = raw.substr(0, start);
  }
  if (tags.size() > max_tags) return user_error(Errc::bad_input, "qa.too_many_tags", {std::to_string(max_tags)});
  std::reverse(tags.begin(), tags.end());
  d.text = std::string(text::trim(raw));
  d.tags = std::move(tags);
  if (d.text.empty()) return user_error(Errc::bad_input, "qa.need_question");
  if (text::codepoints(d.text) > max_question_length) {
    return user_error(Errc::bad_input, "qa.too_long", {std::to_string(max_question_length)});
  }
  return d;
}

std::string tag_list(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "#" : " #") + t;
  return out;
}

// Stores the question, indexes it, posts it (subject "question:<id>", so a reply to it is an answer) and pays the
// asker by the question rule.
storage::QuestionRow post_question(Turn& turn, Services& services, QaIndexes& indexes, const QuestionText& draft,
                                   bool as_reply) {
  const Event& ev = turn.event;
  auto& repo = services.store.qa;
  const auto question = repo.add_question(turn.community_id, turn.member.id, draft.text, draft.tags, ev.thread_id,
                                          ev.at_ms, ev.key);
  indexes.opened(repo, question);
  catalog_question(services, turn, question);
  const std::size_t mark = turn.actions.size();
  services.incentives.content_interaction(turn, turn.member, Kind::question, ev.key, draft.text);
  const std::string number = std::to_string(question.number);
  std::string text = services.text(turn, "qa.question_posted", {number, display_name(turn.member), draft.text});
  if (!draft.tags.empty()) text += "\n" + services.text(turn, "qa.tags_line", {tag_list(draft.tags)});
  text += "\n" + services.text(turn, "qa.answer_hint", {number});
  reply_before(turn, mark, std::move(text), as_reply).subject = "question:" + std::to_string(question.id);
  return question;
}

void ask(CommandContext& ctx, QaIndexes& indexes, bool check_similar) {
  auto draft = parse_question(raw_after(ctx.event().text, 0));
  if (!draft) return ctx.refuse(draft.error());
  if (const auto refusal = question_refusal(ctx.turn, ctx.services, draft->text)) return ctx.refuse(*refusal);
  auto& repo = ctx.services.store.qa;
  const auto& cfg = ctx.services.config.qa;
  if (check_similar) {
    const auto hits = indexes.similar(repo, ctx.turn.community_id, draft->text, draft->tags,
                                      static_cast<std::size_t>(cfg.max_suggestions), cfg.similar_min_score);
    if (!hits.empty()) {
      std::string text = ctx.services.text(ctx.turn, "qa.similar_header");
      for (const auto& hit : hits) {
        const auto q = repo.question_by_id(hit.id);
        if (!q) continue;
        text += "\n" + ctx.services.text(ctx.turn, "qa.similar_line",
                                         {std::to_string(q->number), short_title(q->text),
                                          std::to_string(q->answer_count)});
      }
      text += "\n" + ctx.services.text(ctx.turn, "qa.similar_footer");
      const auto id = repo.add_draft(ctx.turn.community_id, ctx.turn.member.id, draft->text, draft->tags,
                                     ctx.event().at_ms);
      ctx.turn.reply(std::move(text)).keyboard = {
          {{ctx.services.text(ctx.turn, "qa.post_anyway_button"), "qa:post:" + std::to_string(id)}}};
      return;
    }
  }
  post_question(ctx.turn, ctx.services, indexes, *draft, true);
}

// "Post anyway": only the asker may press it; the draft is posted once, then the suggestion loses its button.
void post_anyway(ButtonContext& ctx, QaIndexes& indexes) {
  Services& services = ctx.services;
  Turn& turn = ctx.turn;
  auto& repo = services.store.qa;
  const auto id = ctx.fields.size() == 2 && ctx.fields[0] == "post" ? parse_qa_number(ctx.fields[1], 'd')
                                                                     : std::nullopt;
  const auto draft = id ? repo.draft(*id) : std::nullopt;
  if (!draft || draft->community_id != turn.community_id || turn.member.id == 0) {
    return ctx.answer(services.text(turn, "qa.draft_gone"));
  }
  if (draft->asker_id != turn.member.id) {
    const auto asker = services.store.members.by_id(draft->asker_id);
    return ctx.answer(services.text(turn, "qa.not_your_draft", {asker ? display_name(*asker) : "?"}));
  }
  repo.remove_draft(draft->id);
  const std::size_t before = turn.actions.size();
  const auto question = post_question(turn, services, indexes, QuestionText{draft->text, draft->tags}, false);
  // The suggestion loses its button and says what happened; it reads before the question it announces.
  ctx.edit(services.text(turn, "qa.posted_from_draft", {display_name(turn.member), std::to_string(question.number)}),
           {});
  std::rotate(turn.actions.begin() + static_cast<std::ptrdiff_t>(before), turn.actions.end() - 1, turn.actions.end());
}

// The question an argument names, or (no argument) the one whose message this command replies to.
Result<storage::QuestionRow> question_arg(CommandContext& ctx, std::size_t index) {
  auto& repo = ctx.services.store.qa;
  if (index < ctx.args().size()) {
    const std::string& arg = ctx.args()[index];
    const auto n = parse_qa_number(arg, 'q');
    if (!n) return user_error(Errc::bad_input, "qa.not_a_question_number", {short_title(arg, 32)});
    auto q = repo.question(ctx.turn.community_id, *n);
    if (!q) return user_error(Errc::not_found, "qa.unknown_question", {std::to_string(*n)});
    return *q;
  }
  if (const auto id = replied_subject(ctx.turn, ctx.services, "question")) {
    auto q = repo.question_by_id(*id);
    if (q && q->community_id == ctx.turn.community_id) return *q;
  }
  return ctx.usage_error();
}

Result<storage::AnswerRow> answer_arg(CommandContext& ctx) {
  auto& repo = ctx.services.store.qa;
  if (!ctx.args().empty()) {
    const std::string& arg = ctx.args()[0];
    const auto n = parse_qa_number(arg, 'a');
    if (!n) return user_error(Errc::bad_input, "qa.not_an_answer_number", {short_title(arg, 32)});
    auto a = repo.answer(ctx.turn.community_id, *n);
    if (!a) return user_error(Errc::not_found, "qa.unknown_answer", {std::to_string(*n)});
    return *a;
  }
  if (const auto id = replied_subject(ctx.turn, ctx.services, "answer")) {
    auto a = repo.answer_by_id(*id);
    if (a && a->community_id == ctx.turn.community_id) return *a;
  }
  return ctx.usage_error();
}

void answer(CommandContext& ctx) {
  // "/answer 3 text"; as a reply to a question's message the number may be left out ("/answer text").
  const bool by_reply =
      !parse_qa_number(ctx.args()[0], 'q') && replied_subject(ctx.turn, ctx.services, "question").has_value();
  auto question = question_arg(ctx, by_reply ? ctx.args().size() : 0);
  const std::size_t skip = by_reply ? 0 : 1;
  if (!question) return ctx.refuse(question.error());
  const std::string text(raw_after(ctx.event().text, skip));
  if (text.empty()) return ctx.say("qa.need_answer", {std::to_string(question->number)});
  if (!question->open) return ctx.say("qa.closed", {std::to_string(question->number)});
  if (text::codepoints(text) > max_answer_length) return ctx.say("qa.too_long", {std::to_string(max_answer_length)});
  if (const auto refusal = answer_refusal(ctx.turn, ctx.services, *question, text)) return ctx.refuse(*refusal);
  post_answer(ctx.turn, ctx.services, *question, text, true);
}

void upvote(CommandContext& ctx) {
  auto answer = answer_arg(ctx);
  if (!answer) return ctx.refuse(answer.error());
  const auto number = std::to_string(answer->number);
  if (answer->author_id == ctx.turn.member.id) return ctx.say("qa.upvote_own");
  auto& repo = ctx.services.store.qa;
  if (!repo.add_vote(answer->id, ctx.turn.member.id, ctx.event().at_ms)) return ctx.say("qa.upvote_twice", {number});
  interact_with_question(ctx.services, ctx.turn, answer->question_id, InteractionKind::upvote);
  auto author = ctx.services.store.members.by_id(answer->author_id);
  if (!author) throw std::logic_error("an answer whose author row is missing");
  const std::size_t mark = ctx.turn.actions.size();
  ctx.services.incentives.interaction(ctx.turn, *author, Kind::upvote_received, ctx.event().key);
  reply_before(ctx.turn, mark,
               ctx.services.text(ctx.turn, "qa.upvoted",
                                 {display_name(ctx.turn.member), display_name(*author), number,
                                  std::to_string(answer->votes + 1)}));
}

bool may_manage(const CommandContext& ctx, const storage::QuestionRow& q) {
  return q.asker_id == ctx.turn.member.id || ctx.turn.role >= Role::moderator;
}

// The member row to pay: the caller's own (kept current in the turn) when it is them.
storage::MemberRow& member_row(CommandContext& ctx, std::int64_t id, std::optional<storage::MemberRow>& holder) {
  if (id == ctx.turn.member.id) return ctx.turn.member;
  holder = ctx.services.store.members.by_id(id);
  if (!holder) throw std::logic_error("a Q&A row names a member row that is missing");
  return *holder;
}

// One accepted answer per question; moving acceptance takes back what the previous acceptance paid (through
// the ledger, as "accepted_answer_moved") and pays the new author by the accepted-answer rule. An answer's
// accept_points is what its acceptance has credited and not taken back: points already spent cannot be taken
// back (a balance never goes below zero), so an answer that still holds credit is not paid again when it is
// accepted once more.
void accept(CommandContext& ctx) {
  auto answer = answer_arg(ctx);
  if (!answer) return ctx.refuse(answer.error());
  auto& repo = ctx.services.store.qa;
  const auto question = repo.question_by_id(answer->question_id);
  if (!question) throw std::logic_error("an answer whose question row is missing");
  const std::string qnum = std::to_string(question->number);
  const std::string anum = std::to_string(answer->number);
  if (!may_manage(ctx, *question)) return ctx.say("qa.accept_not_yours", {qnum, question->asker_name});
  if (question->accepted_answer_id == answer->id) return ctx.say("qa.already_accepted", {anum, qnum});

  const Event& ev = ctx.event();
  Incentives& incentives = ctx.services.incentives;
  const std::size_t mark = ctx.turn.actions.size();
  std::string moved;
  if (question->accepted_answer_id != 0) {
    const auto previous = repo.answer_by_id(question->accepted_answer_id);
    if (!previous) throw std::logic_error("an accepted answer row is missing");
    std::optional<storage::MemberRow> holder;
    storage::MemberRow& loser = member_row(ctx, previous->author_id, holder);
    // Never below zero: points already spent stay spent.
    const std::int64_t back = std::min(previous->accept_points, loser.points);
    if (back > 0) {
      incentives.change(ctx.turn, loser, -back, "accepted_answer_moved", ev.key, ctx.turn.member.id,
                        "Q" + qnum + ": A" + std::to_string(previous->number) + " → A" + anum, true);
    }
    repo.set_accept_points(previous->id, previous->accept_points - back);
    moved = ctx.services.text(ctx.turn, back > 0 ? count_key("qa.accept_moved", back) : "qa.accept_moved_free",
                              {std::to_string(previous->number), previous->author_name, std::to_string(back)});
  }
  repo.set_accepted(question->id, answer->id);
  std::optional<storage::MemberRow> holder;
  storage::MemberRow& winner = member_row(ctx, answer->author_id, holder);
  std::int64_t paid = 0;
  // Accepting one's own answer, or an answer to one's own question, earns nothing.
  if (answer->accept_points == 0 && winner.id != question->asker_id && winner.id != ctx.turn.member.id) {
    paid = incentives.interaction(ctx.turn, winner, Kind::accepted_answer, ev.key);
    repo.set_accept_points(answer->id, paid);
  }
  std::string text = paid > 0 ? ctx.services.text(ctx.turn, count_key("qa.accepted_paid", paid),
                                                  {display_name(winner), anum, qnum, std::to_string(paid)})
                              : ctx.services.text(ctx.turn, "qa.accepted", {display_name(winner), anum, qnum});
  if (!moved.empty()) text += "\n" + moved;
  reply_before(ctx.turn, mark, std::move(text));
}

void close(CommandContext& ctx, QaIndexes& indexes) {
  auto question = question_arg(ctx, 0);
  if (!question) return ctx.refuse(question.error());
  const std::string qnum = std::to_string(question->number);
  if (!may_manage(ctx, *question)) return ctx.say("qa.close_not_yours", {qnum, question->asker_name});
  if (!question->open) return ctx.say("qa.already_closed", {qnum});
  auto& repo = ctx.services.store.qa;
  repo.close_question(question->id, ctx.event().at_ms);
  retire_subject(ctx.services, ctx.turn, "question", question->id);
  indexes.closed(repo, question->community_id, question->id);
  ctx.say("qa.closed_done", {qnum});
}

void questions(CommandContext& ctx) {
  auto& repo = ctx.services.store.qa;
  const std::int64_t community = ctx.turn.community_id;
  std::vector<storage::QuestionRow> rows;
  std::string header;
  std::string empty;
  const std::string filter = ctx.args().empty() ? "open" : text::lower_ascii(ctx.args()[0]);
  if (filter == "open") {
    rows = repo.recent_open(community, list_size);
    header = ctx.services.text(ctx.turn, "qa.list_header_open");
    empty = ctx.services.text(ctx.turn, "qa.list_empty_open");
  } else if (filter == "mine") {
    rows = repo.recent_by_asker(community, ctx.turn.member.id, list_size);
    header = ctx.services.text(ctx.turn, "qa.list_header_mine", {display_name(ctx.turn.member)});
    empty = ctx.services.text(ctx.turn, "qa.list_empty_mine", {display_name(ctx.turn.member)});
  } else if (filter.size() > 1 && filter[0] == '#') {
    const std::string tag = filter.substr(1);
    rows = repo.recent_by_tag(community, tag, list_size);
    header = ctx.services.text(ctx.turn, "qa.list_header_tag", {tag});
    empty = ctx.services.text(ctx.turn, "qa.list_empty_tag", {tag});
  } else {
    return ctx.say("qa.bad_filter", {short_title(ctx.args()[0], 32)});
  }
  if (rows.empty()) {
    ctx.turn.reply(std::move(empty));
    return;
  }
  std::string text = std::move(header);
  for (const auto& q : rows) {
    const char* key = q.accepted_answer_id != 0 ? "qa.list_line_solved"
                      : q.open                    ? "qa.list_line"
                                                  : "qa.list_line_closed";
    text += "\n" + ctx.services.text(ctx.turn, key,
                                     {std::to_string(q.number), short_title(q.text), std::to_string(q.answer_count)});
  }
  ctx.turn.reply(std::move(text));
}

void question(CommandContext& ctx) {
  auto q = question_arg(ctx, 0);
  if (!q) return ctx.refuse(q.error());
  auto& repo = ctx.services.store.qa;
  const std::string qnum = std::to_string(q->number);
  std::string text = ctx.services.text(
      ctx.turn, "qa.question_detail",
      {qnum, q->asker_name, ctx.services.text(ctx.turn, q->open ? "qa.state_open" : "qa.state_closed"), q->text});
  if (!q->tags.empty()) text += "\n" + ctx.services.text(ctx.turn, "qa.tags_line", {tag_list(q->tags)});
  const auto answers = repo.answers_of(*q, shown_answers);
  if (answers.empty()) {
    text += "\n" + ctx.services.text(ctx.turn, q->open ? "qa.no_answers" : "qa.no_answers_closed", {qnum});
  } else {
    text += "\n" + ctx.services.text(ctx.turn, "qa.answers_header", {std::to_string(q->answer_count)});
    for (const auto& a : answers) {
      const char* key = a.id == q->accepted_answer_id ? "qa.answer_line_accepted" : "qa.answer_line";
      text += "\n" + ctx.services.text(ctx.turn, key,
                                       {std::to_string(a.number), a.author_name, std::to_string(a.votes),
                                        short_title(a.text, shown_answer_length)});
    }
  }
  ctx.turn.reply(std::move(text)).subject = "question:" + std::to_string(q->id);
}

}  // namespace

void register_qa_commands(CommandRouter& router) {
  auto indexes = std::make_shared<QaIndexes>();
  // The question's text with its trailing #tags: the usage line says "[#tag …]", which one argument cannot.
  const std::vector<ArgSpec> ask_args{{.name = "question", .kind = ArgKind::rest, .about_key = "arg.question_text.about"}};
  router.add({.name = "ask", .args = ask_args, .usage_key = "usage.ask", .summary_key = "cmd.ask.summary",
              .run = [indexes](CommandContext& ctx) { ask(ctx, *indexes, true); }});
  router.add({.name = "askanyway", .aliases = {"ask_anyway"}, .args = ask_args, .usage_key = "usage.ask",
              .summary_key = "cmd.askanyway.summary",
              .run = [indexes](CommandContext& ctx) { ask(ctx, *indexes, false); }});
  router.add_button({"qa", Role::member, [indexes](ButtonContext& ctx) { post_anyway(ctx, *indexes); }});
  // A question or an answer by its number ("3", "Q3"), or the one whose message the command replies to.
  const ArgSpec question_arg{.name = "question", .kind = ArgKind::number, .by_reply = true, .min = 1};
  const ArgSpec answer_arg{.name = "answer", .kind = ArgKind::number, .by_reply = true, .min = 1};
  router.add({.name = "answer", .args = {question_arg, {.name = "text", .kind = ArgKind::rest, .about_key = "arg.answer_text.about"}},
              .summary_key = "cmd.answer.summary", .run = answer});
  router.add({.name = "upvote", .args = {answer_arg}, .summary_key = "cmd.upvote.summary", .run = upvote});
  router.add({.name = "accept", .args = {answer_arg}, .summary_key = "cmd.accept.summary", .run = accept});
  router.add({.name = "close", .args = {question_arg}, .summary_key = "cmd.close.summary",
              .run = [indexes](CommandContext& ctx) { close(ctx, *indexes); }});
  router.add({.name = "questions", .args = {{.name = "filter", .kind = ArgKind::text, .optional = true}},
              .summary_key = "cmd.questions.summary", .run = questions});
  router.add({.name = "question", .args = {question_arg}, .summary_key = "cmd.question.summary", .run = question});
}

}  // namespace fanbase::handlers
