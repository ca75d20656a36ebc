#include "bot/app/import_stackexchange.hpp"

#include "bot/app/exit_codes.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "base/text.hpp"
#include "config/load_config.hpp"
#include "storage/database.hpp"
#include "storage/store.hpp"

namespace fanbase {

namespace {

namespace fs = std::filesystem;

constexpr const char* platform = "import";
constexpr const char* source = "import";

bool to_int(std::string_view s, std::int64_t& value) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

std::string problem(const std::string& file, std::size_t line, const std::string& reason) {
  return file + ":" + std::to_string(line) + ": " + reason;
}

// Calls fn(line_number, line) for every line of a file (without '\r\n'); false when it cannot be opened.
template <typename Fn>
bool each_line(const fs::path& path, Fn&& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // UTF-8 BOM
    fn(number, std::string_view(line));
  }
  return true;
}

std::vector<std::string_view> csv_fields(std::string_view line) {
  std::vector<std::string_view> out;
  while (true) {
    const auto comma = line.find(',');
    out.push_back(text::trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  return out;
}


// Decodes the XML/HTML entities of an attribute value: &lt; &gt; &amp; &quot; &apos; &#NNN; &#xHH;. False (with
// `error`) on an unknown or broken entity or a code point that is not a Unicode scalar value.
bool decode_entities(std::string_view in, std::string& out, std::string& error) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '&') {
      out += in[i];
      continue;
    }
    const auto semi = in.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      error = "unterminated entity";
      return false;
    }
    const std::string_view name = in.substr(i + 1, semi - i - 1);
    if (name == "lt") {
      out += '<';
    } else if (name == "gt") {
      out += '>';
    } else if (name == "amp") {
      out += '&';
    } else if (name == "quot") {
      out += '"';
    } else if (name == "apos") {
      out += '\'';
    } else if (name.size() >= 2 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string_view digits = name.substr(hex ? 2 : 1);
      std::uint32_t cp = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || cp == 0 || cp > 0x10FFFF ||
          (cp >= 0xD800 && cp <= 0xDFFF)) {
        error = "bad character reference &" + std::string(name) + ";";
        return false;
      }
      text::append_utf8(out, cp);
    } else {
      error = "unknown entity &" + std::string(name) + ";";
      return false;
    }
    i = semi;
  }
  return true;
}

// The attributes of one `<row a="..." b="..." />` line, values decoded.
using XmlRow = std::unordered_map<std::string, std::string>;

// nullopt with `error` when the line is not a well-formed row; lines that are not rows (the XML declaration, the
// root element) give an empty map and no error.
std::optional<XmlRow> parse_row(std::string_view line, std::string& error) {
  line = text::trim(line);
  if (!line.starts_with("<row")) return XmlRow{};
  if (line.size() < 6 || (line[4] != ' ' && line[4] != '\t') || !line.ends_with("/>")) {
    error = "not a complete <row .../> element";
    return std::nullopt;
  }
  XmlRow row;
  std::size_t i = 4;
  const std::size_t end = line.size() - 2;
  std::string value;
  while (true) {
    while (i < end && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= end) break;
    const std::size_t name_start = i;
    while (i < end && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_' || line[i] == '-' ||
                       line[i] == ':')) {
      ++i;
    }
    if (i == name_start || i >= end || line[i] != '=') {
      error = "bad attribute at column " + std::to_string(i + 1);
      return std::nullopt;
    }
    const std::string name(line.substr(name_start, i - name_start));
    ++i;
    if (i >= end || (line[i] != '"' && line[i] != '\'')) {
      error = "attribute " + name + " has no quoted value";
      return std::nullopt;
    }
    const char quote = line[i++];
    const auto close = line.find(quote, i);
    if (close == std::string_view::npos || close >= end) {
      error = "attribute " + name + " is not closed";
      return std::nullopt;
    }
    std::string entity_error;
    if (!decode_entities(line.substr(i, close - i), value, entity_error)) {
      error = "attribute " + name + ": " + entity_error;
      return std::nullopt;
    }
    row[name] = value;
    i = close + 1;
  }
  if (row.empty()) {
    error = "row without attributes";
    return std::nullopt;
  }
  return row;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "YYYY-MM-DDTHH:MM:SS[.mmm]" (UTC) → ms since 1970.
