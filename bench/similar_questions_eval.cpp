// Similar-questions evaluation (the /ask suggestions): ml::TfidfIndex on a real Stack Exchange dump. Every question
// is indexed; each duplicate link (PostLinks LinkTypeId 3: PostId duplicates RelatedPostId) queries with the
// duplicate question (itself excluded from the answers) and counts whether the original is among the first 1, 3
// and 5 suggestions. Plain links (LinkTypeId 1: related, not the same question) are a larger, noisier check.
// Several query/index variants and tag weights; then build time and query latency, also with
// the collection copied 8 times (about the "thousands of open questions" of a large community).
// Usage: similar_questions_eval [dataset dir]   (default: the Quantum Computing 2018 dump in /work/shared)
#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ml/tfidf.hpp"
#include "base/text.hpp"

using fanbase::ml::TfidfIndex;
using fanbase::ml::TfidfOptions;
using Clock = std::chrono::steady_clock;

namespace {

struct Question {
  std::int64_t id = 0;
  std::string title;
  std::string body;  // plain text
  std::vector<std::string> tags;
};

struct Link {
  std::int64_t duplicate = 0;
  std::int64_t original = 0;
};

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The raw (still escaped) value of attribute `name` in one `<row .../>` line. Values cannot hold a '"' (it is
// escaped as &quot;), so ` Name="` only matches the attribute itself.
std::optional<std::string_view> attribute(std::string_view row, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const std::size_t at = row.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t start = at + key.size();
  const std::size_t end = row.find('"', start);
  if (end == std::string_view::npos) return std::nullopt;
  return row.substr(start, end - start);
}

std::int64_t to_int(std::optional<std::string_view> s) {
  std::int64_t v = 0;
  if (s) std::from_chars(s->data(), s->data() + s->size(), v);
  return v;
}


// Decodes the XML/HTML character references we meet (&lt; &gt; &amp; &quot; &apos; &nbsp; &#NN; &#xHH;); any other
// '&' is kept as is.
std::string unescape(std::string_view s) {
  static const std::pair<std::string_view, std::string_view> named[] = {
      {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::size_t semi = s[i] == '&' ? s.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    const std::string_view ref = s.substr(i + 1, semi - i - 1);
    bool done = false;
    if (ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x' || ref[1] == 'X';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      std::uint32_t cp = 0;
      const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (r.ec == std::errc{} && r.ptr == digits.data() + digits.size()) {
        fanbase::text::append_utf8(out, static_cast<char32_t>(cp));
        done = true;
      }
    } else {
      for (const auto& [name, text] : named) {
        if (ref == name) {
          out += text;
          done = true;
        }
      }
    }
    if (done) i = semi;
    else out += s[i];
  }
  return out;
}

// HTML to text: tags become spaces (so "<p>a</p><p>b</p>" stays two words), then entities are decoded.
std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool in_tag = false;
  for (const char c : html) {
    if (c == '<') in_tag = true;
    else if (c == '>' && in_tag) { in_tag = false; out += ' '; }
    else if (!in_tag) out += c;
  }
  return unescape(out);
}

// "<a><b-c>" -> {"a", "b-c"}
std::vector<std::string> split_tags(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i)) {
    const std::size_t end = s.find('>', i);
    if (end == std::string_view::npos) break;
    out.emplace_back(s.substr(i + 1, end - i - 1));
    i = end;
  }
  return out;
}

template <class F>
void for_each_row(const std::string& xml, F f) {
  std::size_t pos = 0;
  while (pos < xml.size()) {
    std::size_t end = xml.find('\n', pos);
    if (end == std::string::npos) end = xml.size();
    const std::string_view line(xml.data() + pos, end - pos);
    if (line.find("<row ") != std::string_view::npos) f(line);
    pos = end + 1;
  }
}

std::vector<Question> parse_questions(const std::string& xml) {
  std::vector<Question> out;
  for_each_row(xml, [&](std::string_view row) {
    if (to_int(attribute(row, "PostTypeId")) != 1) return;
    Question q;
    q.id = to_int(attribute(row, "Id"));
    q.title = unescape(attribute(row, "Title").value_or(""));
    q.body = html_to_text(unescape(attribute(row, "Body").value_or("")));
    q.tags = split_tags(unescape(attribute(row, "Tags").value_or("")));
    out.push_back(std::move(q));
  });
  return out;
}

// LinkTypeId 3: PostId is a duplicate of RelatedPostId; 1: PostId links to RelatedPostId.
std::vector<Link> parse_links(const std::string& xml, int type) {
  std::vector<Link> out;
  for_each_row(xml, [&](std::string_view row) {
    if (to_int(attribute(row, "LinkTypeId")) != type) return;
    out.push_back(Link{to_int(attribute(row, "PostId")), to_int(attribute(row, "RelatedPostId"))});
  });
  return out;
}

// What part of a question a variant indexes or queries with.
enum class Part { full, title_tags, title };

std::string text_of(const Question& q, Part part) {
  return part == Part::full ? q.title + "\n" + q.body : q.title;
}

std::vector<std::string> tags_of(const Question& q, Part part) {
  return part == Part::title ? std::vector<std::string>{} : q.tags;
}

const char* name_of(Part part) {
  switch (part) {
    case Part::full: return "title+body+tags";
    case Part::title_tags: return "title+tags";
    case Part::title: return "title";
  }
  return "";
}

double micros_since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

// The suggestions for question q, q itself excluded.
std::vector<std::int64_t> suggest(const TfidfIndex& index, const Question& q, Part part, std::size_t k) {
  std::vector<std::int64_t> out;
  for (const auto& hit : index.similar(text_of(q, part), tags_of(q, part), k + 1, 0.0)) {
    if (hit.id != q.id && out.size() < k) out.push_back(hit.id);
  }
  return out;
}

