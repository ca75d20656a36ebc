// ml/tfidf: tokenization (words, CJK bigrams, bad UTF-8) and the TF-IDF similar-questions index, including
// document-frequency bookkeeping under add/remove/replace checked against a from-scratch reference.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ml/tfidf.hpp"

using fanbase::ml::tag_token;
using fanbase::ml::TfidfIndex;
using fanbase::ml::TfidfOptions;
using fanbase::ml::tokenize;
using Strings = std::vector<std::string>;

namespace {

std::vector<std::int64_t> ids(const std::vector<TfidfIndex::Hit>& hits) {
  std::vector<std::int64_t> out;
  for (const auto& h : hits) out.push_back(h.id);
  return out;
}

double score_of(const std::vector<TfidfIndex::Hit>& hits, std::int64_t id) {
  for (const auto& h : hits) {
    if (h.id == id) return h.score;
  }
  return 0.0;
}

double score(const TfidfIndex& index, std::int64_t id, const std::string& text, const Strings& tags = {}) {
  return score_of(index.similar(text, tags, 1000, 0.0), id);
}

struct Question {
  std::string text;
  Strings tags;
};

// The textbook computation, from scratch on every call: df over `docs`, smoothed idf, 1 + ln tf, tags at weight
// `tag_weight`, cosine.
double reference_score(const std::map<std::int64_t, Question>& docs, const Question& query, std::int64_t id,
                       double tag_weight) {
  const auto vector_of = [&](const Question& q) {
    std::map<std::string, double> v;
    for (const auto& t : tokenize(q.text)) v[t] += 1.0;
    for (auto& [t, tf] : v) tf = 1.0 + std::log(tf);
    for (const auto& tag : q.tags) {
      if (const auto t = tag_token(tag); !t.empty()) v[t] = tag_weight;
    }
    return v;
  };
  std::map<std::string, double> df;
  for (const auto& [_, d] : docs) {
    for (const auto& [t, w] : vector_of(d)) df[t] += 1.0;
  }
  const double n = static_cast<double>(docs.size());
  const auto weighted = [&](std::map<std::string, double> v) {
    for (auto& [t, w] : v) w *= std::log((1.0 + n) / (1.0 + df[t])) + 1.0;
    return v;
  };
  const auto q = weighted(vector_of(query));
  const auto d = weighted(vector_of(docs.at(id)));
  double dot = 0, qq = 0, dd = 0;
  for (const auto& [t, w] : q) {
    qq += w * w;
    if (const auto it = d.find(t); it != d.end()) dot += w * it->second;
  }
  for (const auto& [t, w] : d) dd += w * w;
  return qq == 0 || dd == 0 ? 0.0 : dot / std::sqrt(qq * dd);
}

}  // namespace

TEST_CASE("tokenize lowers ASCII words and drops stop words and one-letter words", "[ml][tfidf]") {
  CHECK(tokenize("How do I install the Bot on Linux?") == Strings{"install", "bot", "linux"});
  CHECK(tokenize("a b c 7 42 x2") == Strings{"42", "x2"});
  CHECK(tokenize("Why doesn't it compile? I've tried") == Strings{"doesnt", "compile", "tried"});
  CHECK(tokenize("'quoted' words") == Strings{"quoted", "words"});
  CHECK(tokenize("ＦＵＬＬwidth Ｑ１２") == Strings{"fullwidth", "q12"});
  CHECK(tokenize("Über CAFÉ Привет") == Strings{"über", "café", "привет"});
}

TEST_CASE("tokenize splits CJK runs into overlapping bigrams", "[ml][tfidf]") {
  CHECK(tokenize("如何安装") == Strings{"如何", "何安", "安装"});
  CHECK(tokenize("装") == Strings{"装"});
  CHECK(tokenize("安装Python机器人，好") == Strings{"安装", "python", "机器", "器人", "好"});
  CHECK(tokenize("ボットの設定") == Strings{"ボッ", "ット", "トの", "の設", "設定"});
  CHECK(tokenize("봇 설치") == Strings{"봇", "설치"});
}

TEST_CASE("tokenize survives empty text and invalid UTF-8", "[ml][tfidf]") {
  CHECK(tokenize("").empty());
  CHECK(tokenize("   ?!  ").empty());
  CHECK(tokenize("qubit\xff\xfegate") == Strings{"qubit", "gate"});
  CHECK(tokenize("\xe6\x9c").empty());                             // truncated CJK character
  CHECK(tokenize("\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80").empty());  // overlong, surrogate, past U+10FFFF
  CHECK(tag_token("  Python ") == "#python");
  CHECK(tag_token("   ").empty());
}

TEST_CASE("an identical question scores about 1", "[ml][tfidf]") {
  TfidfIndex index;
  index.add(1, "How do I reset my password on the forum", {"account"});
  index.add(2, "Which quantum gates are universal", {"gates"});
  const auto hits = index.similar("How do I reset my password on the forum", {"account"}, 5, 0.0);
  REQUIRE(!hits.empty());
  CHECK(hits.front().id == 1);
  CHECK(hits.front().score == Approx(1.0).epsilon(1e-9));
  CHECK(score(index, 2, "Which quantum gates are universal", {"gates"}) == Approx(1.0).epsilon(1e-9));
}