std::optional<std::int64_t> parse_time(std::string_view s) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return {};
  std::int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  if (!to_int(s.substr(0, 4), y) || !to_int(s.substr(5, 2), mo) || !to_int(s.substr(8, 2), d) ||
      !to_int(s.substr(11, 2), h) || !to_int(s.substr(14, 2), mi) || !to_int(s.substr(17, 2), sec)) {
    return {};
  }
  if (s.size() > 19) {
    if (s[19] != '.' || s.size() > 23 || !to_int(s.substr(20), ms)) return {};
    for (std::size_t digits = s.size() - 20; digits < 3; ++digits) ms *= 10;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return {};
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60'000 + sec * 1000 + ms;
}

// "<a><b>" → "a b" (lower case); nullopt when the format is broken.
std::optional<std::string> parse_tags(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    if (s[0] != '<') return {};
    const auto close = s.find('>');
    if (close == std::string_view::npos || close == 1) return {};
    if (!out.empty()) out += ' ';
    out += text::lower_ascii(s.substr(1, close - 1));
    s.remove_prefix(close + 1);
  }
  return out;
}

// What both formats produce before anything is written.
struct Member {
  std::string user_id;  // "se:<id>"
  std::string name;
  std::int64_t at = 0;
};
struct Question {
  std::string external_id;  // "q<id>"
  std::string title;
  std::string tags;
  std::int64_t created_at = 0;
  std::optional<std::size_t> author;  // index into members
};
struct Event {
  std::size_t member = 0;    // index into members
  std::size_t question = 0;  // index into questions
  const char* kind = "";
  std::int64_t at = 0;
  std::string reference;
};
struct Parsed {
  std::vector<Member> members;
  std::vector<Question> questions;
  std::vector<Event> events;
};