struct Build {
  TfidfIndex index;
  double ms = 0;
};

Build build(const std::vector<Question>& questions, Part part, double tag_weight, int copies) {
  Build b{TfidfIndex(TfidfOptions{.tag_weight = tag_weight}), 0};
  const auto start = Clock::now();
  for (int c = 0; c < copies; ++c) {
    for (const Question& q : questions) b.index.add(q.id + c * 1'000'000, text_of(q, part), tags_of(q, part));
  }
  b.ms = micros_since(start) / 1000.0;
  return b;
}

struct Pairs {
  std::vector<Link> duplicates;
  std::vector<Link> linked;
};

// Recall@1, @3, @5 of each link's target among the suggestions for its source.
std::array<double, 3> recall(const TfidfIndex& index, const std::vector<Question>& questions,
                             const std::unordered_map<std::int64_t, std::size_t>& at, const std::vector<Link>& links,
                             Part query_part) {
  std::array<int, 3> hits{};
  for (const Link& l : links) {
    const auto found = suggest(index, questions[at.at(l.duplicate)], query_part, 5);
    const auto rank = std::find(found.begin(), found.end(), l.original) - found.begin();
    hits[0] += rank < 1;
    hits[1] += rank < 3;
    hits[2] += rank < 5;
  }
  const double n = static_cast<double>(links.size());
  return {hits[0] / n, hits[1] / n, hits[2] / n};
}

void recall_row(const std::vector<Question>& questions, const std::unordered_map<std::int64_t, std::size_t>& at,
                const Pairs& pairs, Part index_part, Part query_part, double tag_weight) {
  const Build b = build(questions, index_part, tag_weight, 1);
  const auto d = recall(b.index, questions, at, pairs.duplicates, query_part);
  const auto l = recall(b.index, questions, at, pairs.linked, query_part);
  std::printf("%-16s %-16s %4.1f | %5.3f %5.3f %5.3f | %5.3f %5.3f %5.3f\n", name_of(index_part),
              name_of(query_part), tag_weight, d[0], d[1], d[2], l[0], l[1], l[2]);
}

void latency_row(const std::vector<Question>& questions, int copies) {
  const Build b = build(questions, Part::full, TfidfOptions{}.tag_weight, copies);
  std::vector<double> us;
  for (const Question& q : questions) {
    const auto start = Clock::now();
    const auto found = b.index.similar(text_of(q, Part::full), q.tags, 5, 0.05);
    us.push_back(micros_since(start));
    if (found.empty()) std::printf("no suggestion for question %lld\n", static_cast<long long>(q.id));
  }
  std::vector<double> title_us;
  for (const Question& q : questions) {
    const auto start = Clock::now();
    b.index.similar(q.title, {}, 5, 0.05);
    title_us.push_back(micros_since(start));
  }
  const auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
  };
  const auto p99 = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[(v.size() * 99 + 99) / 100 - 1];
  };
  std::printf("%6zu %9.1f %10.1f %9.1f %10.1f %9.1f\n", b.index.size(), b.ms, mean(us), p99(us), mean(title_us),
              p99(title_us));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "/work/shared/datasets/stackexchange-quantumcomputing-2018";
  const auto posts = read_file(dir + "/Posts.xml");
  const auto post_links = read_file(dir + "/PostLinks.xml");
  if (!posts || !post_links) {
    std::fprintf(stderr, "cannot read %s/Posts.xml and PostLinks.xml\n", dir.c_str());
    return 2;
  }
  const std::vector<Question> questions = parse_questions(*posts);
  std::unordered_map<std::int64_t, std::size_t> at;
  for (std::size_t i = 0; i < questions.size(); ++i) at.emplace(questions[i].id, i);
  // Only links between two questions of the dump count (answers and deleted posts are left out).
  const auto between_questions = [&](const std::vector<Link>& all) {
    std::vector<Link> out;
    for (const Link& l : all) {
      if (at.count(l.duplicate) && at.count(l.original) && l.duplicate != l.original) out.push_back(l);
    }
    return out;
  };
  const Pairs pairs{between_questions(parse_links(*post_links, 3)), between_questions(parse_links(*post_links, 1))};
  std::printf("%s\n%zu questions; question pairs: %zu duplicate links, %zu plain links\n\n", dir.c_str(),
              questions.size(), pairs.duplicates.size(), pairs.linked.size());
  if (pairs.duplicates.empty() || pairs.linked.empty()) return 1;

  std::printf("recall of the original (duplicates) / linked question (links) in the top 1/3/5, self excluded\n");
  std::printf("%-16s %-16s %4s | %-17s | %-17s\n", "index", "query", "tagw", "duplicates R@1/3/5",
              "links R@1/3/5");
  const double w = TfidfOptions{}.tag_weight;
  recall_row(questions, at, pairs, Part::full, Part::full, w);
  recall_row(questions, at, pairs, Part::full, Part::title_tags, w);
  recall_row(questions, at, pairs, Part::full, Part::title, w);
  recall_row(questions, at, pairs, Part::title_tags, Part::title_tags, w);
  recall_row(questions, at, pairs, Part::title, Part::title, w);
  for (const double tw : {0.0, 2.0, 4.0}) recall_row(questions, at, pairs, Part::full, Part::full, tw);

  std::printf("\nbuild and query cost (index title+body+tags; every question queried once, k=5, min 0.05)\n");
  std::printf("%6s %9s %10s %9s %10s %9s\n", "docs", "build_ms", "full_mean", "full_p99", "title_mean",
              "title_p99");
  latency_row(questions, 1);
  latency_row(questions, 8);
  std::printf("(query latencies in microseconds; full = title+body+tags query, title = title-only query)\n");
  return 0;
}
