#include "ml/tfidf.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "base/text.hpp"

namespace fanbase::ml {
namespace {

enum class CharClass { other, word, cjk };

bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

// Han (with extensions and compatibility forms, and the marks 々 〇), Hiragana, Katakana (with halfwidth forms)
// and Hangul (syllables and jamo): scripts written without spaces between words, or short enough per syllable
// that bigrams are the useful unit.
bool is_cjk(char32_t c) {
  return in(c, 0x1100, 0x11FF) || c == 0x3005 || c == 0x3007 || in(c, 0x3040, 0x30FF) || in(c, 0x3130, 0x318F) ||
         in(c, 0x31F0, 0x31FF) || in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF) || in(c, 0xAC00, 0xD7AF) ||
         in(c, 0xF900, 0xFAFF) || in(c, 0xFF66, 0xFF9F) || in(c, 0x20000, 0x3134F);
}

bool is_word(char32_t c) {
  if (c < 0x80) return in(c, '0', '9') || in(c, 'a', 'z') || in(c, 'A', 'Z');
  if (in(c, 0xC0, 0x24F)) return c != 0xD7 && c != 0xF7;  // Latin-1 letters, Latin Extended
  if (in(c, 0x300, 0x36F)) return true;                    // combining accents stay inside their word
  if (in(c, 0x370, 0x52F)) return c != 0x37E && c != 0x387;  // Greek, Cyrillic (minus Greek punctuation)
  return in(c, 0xFF10, 0xFF19) || in(c, 0xFF21, 0xFF3A) || in(c, 0xFF41, 0xFF5A);  // fullwidth digits, letters
}

CharClass classify(char32_t c) {
  if (is_word(c)) return CharClass::word;
  if (is_cjk(c)) return CharClass::cjk;
  return CharClass::other;
}

bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019; }

// Fullwidth forms to ASCII, then upper case to lower for ASCII, Latin-1, Greek and basic Cyrillic.
char32_t fold(char32_t c) {
  if (in(c, 0xFF10, 0xFF19)) c = c - 0xFF10 + '0';
  else if (in(c, 0xFF21, 0xFF3A)) c = c - 0xFF21 + 'A';
  else if (in(c, 0xFF41, 0xFF5A)) c = c - 0xFF41 + 'a';
  if (in(c, 'A', 'Z')) return c + 0x20;
  if (in(c, 0xC0, 0xDE) && c != 0xD7) return c + 0x20;
  if (in(c, 0x391, 0x3AB) && c != 0x3A2) return c + 0x20;
  if (in(c, 0x410, 0x42F)) return c + 0x20;
  if (in(c, 0x400, 0x40F)) return c + 0x50;
  return c;
}


// Sorted, for binary search. Question words (how, what, why) are here: every question has them.
constexpr auto kStopWords = std::to_array<std::string_view>({
    "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "done", "dont", "each", "for",
    "from", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "however", "if", "im",
    "in", "into", "is", "isnt", "it", "its", "ive", "just", "me", "more", "most", "my", "no", "nor", "not", "of",
    "off", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "why", "will", "with", "would", "you", "your"});

static_assert(std::is_sorted(kStopWords.begin(), kStopWords.end()));

bool is_stop_word(std::string_view w) { return std::binary_search(kStopWords.begin(), kStopWords.end(), w); }

void flush_word(std::vector<char32_t>& word, std::vector<std::string>& out) {
  if (word.size() >= 2) {
    std::string w;
    for (char32_t c : word) text::append_utf8(w, c);
    if (!is_stop_word(w)) out.push_back(std::move(w));
  }
  word.clear();
}

void flush_cjk(std::vector<char32_t>& run, std::vector<std::string>& out) {
  if (run.size() == 1) {
    out.emplace_back();
    text::append_utf8(out.back(), run[0]);
  }
  for (std::size_t i = 0; i + 1 < run.size(); ++i) {
    out.emplace_back();
    text::append_utf8(out.back(), run[i]);
    text::append_utf8(out.back(), run[i + 1]);
  }
  run.clear();
}

// 1 + ln tf: the tenth "qubit" in a question adds far less than the first.
double tf_weight(std::size_t count) { return 1.0 + std::log(static_cast<double>(count)); }