void read_csv(const fs::path& folder, Parsed& p, StackExchangeImport& report) {
  // tags.csv: tag,name
  std::unordered_map<std::int64_t, std::string> tag_names;
  auto read = [&](const char* file, auto&& row_fn) {
    if (!each_line(folder / file, [&](std::size_t n, std::string_view line) {
          if (n == 1 || text::trim(line).empty()) return;  // the header
          std::string reason;
          if (!row_fn(csv_fields(line), reason)) report.malformed.push_back(problem(file, n, reason));
        })) {
      throw std::runtime_error("cannot read " + (folder / file).string());
    }
  };
  read("tags.csv", [&](const std::vector<std::string_view>& f, std::string& reason) {
    std::int64_t id = 0;
    if (f.size() != 2 || !to_int(f[0], id) || f[1].empty()) {
      reason = "expected tag,name";
      return false;
    }
    tag_names[id] = text::lower_ascii(f[1]);
    return true;
  });
  // question_tags.csv: question,tag (a question's tags in file order)
  std::map<std::int64_t, std::string> question_tags;  // every question, by index
  read("question_tags.csv", [&](const std::vector<std::string_view>& f, std::string& reason) {
    std::int64_t q = 0, tag = 0;
    if (f.size() != 2 || !to_int(f[0], q) || !to_int(f[1], tag) || q < 0) {
      reason = "expected question,tag (integers)";
      return false;
    }
    const auto name = tag_names.find(tag);
    if (name == tag_names.end()) {
      reason = "unknown tag " + std::to_string(tag);
      return false;
    }
    std::string& tags = question_tags[q];
    if (!tags.empty()) tags += ' ';
    tags += name->second;
    return true;
  });
  // interactions.csv: user,question,timestamp (seconds)
  struct Row {
    std::int64_t user, question, at;
  };
  std::vector<Row> rows;
  read("interactions.csv", [&](const std::vector<std::string_view>& f, std::string& reason) {
    std::int64_t u = 0, q = 0, t = 0;
    if (f.size() != 3 || !to_int(f[0], u) || !to_int(f[1], q) || !to_int(f[2], t) || u < 0 || q < 0) {
      reason = "expected user,question,timestamp (integers)";
      return false;
    }
    rows.push_back({u, q, t * 1000});
    question_tags.try_emplace(q);
    return true;
  });
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.at < b.at; });

  std::unordered_map<std::int64_t, std::size_t> question_index;
  for (const auto& [q, tags] : question_tags) {
    question_index.emplace(q, p.questions.size());
    p.questions.push_back({"q" + std::to_string(q), "question " + std::to_string(q), tags, 0, std::nullopt});
  }
  std::unordered_map<std::int64_t, std::size_t> member_index;
  std::vector<bool> answered(p.questions.size(), false);
  std::map<std::string, int> occurrences;  // a row repeated exactly gets its own reference
  for (const Row& r : rows) {
    auto [m, inserted] = member_index.try_emplace(r.user, p.members.size());
    if (inserted) p.members.push_back({"se:" + std::to_string(r.user), "member " + std::to_string(r.user), r.at});
    const std::size_t q = question_index.at(r.question);
    if (!answered[q]) {  // rows are in time order: the first is the first answer
      answered[q] = true;
      p.questions[q].created_at = r.at;
    }
    std::string reference =
        "se:answer:u" + std::to_string(r.user) + ":q" + std::to_string(r.question) + ":t" + std::to_string(r.at);
    const int seen = occurrences[reference]++;
    if (seen > 0) reference += "#" + std::to_string(seen);
    p.events.push_back({m->second, q, "answer", r.at, std::move(reference)});
  }
}

