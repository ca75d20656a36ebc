#include "bot/app/eval_recs.hpp"

#include "bot/app/exit_codes.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "base/result.hpp"
#include "config/load_config.hpp"

#include "handlers/personal/community_model.hpp"
#include "ml/als.hpp"
#include "ml/rec_eval.hpp"

namespace fanbase {

namespace {


using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Options {
  std::string config;
  std::string db;
  std::string community;
  bool tags = true;  // member x tag; false: member x item
  std::size_t k = 10;
  bool validation = false;
};

// The community's catalogue and positive feedback, as dense indices.
struct Data {
  std::string community;
  std::size_t members = 0;
  std::size_t items = 0;                          // tags or content items, in index order
  std::vector<std::vector<std::uint32_t>> tags_of;  // per content item: its tags (indices into tag_names)
  std::size_t tags = 0;
  std::vector<ml::Interaction> events;
};

std::vector<std::string> split_tags(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Finds the community (by chat id, or "platform/chat id"; without a name: the only one with interactions) and loads
// it. Throws std::runtime_error with a message for the user.
Data load(SQLite::Database& db, const Options& o) {
  struct Community {
    std::int64_t id;
    std::string name;
    std::int64_t interactions;
  };
  std::vector<Community> all;
  {
    SQLite::Statement st(db,
                         "SELECT c.id, c.platform, c.chat_id, (SELECT count(*) FROM interaction i "
                         "WHERE i.community_id = c.id) FROM community c ORDER BY c.id");
    while (st.executeStep()) {
      all.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString() + "/" + st.getColumn(2).getString(),
                     st.getColumn(3).getInt64()});
    }
  }
  std::vector<const Community*> matches;
  for (const auto& c : all) {
    const std::string chat = c.name.substr(c.name.find('/') + 1);
    if (o.community.empty() ? c.interactions > 0 : (o.community == chat || o.community == c.name)) {
      matches.push_back(&c);
    }
  }
  if (matches.size() != 1) {
    std::string list;
    for (const auto& c : all) list += "\n  " + c.name + " (" + std::to_string(c.interactions) + " interactions)";
    throw std::runtime_error((matches.empty() ? std::string("no such community") : "several communities match") +
                             (o.community.empty() ? "" : " \"" + o.community + "\"") +
                             "; name one with --community CHAT. Communities:" + (list.empty() ? " none" : list));
  }
  Data d;
  d.community = matches[0]->name;
  const std::int64_t community = matches[0]->id;

  // Items by id; tags by name (byte order), so index order is the tie order of the protocol.
  std::vector<std::int64_t> item_ids;
  std::vector<std::vector<std::string>> item_tags;
  {
    SQLite::Statement st(db, "SELECT id, tags FROM content_item WHERE community_id = ?1 ORDER BY id");
    st.bind(1, community);
    while (st.executeStep()) {
      item_ids.push_back(st.getColumn(0).getInt64());
      item_tags.push_back(split_tags(st.getColumn(1).getString()));
    }
  }
  std::map<std::string, std::uint32_t> tag_index;
  for (const auto& tags : item_tags) {
    for (const auto& t : tags) tag_index.emplace(t, 0);
  }
  std::uint32_t next = 0;
  for (auto& [name, index] : tag_index) index = next++;
  d.tags = tag_index.size();
  d.tags_of.resize(item_ids.size());
  for (std::size_t i = 0; i < item_ids.size(); ++i) {
    for (const auto& t : item_tags[i]) d.tags_of[i].push_back(tag_index.at(t));
  }
  std::unordered_map<std::int64_t, std::uint32_t> item_of;
  for (std::size_t i = 0; i < item_ids.size(); ++i) item_of.emplace(item_ids[i], static_cast<std::uint32_t>(i));

