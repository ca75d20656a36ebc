// The cost of the one analysis of a message's text (handlers::analyse_text: filter normalisation, link hosts,
// caps, mentions, folding and the near-duplicate fingerprint), per message, on texts read from a replay file.
//
//   build/bench/text_analysis_bench [UPDATES.jsonl] [--messages N]
//
// Without a file it uses a built-in 600-character English text and a 200-character Chinese one. The "text" of
// each line is found by a plain search for "\"text\":\"" (JSON escapes are left as they are: the cost is what
// matters, not the exact characters).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "handlers/core/text_analyser.hpp"
#include "base/filter_text.hpp"
#include "base/links.hpp"
#include "base/text.hpp"
#include "ml/text_fingerprint.hpp"

int main(int argc, char** argv) {
  std::string path;
  std::size_t limit = 20000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--messages" && i + 1 < argc) limit = std::stoul(argv[++i]);
    else path = a;
  }
  std::vector<std::string> texts;
  if (!path.empty()) {
    std::ifstream in(path);
    std::string line;
    while (texts.size() < limit && std::getline(in, line)) {
      const auto at = line.find("\"text\":\"");
      if (at == std::string::npos) continue;
      const auto start = at + 8;
      auto end = start;
      while (end < line.size() && !(line[end] == '"' && line[end - 1] != '\\')) ++end;
      texts.push_back(line.substr(start, end - start));
    }
  } else {
    const std::string en(
        "Quantum error correction protects quantum information from decoherence and faulty gates. A logical qubit "
        "is spread over many physical qubits, and measuring the stabilisers tells which error happened without "
        "disturbing the encoded state. The surface code needs only nearest-neighbour interactions on a square grid, "
        "tolerates error rates near one percent, and is why so many hardware roadmaps talk about thousands of "
        "physical qubits per logical one. Decoding the syndrome quickly is a classical problem of its own, see "
        "https://example.com/decoders for @alice_q and me.");
    const std::string zh("量子纠错保护量子信息免受退相干和错误门操作的影响。一个逻辑量子比特分布在许多物理量子比特上，"
                         "测量稳定子可以知道发生了哪种错误而不破坏编码的状态。");
    for (std::size_t i = 0; i < limit; ++i) texts.push_back(i % 2 ? zh : en);
  }
  if (texts.empty()) {
    std::fprintf(stderr, "no texts\n");
    return 1;
  }
  std::size_t bytes = 0, sink = 0;
  for (const auto& t : texts) bytes += t.size();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<fanbase::TextAnalysis> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.push_back(fanbase::handlers::analyse_text(t));
  const auto t1 = std::chrono::steady_clock::now();
  double s = 0;
  for (std::size_t i = 1; i < out.size(); ++i) s += fanbase::ml::similarity(out[i - 1].fingerprint, out[i].fingerprint);
  const auto t2 = std::chrono::steady_clock::now();
  for (const auto& a : out) sink += a.folded_codepoints;
  const double analyse_us = std::chrono::duration<double, std::micro>(t1 - t0).count() / out.size();
  const double compare_ns = std::chrono::duration<double, std::nano>(t2 - t1).count() / (out.size() - 1 + 1e-9);
  // The parts, to see where the time goes.
  const auto part = [&](const char* name, auto fn) {
    const auto a = std::chrono::steady_clock::now();
    for (const auto& t : texts) sink += fn(t);
    const auto b = std::chrono::steady_clock::now();
    std::printf("  %-22s %8.2f us/message\n", name, std::chrono::duration<double, std::micro>(b - a).count() / texts.size());
  };
  part("normalize_for_filter", [](const std::string& t) { return fanbase::normalize_for_filter(t).size(); });
  part("find_link_hosts", [](const std::string& t) { return fanbase::find_link_hosts(fanbase::normalize_for_filter(t)).size(); });
  part("caps_ratio", [](const std::string& t) { std::size_t l = 0; fanbase::caps_ratio(t, l); return l; });
  part("count_mentions", [](const std::string& t) { return fanbase::count_mentions(t); });
  part("fold (whole)", [](const std::string& t) { return fanbase::text::fold_for_similarity(t, ~std::size_t{0}).size(); });
  part("fold + fingerprint", [](const std::string& t) {
    return static_cast<std::size_t>(fanbase::ml::fingerprint(fanbase::text::fold_for_similarity(t, ~std::size_t{0})).size);
  });
  std::printf("messages=%zu mean_bytes=%.1f analyse_us_per_message=%.2f compare_ns=%.1f (check %zu %.3f)\n",
              out.size(), static_cast<double>(bytes) / out.size(), analyse_us, compare_ns, sink, s);
  return 0;
}