void read_xml(const fs::path& folder, Parsed& p, StackExchangeImport& report) {
  auto read = [&](const char* file, bool required, auto&& row_fn) {
    const bool ok = each_line(folder / file, [&](std::size_t n, std::string_view line) {
      std::string reason;
      auto row = parse_row(line, reason);
      if (!row) {
        report.malformed.push_back(problem(file, n, reason));
      } else if (!row->empty() && !row_fn(*row, reason)) {
        report.malformed.push_back(problem(file, n, reason));
      }
    });
    if (!ok && required) throw std::runtime_error("cannot read " + (folder / file).string());
  };
  auto get_int = [](const XmlRow& row, const char* name, std::int64_t& value) {
    const auto it = row.find(name);
    return it != row.end() && to_int(it->second, value);
  };
  auto get_time = [](const XmlRow& row, const char* name) -> std::optional<std::int64_t> {
    const auto it = row.find(name);
    return it == row.end() ? std::nullopt : parse_time(it->second);
  };

  std::unordered_map<std::int64_t, std::size_t> member_index;
  read("Users.xml", true, [&](const XmlRow& row, std::string& reason) {
    std::int64_t id = 0;
    const auto at = get_time(row, "CreationDate");
    if (!get_int(row, "Id", id) || !at) {
      reason = "a user needs Id and CreationDate";
      return false;
    }
    if (id < 0) return true;  // -1: the Community bot, not a member
    const auto name = row.find("DisplayName");
    member_index.emplace(id, p.members.size());
    p.members.push_back({"se:" + std::to_string(id), name != row.end() ? name->second : "", *at});
    return true;
  });
  auto member_of = [&](const XmlRow& row, const char* attribute) -> std::optional<std::size_t> {
    std::int64_t id = 0;
    if (!get_int(row, attribute, id)) return std::nullopt;
    const auto it = member_index.find(id);
    return it == member_index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  };

  // Posts: questions first (answers may precede their question in the file only in theory; two passes are cheap).
  struct Answer {
    std::int64_t id, parent;
    std::optional<std::int64_t> owner;
    std::int64_t at;
  };
  std::vector<Answer> answers;
  std::unordered_map<std::int64_t, std::size_t> question_index;  // post id → question
  std::unordered_map<std::int64_t, std::size_t> answer_question;  // answer post id → question
  read("Posts.xml", true, [&](const XmlRow& row, std::string& reason) {
    std::int64_t id = 0, type = 0;
    const auto at = get_time(row, "CreationDate");
    if (!get_int(row, "Id", id) || !get_int(row, "PostTypeId", type) || !at) {
      reason = "a post needs Id, PostTypeId and CreationDate";
      return false;
    }
    if (type == 1) {
      const auto title = row.find("Title");
      const auto tags_attr = row.find("Tags");
      const auto tags = parse_tags(tags_attr != row.end() ? tags_attr->second : "");
      if (title == row.end() || !tags) {
        reason = "a question needs a Title and Tags like <a><b>";
        return false;
      }
      question_index.emplace(id, p.questions.size());
      p.questions.push_back({"q" + std::to_string(id), title->second, *tags, *at, member_of(row, "OwnerUserId")});
    } else if (type == 2) {
      std::int64_t parent = 0, owner = 0;
      if (!get_int(row, "ParentId", parent)) {
        reason = "an answer needs a ParentId";
        return false;
      }
      answers.push_back({id, parent, get_int(row, "OwnerUserId", owner) ? std::optional(owner) : std::nullopt, *at});
    }
    return true;
  });

  // An event by a user on question q (both resolved), with the skip rules.
  auto add_event = [&](std::optional<std::int64_t> user, std::optional<std::size_t> q, const char* kind,
                       std::int64_t at, std::string reference) {
    if (!user || *user < 0) {
      ++report.skipped_anonymous;
      return;
    }
    const auto m = member_index.find(*user);
    if (!q || m == member_index.end()) {
      ++report.skipped_unknown;
      return;
    }
    if (p.questions[*q].author == m->second) {
      ++report.skipped_own;
      return;
    }
    p.events.push_back({m->second, *q, kind, at, std::move(reference)});
  };
  auto question_of_post = [&](std::int64_t post) -> std::optional<std::size_t> {
    if (const auto q = question_index.find(post); q != question_index.end()) return q->second;
    if (const auto a = answer_question.find(post); a != answer_question.end()) return a->second;
    return std::nullopt;
  };
  for (const Answer& a : answers) {
    const auto q = question_index.find(a.parent);
    std::optional<std::size_t> question;
    if (q != question_index.end()) {
      question = q->second;
      answer_question.emplace(a.id, q->second);
    }
    add_event(a.owner, question, "answer", a.at, "se:answer:" + std::to_string(a.id));
  }
  read("Comments.xml", false, [&](const XmlRow& row, std::string& reason) {
    std::int64_t id = 0, post = 0, user = 0;
    const auto at = get_time(row, "CreationDate");
    if (!get_int(row, "Id", id) || !get_int(row, "PostId", post) || !at) {
      reason = "a comment needs Id, PostId and CreationDate";
      return false;
    }
    add_event(get_int(row, "UserId", user) ? std::optional(user) : std::nullopt, question_of_post(post),
              "reply", *at, "se:reply:" + std::to_string(id));
    return true;
  });
  read("Votes.xml", false, [&](const XmlRow& row, std::string& reason) {
    std::int64_t id = 0, post = 0, type = 0, user = 0;
    const auto at = get_time(row, "CreationDate");
    if (!get_int(row, "Id", id) || !get_int(row, "PostId", post) || !get_int(row, "VoteTypeId", type) || !at) {
      reason = "a vote needs Id, PostId, VoteTypeId and CreationDate";
      return false;
    }
    const char* kind = type == 2 ? "upvote" : type == 5 ? "follow" : nullptr;
    if (kind == nullptr) {
      ++report.votes_other;
      return true;
    }
    add_event(get_int(row, "UserId", user) ? std::optional(user) : std::nullopt, question_of_post(post), kind,
              *at, std::string("se:") + kind + ":" + std::to_string(id));
    return true;
  });
  read("Badges.xml", false, [&](const XmlRow&, std::string&) {
    ++report.badges_ignored;
    return true;
  });
  read("Tags.xml", false, [&](const XmlRow& row, std::string& reason) {
    if (row.find("TagName") == row.end()) {
      reason = "a tag needs a TagName";
      return false;
    }
    ++report.tags_rows;
    return true;
  });
}

