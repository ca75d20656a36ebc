// TfidfIndex: the open questions of one community as TF-IDF vectors, so that /ask can show similar open
// questions before a new one is posted (cosine over question text and tags). Tokens: ASCII (and other Latin,
// Greek, Cyrillic) words, and character bigrams of CJK runs; tags as distinct "#tag" tokens.
// Document frequency is kept exact under add/remove/replace; idf comes from the current counts at query time.
// Owner: the Q&A feature keeps one index per community, rebuilt from storage at start and updated as questions
// open and close. Thread: not synchronized. The const members keep no caches, so any number of threads may
// call them at once while nobody calls add() or remove().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fanbase::ml {

// The tokens of a text, in text order: words of letters and digits (ASCII lowered, an apostrophe inside a word
// dropped, fullwidth forms folded to ASCII; at least two code points; a small English stop-word list removed),
// and for each run of Han, Hiragana, Katakana or Hangul its overlapping character bigrams (the character itself
// when the run has one). Invalid UTF-8 bytes separate tokens like spaces.
std::vector<std::string> tokenize(std::string_view text);

// The token of a tag: "#" + the tag trimmed and ASCII lowered; empty when the tag is blank.
std::string tag_token(std::string_view tag);

struct TfidfOptions {
  double tag_weight = 1.0;  // term weight of each distinct tag (a text token weighs 1 + ln tf); <= 0 ignores tags
};

class TfidfIndex {
 public:
  explicit TfidfIndex(TfidfOptions options = {});

  // Indexes a document; an existing document with the same id is replaced.
  void add(std::int64_t id, std::string_view text, const std::vector<std::string>& tags);
  // No-op when the id is unknown.
  void remove(std::int64_t id);
  std::size_t size() const { return slot_of_.size(); }

  struct Hit {
    std::int64_t id;
    double score;  // cosine in (0, 1]
  };
  // The k documents most similar to the query, best first (ties: lower id first), each with score >= min_score.
  // Vectors: sublinear tf (1 + ln tf) times smoothed idf (ln((1 + N) / (1 + df)) + 1). A document that shares no
  // token with the query scores 0 and is never returned. Cost: the postings of the query's tokens.
  std::vector<Hit> similar(std::string_view text, const std::vector<std::string>& tags, std::size_t k,
                           double min_score) const;

 private:
  struct Posting {
    std::uint32_t doc;  // slot in docs_
    double weight;      // the term's tf weight in that document
  };
  struct Term {
    std::string text;
    std::vector<Posting> postings;  // df = postings.size()
  };
  // The norm of a document under the current idf is sqrt(sum w^2 (a - b)^2) with a = ln(1 + N) + 1 and
  // b = ln(1 + df): a^2 * sum_w2 - 2a * sum_w2b + sum_w2b2. The last two sums change whenever a df does; they are
  // kept in fixed point so that updating them is exact and a document's norm never depends on history.
  struct Doc {
    std::int64_t id = 0;
    std::vector<std::pair<std::uint32_t, double>> terms;  // term id, tf weight
    double sum_w2 = 0;
    std::int64_t sum_w2b = 0;
    std::int64_t sum_w2b2 = 0;
  };

  std::uint32_t intern(const std::string& token);
  void release_term(std::uint32_t term);
  // Moves the fixed-point sums of every document posted under `term` from df `from` to df `to`.
  void shift_df(std::uint32_t term, std::size_t from, std::size_t to);
  double norm(const Doc& doc, double a) const;

  TfidfOptions options_;
  std::unordered_map<std::string, std::uint32_t> vocab_;
  std::vector<Term> terms_;
  std::vector<std::uint32_t> free_terms_;
  std::vector<Doc> docs_;
  std::vector<std::uint32_t> free_docs_;
  std::unordered_map<std::int64_t, std::uint32_t> slot_of_;
};

}  // namespace fanbase::ml