  // Positive interactions (negative kinds only exclude items for the live recommender); members by id.
  struct Row {
    std::int64_t member;
    std::uint32_t item;
    float weight;
    std::int64_t at;
  };
  std::vector<Row> rows;
  std::vector<std::int64_t> member_ids;
  {
    SQLite::Statement st(db,
                         "SELECT member_id, item_id, weight, at FROM interaction "
                         "WHERE community_id = ?1 AND weight > 0 ORDER BY id");
    st.bind(1, community);
    while (st.executeStep()) {
      const auto item = item_of.find(st.getColumn(1).getInt64());
      if (item == item_of.end()) continue;
      rows.push_back({st.getColumn(0).getInt64(), item->second, static_cast<float>(st.getColumn(2).getDouble()),
                      st.getColumn(3).getInt64()});
      member_ids.push_back(rows.back().member);
    }
  }
  std::sort(member_ids.begin(), member_ids.end());
  member_ids.erase(std::unique(member_ids.begin(), member_ids.end()), member_ids.end());
  d.members = member_ids.size();
  d.items = o.tags ? d.tags : item_ids.size();
  for (const Row& r : rows) {
    const auto user = static_cast<std::uint32_t>(
        std::lower_bound(member_ids.begin(), member_ids.end(), r.member) - member_ids.begin());
    if (o.tags) {
      for (const auto tag : d.tags_of[r.item]) d.events.push_back({user, tag, r.at, r.weight});
    } else {
      d.events.push_back({user, r.item, r.at, r.weight});
    }
  }
  return d;
}

struct ModelResult {
  std::string model;
  ml::Metrics metrics;
  double train_seconds = 0;
  std::vector<double> iteration_seconds;  // ALS only
};

// Tag similarity for the member x tag matrix: the cosine of two tags' question sets (co-occurrence on catalogue
// items, never on interactions), a dense table looked up by ml::similarity_ranker.
std::vector<double> tag_cosine(const Data& d) {
  const std::size_t n = d.tags;
  std::vector<double> table(n * n, 0.0);
  std::vector<double> count(n, 0.0);
  for (const auto& tags : d.tags_of) {
    for (const auto a : tags) {
      count[a] += 1;
      for (const auto b : tags) {
        if (a != b) table[a * n + b] += 1;
      }
    }
  }
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) {
      if (table[a * n + b] > 0) table[a * n + b] /= std::sqrt(count[a] * count[b]);
    }
  }
  return table;
}

// Tag similarity for the member x item matrix: each item is its tags' TF-IDF vector (smoothed idf as in
// ml/tfidf: ln((1 + N) / (1 + df)) + 1, unit length); a member's profile is the sum of their training items'
// vectors weighted by r, and an item scores profile . vector (the cosine up to the profile's norm). Ties (items
// sharing no tag with the profile) by `tie_rank`, the popularity order.
class TagProfileRanker {
 public:
  TagProfileRanker(const Data& d, const ml::Split& split, std::vector<std::uint32_t> tie_rank)
      : d_(d), split_(split), tie_rank_(std::move(tie_rank)), postings_(d.tags), item_weights_(d.tags_of.size()) {
    std::vector<double> df(d.tags, 0.0);
    for (const auto& tags : d.tags_of) {
      for (const auto t : tags) df[t] += 1;
    }
    const double n = static_cast<double>(d.tags_of.size());
    for (std::size_t i = 0; i < d.tags_of.size(); ++i) {
      double norm = 0;
      for (const auto t : d.tags_of[i]) {
        const double w = std::log((1 + n) / (1 + df[t])) + 1;
        item_weights_[i].push_back(w);
        norm += w * w;
      }
      norm = std::sqrt(norm);
      for (std::size_t j = 0; j < d.tags_of[i].size(); ++j) {
        item_weights_[i][j] /= norm;
        postings_[d.tags_of[i][j]].emplace_back(static_cast<std::uint32_t>(i), item_weights_[i][j]);
      }
    }
  }

  std::vector<std::uint32_t> rank(std::uint32_t user, std::span<const std::uint32_t> exclude, std::size_t k) const {
    std::vector<double> profile(d_.tags, 0.0);
    for (const auto& cell : split_.training_of(user)) {
      for (std::size_t j = 0; j < d_.tags_of[cell.item].size(); ++j) {
        profile[d_.tags_of[cell.item][j]] += cell.r * item_weights_[cell.item][j];
      }
    }
    std::vector<double> scores(d_.tags_of.size(), 0.0);
    for (std::size_t t = 0; t < d_.tags; ++t) {
      if (profile[t] == 0) continue;
      for (const auto& [item, w] : postings_[t]) scores[item] += profile[t] * w;
    }
    return ml::top_k(scores, exclude, k, tie_rank_);
  }