double weight_of(const config::InteractionWeights& w, std::string_view kind) {
  if (kind == "answer") return w.answer;
  if (kind == "reply") return w.reply;
  if (kind == "upvote") return w.upvote;
  return w.follow;
}

}  // namespace

StackExchangeImport import_stackexchange(SQLite::Database& db, const std::string& folder,
                                         const config::InteractionWeights& weights) {
  StackExchangeImport report;
  const fs::path dir(folder);
  Parsed parsed;
  if (fs::exists(dir / "interactions.csv") && fs::exists(dir / "question_tags.csv") && fs::exists(dir / "tags.csv")) {
    report.format = "csv";
    read_csv(dir, parsed, report);
  } else if (fs::exists(dir / "Posts.xml") && fs::exists(dir / "Users.xml")) {
    report.format = "xml";
    read_xml(dir, parsed, report);
  } else {
    throw std::runtime_error(folder + " holds neither interactions.csv + question_tags.csv + tags.csv nor Posts.xml + "
                             "Users.xml");
  }
  report.chat_id = fs::path(dir).lexically_normal().filename().string();
  if (report.chat_id.empty()) report.chat_id = fs::path(dir).lexically_normal().parent_path().filename().string();

  std::int64_t first_at = 0;
  for (const auto& e : parsed.events) first_at = first_at == 0 ? e.at : std::min(first_at, e.at);

  storage::Store store(db);
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  const std::int64_t community = store.communities.ensure(platform, report.chat_id, report.chat_id, first_at);

  // What is there already, to report what is new and to keep interactions from doubling. The repositories have no
  // bulk "which references exist" read, so the two lookups are plain statements on this connection.
  std::unordered_set<std::string> known_items;
  {
    SQLite::Statement st(db, "SELECT external_id FROM content_item WHERE community_id = ?1 AND source = ?2");
    st.bind(1, community);
    st.bind(2, source);
    while (st.executeStep()) known_items.insert(st.getColumn(0).getString());
  }
  std::unordered_set<std::string> known_refs;
  {
    SQLite::Statement st(db, "SELECT reference FROM interaction WHERE community_id = ?1 AND reference LIKE 'se:%'");
    st.bind(1, community);
    while (st.executeStep()) known_refs.insert(st.getColumn(0).getString());
  }
  std::int64_t members_before = 0;
  {
    SQLite::Statement st(db, "SELECT count(*) FROM member WHERE community_id = ?1");
    st.bind(1, community);
    if (st.executeStep()) members_before = st.getColumn(0).getInt64();
  }

  std::vector<std::int64_t> member_ids(parsed.members.size());
  for (std::size_t i = 0; i < parsed.members.size(); ++i) {
    const Member& m = parsed.members[i];
    member_ids[i] = store.members.touch(community, m.user_id, m.name, "", m.at).id;
  }
  std::vector<std::int64_t> item_ids(parsed.questions.size());
  for (std::size_t i = 0; i < parsed.questions.size(); ++i) {
    const Question& q = parsed.questions[i];
    storage::ContentItem item;
    item.community_id = community;
    item.kind = "question";
    item.title = q.title;
    item.tags = q.tags;
    if (q.author) item.author_id = member_ids[*q.author];
    item.created_at = q.created_at;
    item.source = source;
    item.external_id = q.external_id;
    if (!known_items.contains(q.external_id)) ++report.questions_new;
    item_ids[i] = store.content.upsert(item);
  }
  for (const Event& e : parsed.events) {
    const std::string_view kind = e.kind;
    if (kind == "answer") ++report.answers;
    if (kind == "reply") ++report.replies;
    if (kind == "upvote") ++report.upvotes;
    if (kind == "follow") ++report.follows;
    if (!known_refs.insert(e.reference).second) continue;
    ++report.interactions_new;
    store.content.add_interaction({0, community, member_ids[e.member], item_ids[e.question], e.kind,
                                   weight_of(weights, kind), e.at, e.reference});
  }
  std::int64_t members_after = 0;
  {
    SQLite::Statement st(db, "SELECT count(*) FROM member WHERE community_id = ?1");
    st.bind(1, community);
    if (st.executeStep()) members_after = st.getColumn(0).getInt64();
  }
  tx.commit();

  report.members = parsed.members.size();
  report.members_new = static_cast<std::size_t>(members_after - members_before);
  report.questions = parsed.questions.size();
  report.interactions = parsed.events.size();
  return report;
}