TEST_CASE("an unrelated question scores 0 and is not returned", "[ml][tfidf]") {
  TfidfIndex index;
  index.add(1, "How do I reset my password", {});
  index.add(2, "Entanglement of two qubits", {});
  CHECK(index.similar("Bell states and entanglement", {}, 5, 0.0).size() == 1);
  CHECK(ids(index.similar("Bell states and entanglement", {}, 5, 0.0)) == std::vector<std::int64_t>{2});
  CHECK(index.similar("completely different topic", {}, 5, 0.0).empty());
  CHECK(index.similar("", {}, 5, 0.0).empty());
  CHECK(index.similar("the of and", {}, 5, 0.0).empty());  // stop words only
}

TEST_CASE("shared tags raise similarity", "[ml][tfidf]") {
  TfidfIndex index;
  index.add(1, "Simulating noise in a circuit", {"qiskit", "noise"});
  index.add(2, "Which hardware runs it fastest", {"hardware"});
  index.add(3, "Measuring error rates", {"noise"});
  const double without = score(index, 1, "Simulating noise in a circuit");
  const double one = score(index, 1, "Simulating noise in a circuit", {"noise"});
  const double both = score(index, 1, "Simulating noise in a circuit", {"Noise", " qiskit "});
  CHECK(without > 0.0);
  CHECK(one > without);
  CHECK(both > one);
  CHECK(both == Approx(1.0).epsilon(1e-9));  // tags are trimmed and lowered
  CHECK(score(index, 2, "Simulating noise in a circuit", {"hardware"}) > 0.0);  // a tag alone connects

  TfidfIndex heavy(TfidfOptions{.tag_weight = 4.0});
  TfidfIndex untagged(TfidfOptions{.tag_weight = 0.0});
  for (TfidfIndex* i : {&heavy, &untagged}) {
    i->add(1, "Simulating noise in a circuit", {"qiskit", "noise"});
    i->add(3, "Measuring error rates", {"noise"});
  }
  CHECK(score(heavy, 3, "Simulating noise", {"noise"}) > score(index, 3, "Simulating noise", {"noise"}));
  CHECK(score(untagged, 3, "Measuring error rates", {"noise", "qiskit"}) == Approx(1.0).epsilon(1e-9));
  CHECK(untagged.similar("", {"noise"}, 5, 0.0).empty());
}

TEST_CASE("remove drops a document and its document frequencies", "[ml][tfidf]") {
  TfidfIndex index;
  index.add(1, "install the bot on linux", {"setup"});
  index.add(2, "install the bot on windows", {"setup"});
  index.add(3, "bot commands list", {});
  REQUIRE(index.size() == 3);
  index.remove(2);
  index.remove(2);   // twice: no-op
  index.remove(99);  // unknown: no-op
  CHECK(index.size() == 2);
  const auto hits = index.similar("install the bot on windows", {"setup"}, 10, 0.0);
  CHECK(ids(hits) == std::vector<std::int64_t>{1, 3});
  CHECK(index.similar("windows", {}, 10, 0.0).empty());  // its only token left with it

  // The same scores, to the last bit, as an index that never saw document 2.
  TfidfIndex fresh;
  fresh.add(1, "install the bot on linux", {"setup"});
  fresh.add(3, "bot commands list", {});
  const auto expected = fresh.similar("install the bot on windows", {"setup"}, 10, 0.0);
  REQUIRE(expected.size() == hits.size());
  for (std::size_t i = 0; i < hits.size(); ++i) CHECK(hits[i].score == expected[i].score);

  index.remove(1);
  index.remove(3);
  CHECK(index.size() == 0);
  CHECK(index.similar("install the bot", {"setup"}, 10, 0.0).empty());
}

TEST_CASE("add with an existing id replaces the document", "[ml][tfidf]") {
  TfidfIndex index;
  index.add(1, "install the bot on linux", {});
  index.add(2, "linux kernel modules", {});
  index.add(1, "change the bot language", {"i18n"});
  CHECK(index.size() == 2);
  CHECK(ids(index.similar("install on linux", {}, 10, 0.0)) == std::vector<std::int64_t>{2});
  CHECK(score(index, 1, "change the bot language", {"i18n"}) == Approx(1.0).epsilon(1e-9));

  TfidfIndex fresh;
  fresh.add(2, "linux kernel modules", {});
  fresh.add(1, "change the bot language", {"i18n"});
  CHECK(score(index, 1, "bot language linux") == score(fresh, 1, "bot language linux"));
  CHECK(score(index, 2, "bot language linux") == score(fresh, 2, "bot language linux"));
}