// The sparse term vector of a document or query, sorted by token: text tokens with their tf weights, then (as
// their own tokens) the distinct tags at the configured weight.
std::vector<std::pair<std::string, double>> weigh(std::string_view text, const std::vector<std::string>& tags,
                                                  double tag_weight) {
  std::vector<std::string> tokens = tokenize(text);
  if (tag_weight > 0) {
    std::vector<std::string> distinct;
    for (const std::string& tag : tags) {
      if (std::string t = tag_token(tag); !t.empty()) distinct.push_back(std::move(t));
    }
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    tokens.insert(tokens.end(), distinct.begin(), distinct.end());
  }
  std::sort(tokens.begin(), tokens.end());
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t j = i;
    while (j < tokens.size() && tokens[j] == tokens[i]) ++j;
    // A word cannot start with '#', so a tag never collides with a text token.
    const double w = tokens[i].front() == '#' ? tag_weight : tf_weight(j - i);
    out.emplace_back(std::move(tokens[i]), w);
    i = j;
  }
  return out;
}

// Fixed point with 32 fraction bits: sums of rounded terms are exact whatever the order of updates. Headroom:
// a term is at most about 400 * 200 (w^2 * ln(1+df)^2), so 2^63 holds millions of terms per document.
constexpr double kFixedScale = 4294967296.0;
std::int64_t to_fixed(double x) { return std::llround(x * kFixedScale); }
double from_fixed(std::int64_t x) { return static_cast<double>(x) / kFixedScale; }

// b = ln(1 + df), the part of the idf that depends on the term.
double idf_offset(std::size_t df) { return std::log1p(static_cast<double>(df)); }
std::int64_t w2b(double w, double b) { return to_fixed(w * w * b); }
std::int64_t w2b2(double w, double b) { return to_fixed(w * w * b * b); }

// a of the smoothed idf a - ln(1 + df) for a collection of n documents.
double idf_base(std::size_t n) { return std::log1p(static_cast<double>(n)) + 1.0; }

}  // namespace

std::vector<std::string> tokenize(std::string_view text) {
  const std::vector<char32_t> cps = text::decode(text);
  std::vector<std::string> out;
  std::vector<char32_t> word;
  std::vector<char32_t> run;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i];
    switch (classify(c)) {
      case CharClass::word:
        flush_cjk(run, out);
        word.push_back(fold(c));
        break;
      case CharClass::cjk:
        flush_word(word, out);
        run.push_back(c);
        break;
      case CharClass::other:
        // "don't" is one word, "dont" (a stop word); a quote around a word still separates.
        if (is_apostrophe(c) && !word.empty() && i + 1 < cps.size() && is_word(cps[i + 1])) break;
        flush_word(word, out);
        flush_cjk(run, out);
        break;
    }
  }
  flush_word(word, out);
  flush_cjk(run, out);
  return out;
}

std::string tag_token(std::string_view tag) {
  const std::string_view t = text::trim(tag);
  if (t.empty()) return {};
  return "#" + text::lower_ascii(t);
}

TfidfIndex::TfidfIndex(TfidfOptions options) : options_(options) {}

std::uint32_t TfidfIndex::intern(const std::string& token) {
  if (const auto it = vocab_.find(token); it != vocab_.end()) return it->second;
  std::uint32_t id = 0;
  if (!free_terms_.empty()) {
    id = free_terms_.back();
    free_terms_.pop_back();
    terms_[id].text = token;
  } else {
    id = static_cast<std::uint32_t>(terms_.size());
    terms_.push_back(Term{token, {}});
  }
  vocab_.emplace(token, id);
  return id;
}

// A term no document uses any more leaves the vocabulary, so memory follows the open questions, not history.
void TfidfIndex::release_term(std::uint32_t term) {
  vocab_.erase(terms_[term].text);
  terms_[term].text.clear();
  terms_[term].postings.shrink_to_fit();
  free_terms_.push_back(term);
}