int import_command(int argc, char** argv) {
  const char* usage = "usage: fanbase import stackexchange FOLDER [--config FILE] [--db PATH]\n";
  std::string config_path, db_path;
  std::vector<std::string> positional;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--config" || arg == "-c" || arg == "--db") && i + 1 < argc) {
      (arg == "--db" ? db_path : config_path) = argv[++i];
    } else if (arg.starts_with("-")) {
      std::cerr << "fanbase: unknown option or missing value: " << arg << "\n" << usage;
      return exit_usage;
    } else {
      positional.emplace_back(arg);
    }
  }
  if (positional.size() != 2 || positional[0] != "stackexchange") {
    std::cerr << "fanbase: import takes \"stackexchange\" and one FOLDER\n" << usage;
    return exit_usage;
  }
  const std::string& folder = positional[1];
  if (!fs::is_directory(folder)) {  // before the database is touched
    std::cerr << "fanbase: " << folder << " is not a folder\n";
    return exit_runtime;
  }
  {
    const config::Config c = config_path.empty() ? config::load_config_text(config::embedded_example_config(),
                                                                            "<built-in example>")
                                                 : config::load_config_file(config_path);
    const std::unique_ptr<SQLite::Database> db = storage::open_database(
        {db_path.empty() ? c.storage.path : db_path, c.storage.synchronous == config::Synchronous::full, true});
    const StackExchangeImport r = import_stackexchange(*db, folder, c.recommender.weights);
    std::cout << "imported " << folder << " (" << r.format << ") into community import/" << r.chat_id << "\n"
              << "  members: " << r.members << " (new " << r.members_new << ")\n"
              << "  questions: " << r.questions << " (new " << r.questions_new << ")\n"
              << "  interactions: " << r.interactions << " (new " << r.interactions_new << "): answer " << r.answers
              << ", reply " << r.replies << ", upvote " << r.upvotes << ", follow " << r.follows << "\n";
    if (r.format == "xml") {
      std::cout << "  skipped: own question " << r.skipped_own << ", anonymous " << r.skipped_anonymous
                << ", unknown post or member " << r.skipped_unknown << ", other vote types " << r.votes_other
                << ", badges (not stored) " << r.badges_ignored << ", tags rows (tags come from posts) "
                << r.tags_rows << "\n";
    }
    std::cout << "  malformed rows: " << r.malformed.size() << "\n";
    constexpr std::size_t shown = 20;
    for (std::size_t i = 0; i < r.malformed.size() && i < shown; ++i) std::cout << "    " << r.malformed[i] << "\n";
    if (r.malformed.size() > shown) std::cout << "    ... and " << r.malformed.size() - shown << " more\n";
    return 0;
  }
}

}  // namespace fanbase