TEST_CASE("Chinese questions that share words are similar", "[ml][tfidf]") {
  TfidfIndex index;
  index.add(1, "如何安装机器人", {});
  index.add(2, "今天天气很好", {});
  index.add(3, "机器人的积分规则是什么", {"积分"});
  const auto hits = index.similar("机器人怎么安装", {}, 5, 0.0);
  REQUIRE(!hits.empty());
  CHECK(hits.front().id == 1);
  CHECK(hits.front().score > 0.3);
  CHECK(score_of(hits, 2) == 0.0);
  CHECK(score(index, 3, "积分怎么算", {"积分"}) > score(index, 3, "积分怎么算"));
  CHECK(score(index, 3, "How do points work? 积分规则") > 0.0);  // mixed-script query
}

TEST_CASE("k and min_score are honoured", "[ml][tfidf]") {
  TfidfIndex index;
  index.add(1, "qubit measurement basis", {});
  index.add(2, "qubit measurement", {});
  index.add(3, "qubit", {});
  index.add(4, "photon source", {});
  const auto all = index.similar("qubit measurement basis", {}, 10, 0.0);
  REQUIRE(ids(all) == std::vector<std::int64_t>{1, 2, 3});
  CHECK(ids(index.similar("qubit measurement basis", {}, 2, 0.0)) == std::vector<std::int64_t>{1, 2});
  CHECK(index.similar("qubit measurement basis", {}, 0, 0.0).empty());
  CHECK(ids(index.similar("qubit measurement basis", {}, 10, all[1].score)) == std::vector<std::int64_t>{1, 2});
  CHECK(ids(index.similar("qubit measurement basis", {}, 10, 0.999)) == std::vector<std::int64_t>{1});
  CHECK(index.similar("qubit measurement basis", {}, 10, 1.5).empty());
  for (std::size_t i = 0; i + 1 < all.size(); ++i) CHECK(all[i].score >= all[i + 1].score);
}

TEST_CASE("equal scores rank the lower id first", "[ml][tfidf]") {
  TfidfIndex index;
  index.add(30, "grover search oracle", {});
  index.add(10, "unrelated photonics", {});
  index.add(40, "grover", {});
  index.add(20, "grover search oracle", {});
  index.remove(10);  // history must not change a document's norm
  index.remove(40);
  index.add(5, "shor factoring", {});
  const auto hits = index.similar("grover oracle", {}, 5, 0.0);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].score == hits[1].score);
  CHECK(ids(hits) == std::vector<std::int64_t>{20, 30});
}

TEST_CASE("the closest hand-made question ranks first", "[ml][tfidf]") {
  TfidfIndex index;
  index.add(1, "How do I install the bot on a Raspberry Pi? The installer fails with a permission error.",
            {"install", "raspberry-pi"});
  index.add(2, "How do I change the language of the bot's replies to Chinese?", {"i18n"});
  index.add(3, "Points are not awarded for answers in my group. Is the daily limit reached?", {"points"});
  index.add(4, "Can the bot post a weekly leaderboard of points?", {"points", "leaderboard"});
  index.add(5, "Permission denied when the bot reads its config file", {"config"});

  CHECK(index.similar("installer permission error on raspberry pi", {}, 1, 0.0).front().id == 1);
  CHECK(index.similar("make the bot reply in Chinese", {}, 1, 0.0).front().id == 2);
  CHECK(index.similar("why did I get no points for my answers in the group today", {"points"}, 1, 0.0).front().id == 3);
  CHECK(index.similar("show a leaderboard every week", {}, 1, 0.0).front().id == 4);
  CHECK(index.similar("config file permission denied", {"config"}, 1, 0.0).front().id == 5);
}

TEST_CASE("scores match a from-scratch reference after random edits", "[ml][tfidf]") {
  const Strings words = {"qubit", "gate", "noise", "circuit", "error", "photon", "bell", "state", "安装", "机器人"};
  const Strings tag_pool = {"qiskit", "noise", "hardware", "theory"};
  std::mt19937 rng(12345);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  const auto random_question = [&] {
    Question q;
    for (std::size_t i = 0, n = 1 + pick(8); i < n; ++i) q.text += words[pick(words.size())] + " ";
    for (std::size_t i = 0, n = pick(3); i < n; ++i) q.tags.push_back(tag_pool[pick(tag_pool.size())]);
    return q;
  };
  const double tag_weight = 1.5;
  TfidfIndex index(TfidfOptions{.tag_weight = tag_weight});
  std::map<std::int64_t, Question> docs;
  for (int step = 0; step < 400; ++step) {
    const auto id = static_cast<std::int64_t>(pick(40));
    if (pick(3) == 0) {
      index.remove(id);
      docs.erase(id);
    } else {
      Question q = random_question();
      index.add(id, q.text, q.tags);
      docs[id] = std::move(q);
    }
    REQUIRE(index.size() == docs.size());
    if (step % 20 != 19) continue;
    const Question query = random_question();
    const auto hits = index.similar(query.text, query.tags, 1000, 0.0);
    for (const auto& h : hits) REQUIRE(docs.count(h.id) == 1);
    for (const auto& [id2, _] : docs) {
      CHECK(score_of(hits, id2) == Approx(reference_score(docs, query, id2, tag_weight)).margin(1e-9));
    }
  }
}