 private:
  const Data& d_;
  const ml::Split& split_;
  std::vector<std::uint32_t> tie_rank_;
  std::vector<std::vector<std::pair<std::uint32_t, double>>> postings_;  // per tag: (item, weight)
  std::vector<std::vector<double>> item_weights_;                        // per item: weight of each of its tags
};

std::vector<ModelResult> run_models(const Data& d, bool tags, const ml::Split& split,
                               const config::RecommenderConfig& rc, std::size_t k) {
  std::vector<ModelResult> out;
  const std::size_t n = d.items;

  auto start = Clock::now();
  const ml::PopularityRanker popularity(split.train, n);
  ModelResult pop{"popularity", {}, seconds_since(start), {}};
  pop.metrics = ml::evaluate(split, popularity.ranker(), k, n);
  out.push_back(pop);

  std::vector<std::uint32_t> popularity_rank(n);
  for (std::size_t r = 0; r < n; ++r) popularity_rank[popularity.order()[r]] = static_cast<std::uint32_t>(r);
  start = Clock::now();
  ModelResult sim{"tag-similarity", {}, 0, {}};
  if (tags) {
    const std::vector<double> table = tag_cosine(d);
    sim.train_seconds = seconds_since(start);
    const auto ranker = ml::similarity_ranker(
        split, n, [&table, n](std::uint32_t a, std::uint32_t b) { return table[a * n + b]; }, popularity_rank);
    sim.metrics = ml::evaluate(split, ranker, k, n);
  } else {
    const TagProfileRanker profile(d, split, popularity_rank);
    sim.train_seconds = seconds_since(start);
    sim.metrics = ml::evaluate(
        split, [&profile](std::uint32_t u, std::span<const std::uint32_t> ex, std::size_t kk) {
          return profile.rank(u, ex, kk);
        },
        k, n);
  }
  out.push_back(sim);

  ml::Interactions in;
  in.users = static_cast<int>(std::max(d.members, split.n_users));
  in.items = static_cast<int>(n);
  in.triples.reserve(split.train.size());
  for (const auto& c : split.train) {
    in.triples.push_back({static_cast<std::int32_t>(c.user), static_cast<std::int32_t>(c.item), c.r});
  }
  auto matrix = ml::SparseMatrix::build(in);
  if (!matrix) throw std::runtime_error("the training matrix was refused: " + matrix.error().key);
  ml::AlsOptions options = handlers::als_options(rc);
  ModelResult als{"als", {}, 0, {}};
  start = Clock::now();
  const ml::AlsModel model = ml::AlsModel::train(*matrix, options, [&](int, double seconds) {
    als.iteration_seconds.push_back(seconds);
  });
  als.train_seconds = seconds_since(start);
  als.metrics = ml::evaluate(
      split,
      [&model](std::uint32_t user, std::span<const std::uint32_t> exclude, std::size_t kk) {
        std::vector<std::pair<int, float>> top;
        model.top_n(static_cast<int>(user), static_cast<int>(kk),
                    [exclude](int item) {
                      return std::binary_search(exclude.begin(), exclude.end(), static_cast<std::uint32_t>(item));
                    },
                    top);
        std::vector<std::uint32_t> ranked;
        ranked.reserve(top.size());
        for (const auto& [item, score] : top) ranked.push_back(static_cast<std::uint32_t>(item));
        return ranked;
      },
      k, n);
  out.push_back(std::move(als));
  return out;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

bool parse_options(int argc, char** argv, Options& o, std::string& error) {
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        error = std::string(arg) + " needs a value";
        return false;
      }
      into = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--config" || arg == "-c") {
      if (!value(o.config)) return false;
    } else if (arg == "--db") {
      if (!value(o.db)) return false;
    } else if (arg == "--community") {
      if (!value(o.community)) return false;
    } else if (arg == "--matrix") {
      if (!value(v)) return false;
      if (v != "tag" && v != "item") {
        error = "--matrix takes tag or item";
        return false;
      }
      o.tags = v == "tag";
    } else if (arg == "--k") {
      if (!value(v)) return false;
      std::size_t used = 0;
      long k = 0;
      try {
        k = std::stol(v, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != v.size() || k < 1 || k > 1000) {
        error = "--k takes a whole number from 1 to 1000";
        return false;
      }
      o.k = static_cast<std::size_t>(k);
    } else if (arg == "--validation") {
      o.validation = true;
    } else {
      error = "unknown argument " + std::string(arg);
      return false;
    }
  }
  return true;
}

}  // namespace