void TfidfIndex::shift_df(std::uint32_t term, std::size_t from, std::size_t to) {
  const double b_from = idf_offset(from);
  const double b_to = idf_offset(to);
  for (const Posting& p : terms_[term].postings) {
    Doc& d = docs_[p.doc];
    d.sum_w2b += w2b(p.weight, b_to) - w2b(p.weight, b_from);
    d.sum_w2b2 += w2b2(p.weight, b_to) - w2b2(p.weight, b_from);
  }
}

double TfidfIndex::norm(const Doc& doc, double a) const {
  const double n2 = a * a * doc.sum_w2 - 2.0 * a * from_fixed(doc.sum_w2b) + from_fixed(doc.sum_w2b2);
  return n2 > 0 ? std::sqrt(n2) : 0.0;
}

void TfidfIndex::add(std::int64_t id, std::string_view text, const std::vector<std::string>& tags) {
  remove(id);
  std::uint32_t slot = 0;
  if (!free_docs_.empty()) {
    slot = free_docs_.back();
    free_docs_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(docs_.size());
    docs_.emplace_back();
  }
  Doc& doc = docs_[slot];
  doc = Doc{};
  doc.id = id;
  for (auto& [token, weight] : weigh(text, tags, options_.tag_weight)) {
    const std::uint32_t term = intern(token);
    const std::size_t df = terms_[term].postings.size();
    shift_df(term, df, df + 1);  // the documents already there; this one is added with the new df below
    terms_[term].postings.push_back(Posting{slot, weight});
    doc.terms.emplace_back(term, weight);
    doc.sum_w2 += weight * weight;
    doc.sum_w2b += w2b(weight, idf_offset(df + 1));
    doc.sum_w2b2 += w2b2(weight, idf_offset(df + 1));
  }
  slot_of_.emplace(id, slot);
}

void TfidfIndex::remove(std::int64_t id) {
  const auto it = slot_of_.find(id);
  if (it == slot_of_.end()) return;
  const std::uint32_t slot = it->second;
  slot_of_.erase(it);
  Doc& doc = docs_[slot];
  for (const auto& [term, weight] : doc.terms) {
    std::vector<Posting>& postings = terms_[term].postings;
    const auto p = std::find_if(postings.begin(), postings.end(), [slot](const Posting& x) { return x.doc == slot; });
    *p = postings.back();  // order within a posting list does not matter
    postings.pop_back();
    shift_df(term, postings.size() + 1, postings.size());
    if (postings.empty()) release_term(term);
  }
  doc = Doc{};
  free_docs_.push_back(slot);
}

std::vector<TfidfIndex::Hit> TfidfIndex::similar(std::string_view text, const std::vector<std::string>& tags,
                                                 std::size_t k, double min_score) const {
  std::vector<Hit> hits;
  if (k == 0 || slot_of_.empty()) return hits;
  const double a = idf_base(size());
  std::vector<double> dot(docs_.size(), 0.0);
  std::vector<std::uint32_t> touched;
  double query_norm2 = 0;
  for (const auto& [token, weight] : weigh(text, tags, options_.tag_weight)) {
    const auto it = vocab_.find(token);
    const std::size_t df = it == vocab_.end() ? 0 : terms_[it->second].postings.size();
    const double idf = a - idf_offset(df);
    query_norm2 += weight * idf * weight * idf;
    if (df == 0) continue;  // an unseen token only lengthens the query
    const double coef = weight * idf * idf;
    for (const Posting& p : terms_[it->second].postings) {
      if (dot[p.doc] == 0.0) touched.push_back(p.doc);
      dot[p.doc] += coef * p.weight;
    }
  }
  const double query_norm = std::sqrt(query_norm2);
  for (const std::uint32_t slot : touched) {
    const double doc_norm = norm(docs_[slot], a);
    if (doc_norm == 0.0) continue;
    const double score = std::min(1.0, dot[slot] / (query_norm * doc_norm));
    if (score >= min_score) hits.push_back(Hit{docs_[slot].id, score});
  }
  const auto better = [](const Hit& x, const Hit& y) { return x.score != y.score ? x.score > y.score : x.id < y.id; };
  if (hits.size() > k) {
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(k), hits.end(), better);
    hits.resize(k);
  } else {
    std::sort(hits.begin(), hits.end(), better);
  }
  return hits;
}

}  // namespace fanbase::ml