int eval_recs_command(int argc, char** argv) {
  const char* usage =
      "usage: fanbase eval-recs [--config FILE] [--db PATH] [--community CHAT] [--matrix tag|item] [--k N] "
      "[--validation]\n";
  Options o;
  std::string error;
  if (!parse_options(argc, argv, o, error)) {
    std::cerr << "fanbase: " << error << "\n" << usage;
    return exit_usage;
  }
  {
    const config::Config c = o.config.empty() ? config::load_config_text(config::embedded_example_config(),
                                                                         "<built-in example>")
                                              : config::load_config_file(o.config);
    const std::string path = o.db.empty() ? c.storage.path : o.db;
    Data d;
    try {
      SQLite::Database db(path, SQLite::OPEN_READONLY);
      d = load(db, o);
    } catch (const SQLite::Exception& e) {
      std::cerr << "fanbase: storage error: " << path << ": " << e.what() << "\n";
      return exit_storage;
    }
    ml::SplitOptions split_options;  // ties: index order = tag name / item id ascending
    const ml::Split test_split = ml::time_split(d.events, split_options);
    const ml::Split split = o.validation ? ml::validation_split(test_split, split_options) : test_split;
    if (split.evaluated_users() == 0) {
      std::cerr << "fanbase: nothing to evaluate in " << d.community << ": no member has "
                << split_options.min_items << " or more distinct " << (o.tags ? "tags" : "items") << " ("
                << d.events.size() << " events)\n";
      return exit_runtime;
    }
    const auto& rc = c.recommender;
    std::cout << "eval-recs: community " << d.community << ", member x " << (o.tags ? "tag" : "item") << ", "
              << (o.validation ? "validation split (carved from the training part; the test set is not read)"
                               : "test split")
              << ", K = " << o.k << "\n"
              << "  " << d.members << " members, " << d.items << (o.tags ? " tags, " : " items, ") << d.events.size()
              << " events, " << split.train.size() << " training cells (r = summed interaction weights)\n"
              << "  evaluated members " << split.evaluated_users() << ", test pairs " << split.test_pairs()
              << "; als: " << rc.factors << " factors, lambda " << rc.lambda << ", alpha " << rc.alpha << ", "
              << rc.iterations << " iterations, " << rc.cg_steps << " CG steps, " << rc.threads << " threads\n";
    const std::string k = std::to_string(o.k);
    for (const ModelResult& r : run_models(d, o.tags, split, rc, o.k)) {
      const auto& m = r.metrics;
      std::string train;
      if (r.iteration_seconds.empty()) {
        train = fixed(r.train_seconds, 3) + " s";
      } else {
        const double mean = std::accumulate(r.iteration_seconds.begin(), r.iteration_seconds.end(), 0.0) /
                            static_cast<double>(r.iteration_seconds.size());
        train = fixed(mean, 4) + " s/iteration (" + fixed(r.train_seconds, 3) + " s)";
      }
      std::printf("  %-15s P@%s %s  R@%s %s  nDCG@%s %s  MAP@%s %s  coverage %s  train %s\n", r.model.c_str(),
                  k.c_str(), fixed(m.precision, 4).c_str(), k.c_str(), fixed(m.recall, 4).c_str(), k.c_str(),
                  fixed(m.ndcg, 4).c_str(), k.c_str(), fixed(m.map, 4).c_str(), fixed(m.coverage, 4).c_str(),
                  train.c_str());
    }
    std::fflush(stdout);
    return 0;
  }
}

}  // namespace fanbase
