#include "handlers/personal/recommender.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "base/log.hpp"
#include "base/time.hpp"

namespace fanbase::handlers {

namespace {

constexpr int catalog_max_items = 200'000;      // a community's live items held for ranking
constexpr int catalog_max_rows = 200'000;       // interactions read at load for popularity (after the model's)
constexpr int snapshot_page = 50'000;           // interactions per read on the trainer
constexpr std::size_t profile_items = 20;       // the latest positive items that describe a cold member
constexpr std::uint32_t file_version = 1;
constexpr char file_magic[8] = {'F', 'B', 'R', 'E', 'C', 'S', '0', '1'};
constexpr std::uint32_t max_file_rows = 1U << 24;

std::vector<std::string> split_tags(const std::string& stored) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < stored.size()) {
    auto end = stored.find(' ', start);
    if (end == std::string::npos) end = stored.size();
    if (end > start) out.push_back(stored.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

double tag_overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (const auto& t : a) common += static_cast<std::size_t>(std::count(b.begin(), b.end(), t));
  const std::size_t all = a.size() + b.size() - common;
  return all == 0 ? 0 : static_cast<double>(common) / static_cast<double>(all);
}

// Binary helpers for the model file (native byte order: little-endian on every machine we ship for).
template <class T>
void put(std::ostream& out, const T& v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof(T));
}
template <class T>
bool get(std::istream& in, T& v) {
  in.read(reinterpret_cast<char*>(&v), sizeof(T));
  return static_cast<std::size_t>(in.gcount()) == sizeof(T);
}
template <class T>
void put_vector(std::ostream& out, const std::vector<T>& v) {
  put(out, static_cast<std::uint32_t>(v.size()));
  if (!v.empty()) out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}
template <class T>
bool get_vector(std::istream& in, std::vector<T>& v) {
  std::uint32_t n = 0;
  if (!get(in, n) || n > max_file_rows) return false;
  v.resize(n);
  if (n == 0) return true;
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(std::size_t{n} * sizeof(T)));
  return static_cast<std::size_t>(in.gcount()) == std::size_t{n} * sizeof(T);
}

Error file_error(std::string reason) { return user_error(Errc::bad_input, "rec.bad_model_file", {std::move(reason)}); }

}  // namespace

// ---------------------------------------------------------------------------------------------------- model

std::size_t CommunityModel::memory_bytes() const {
  // unordered_map: a node (key, value, next pointer, cached hash) per entry plus a bucket pointer.
  constexpr std::size_t node = 2 * sizeof(std::int64_t) + 2 * sizeof(void*);
  return sizeof(*this) + als.memory_bytes() + (item_ids.size() + member_ids.size()) * sizeof(std::int64_t) +
         (item_index.size() + user_index.size()) * (node + sizeof(void*)) + popularity.size() * sizeof(double);
}

std::shared_ptr<const CommunityModel> train_community(std::int64_t community_id,
                                                      const std::vector<storage::InteractionRow>& rows,
                                                      const config::RecommenderConfig& config, std::int64_t at) {
  auto m = std::make_shared<CommunityModel>();
  m->community_id = community_id;
  m->trained_at = at;
  for (const auto& r : rows) {
    m->item_ids.push_back(r.item_id);
    m->member_ids.push_back(r.member_id);
    m->watermark = std::max(m->watermark, r.id);
  }
  for (auto* ids : {&m->item_ids, &m->member_ids}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  m->item_index.reserve(m->item_ids.size());
  for (std::size_t i = 0; i < m->item_ids.size(); ++i) m->item_index.emplace(m->item_ids[i], static_cast<int>(i));
  m->user_index.reserve(m->member_ids.size());
  for (std::size_t i = 0; i < m->member_ids.size(); ++i) m->user_index.emplace(m->member_ids[i], static_cast<int>(i));

  ml::Interactions in;
  in.users = static_cast<int>(m->member_ids.size());
  in.items = static_cast<int>(m->item_ids.size());
  in.triples.reserve(rows.size());
  m->popularity.assign(m->item_ids.size(), 0.0);
  const double half_life = static_cast<double>(std::max(1, config.popularity_half_life_days)) * day_ms;
  for (const auto& r : rows) {
    const int item = m->item_index.at(r.item_id);
    in.triples.push_back({m->user_index.at(r.member_id), item, static_cast<float>(r.weight)});
    if (r.weight > 0) m->popularity[static_cast<std::size_t>(item)] += r.weight * std::exp2((r.at - at) / half_life);
  }
  auto matrix = ml::SparseMatrix::build(in);
  if (!matrix) throw std::logic_error("recommender: interactions the ALS matrix refused: " + matrix.error().key);
  ml::AlsOptions options;
  options.factors = config.factors;
  options.lambda = static_cast<float>(config.lambda);
  options.alpha = static_cast<float>(config.alpha);
  options.iterations = config.iterations;
  options.cg_steps = config.cg_steps;
  options.threads = config.threads;
  m->als = ml::AlsModel::train(*matrix, options);
  return m;
}

bool save_models(const ModelSet& models, std::ostream& out) {
  std::vector<std::int64_t> ids;
  for (const auto& [id, m] : models.by_community) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  out.write(file_magic, sizeof(file_magic));
  put(out, file_version);
  put(out, static_cast<std::uint32_t>(ids.size()));
  for (const auto id : ids) {
    const CommunityModel& m = *models.by_community.at(id);
    put(out, m.community_id);
    put(out, m.watermark);
    put(out, m.trained_at);
    put_vector(out, m.item_ids);
    put_vector(out, m.member_ids);
    put_vector(out, m.popularity);
    if (!m.als.save(out)) return false;
  }
  out.flush();
  return out.good();
}

Result<ModelSet> load_models(std::istream& in) {
  char magic[sizeof(file_magic)] = {};
  in.read(magic, sizeof(magic));
  if (static_cast<std::size_t>(in.gcount()) != sizeof(magic) || std::memcmp(magic, file_magic, sizeof(magic)) != 0) {
    return file_error("not a recommender model file");
  }
  std::uint32_t version = 0;
  std::uint32_t count = 0;
  if (!get(in, version) || version != file_version) return file_error("unsupported version");
  if (!get(in, count) || count > max_file_rows) return file_error("impossible community count");
  ModelSet set;
  for (std::uint32_t c = 0; c < count; ++c) {
    auto m = std::make_shared<CommunityModel>();
    if (!get(in, m->community_id) || !get(in, m->watermark) || !get(in, m->trained_at) ||
        !get_vector(in, m->item_ids) || !get_vector(in, m->member_ids) || !get_vector(in, m->popularity)) {
      return file_error("truncated");
    }
    auto als = ml::AlsModel::load(in);
    if (!als) return file_error(als.error().args.empty() ? als.error().key : als.error().args.front());
    m->als = std::move(*als);
    if (m->als.items() != static_cast<int>(m->item_ids.size()) ||
        m->als.users() != static_cast<int>(m->member_ids.size()) || m->popularity.size() != m->item_ids.size()) {
      return file_error("maps do not match the factors");
    }
    if (!std::all_of(m->popularity.begin(), m->popularity.end(), [](double p) { return std::isfinite(p); })) {
      return file_error("non-finite popularity");
    }
    for (std::size_t i = 0; i < m->item_ids.size(); ++i) m->item_index.emplace(m->item_ids[i], static_cast<int>(i));
    for (std::size_t i = 0; i < m->member_ids.size(); ++i) m->user_index.emplace(m->member_ids[i], static_cast<int>(i));
    set.by_community[m->community_id] = std::move(m);
  }
  return set;
}

// -------------------------------------------------------------------------------------------------- catalog

Catalog::Catalog(std::int64_t half_life_ms, std::int64_t reference_ms)
    : half_life_ms_(std::max<std::int64_t>(1, half_life_ms)), reference_ms_(reference_ms) {}

void Catalog::put(const storage::ContentItem& c) {
  Item item{c.id, c.kind, c.title, c.url, split_tags(c.tags), c.author_id, c.created_at};
  tfidf_.add(c.id, item.title, item.tags);
  items_[c.id] = std::move(item);
}

void Catalog::remove(std::int64_t item_id) {
  items_.erase(item_id);
  tfidf_.remove(item_id);
}

void Catalog::rebase(std::int64_t at) {
  const double factor = std::exp2(static_cast<double>(reference_ms_ - at) / static_cast<double>(half_life_ms_));
  for (auto& [id, p] : popularity_) p *= factor;
  reference_ms_ = at;
}

void Catalog::add_popularity(std::int64_t item_id, double weight, std::int64_t at) {
  if (!(weight > 0)) return;
  if (reference_ms_ == 0) reference_ms_ = at;
  // Keep exponents small: 2^64 of headroom before the sums are moved to a later reference.
  if (at - reference_ms_ > 64 * half_life_ms_) rebase(at);
  popularity_[item_id] +=
      weight * std::exp2(static_cast<double>(at - reference_ms_) / static_cast<double>(half_life_ms_));
}

void Catalog::add_model_popularity(const CommunityModel& model) {
  if (reference_ms_ == 0) reference_ms_ = model.trained_at;
  if (model.trained_at - reference_ms_ > 64 * half_life_ms_) rebase(model.trained_at);
  const double factor =
      std::exp2(static_cast<double>(model.trained_at - reference_ms_) / static_cast<double>(half_life_ms_));
  for (std::size_t i = 0; i < model.item_ids.size(); ++i) {
    if (model.popularity[i] > 0) popularity_[model.item_ids[i]] += model.popularity[i] * factor;
  }
}

const Catalog::Item* Catalog::find(std::int64_t id) const {
  auto it = items_.find(id);
  return it == items_.end() ? nullptr : &it->second;
}

double Catalog::popularity(std::int64_t item_id) const {
  auto it = popularity_.find(item_id);
  return it == popularity_.end() ? 0.0 : it->second;
}

// -------------------------------------------------------------------------------------------------- ranking

std::vector<Pick> rank_picks(const RankRequest& req, const Catalog& catalog, const CommunityModel* model) {
  std::unordered_set<std::int64_t> seen;
  std::vector<std::int64_t> positives;
  seen.reserve(req.history.size() * 2);
  for (const auto& [id, negative] : req.history) {
    seen.insert(id);
    if (!negative) positives.push_back(id);
  }
  const auto eligible = [&](std::int64_t id) -> const Catalog::Item* {
    const Catalog::Item* item = catalog.find(id);
    if (item == nullptr || seen.count(id) != 0) return nullptr;
    if (item->author_id && *item->author_id == req.member_id) return nullptr;
    return item;
  };
  const int n = std::max(0, req.n);
  const std::size_t pool = static_cast<std::size_t>(std::max(n * 4, 20));
  std::vector<Pick> candidates;
  std::unordered_set<std::int64_t> in_pool;

  // 1. ALS: members with enough interactions; members newer than the model are folded in.
  if (model != nullptr && model->als.items() > 0 && positives.size() >= static_cast<std::size_t>(req.cold_start_interactions) &&
      !positives.empty()) {
    std::vector<std::pair<int, float>> top;
    const auto exclude = [&](int index) {
      return eligible(model->item_ids[static_cast<std::size_t>(index)]) == nullptr;
    };
    const int k = static_cast<int>(pool);
    if (auto u = model->user_index.find(req.member_id); u != model->user_index.end()) {
      model->als.top_n(u->second, k, exclude, top);
    } else {
      std::vector<std::pair<int, float>> known;
      for (const auto id : positives) {
        if (auto i = model->item_index.find(id); i != model->item_index.end()) known.emplace_back(i->second, 1.0f);
      }
      std::sort(known.begin(), known.end());
      if (!known.empty()) {
        const Eigen::VectorXf v = model->als.fold_in(known);
        if (v.squaredNorm() > 0) model->als.top_n_for(v, k, exclude, top);
      }
    }
    float best = 0;
    for (const auto& [i, s] : top) best = std::max(best, s);
    for (const auto& [i, s] : top) {
      if (!(s > 0)) continue;
      const std::int64_t id = model->item_ids[static_cast<std::size_t>(i)];
      candidates.push_back({id, (2.0 + static_cast<double>(s / best)) / 3.0, "rec.reason.als", {}});
      in_pool.insert(id);
    }
  }

  // 2. Tag similarity: TF-IDF over the titles and tags of the latest things the member engaged with.
  if (candidates.size() < pool && !positives.empty()) {
    std::string text;
    std::vector<std::string> tags;
    std::unordered_map<std::string, int> tag_count;
    std::size_t used = 0;
    for (auto it = positives.rbegin(); it != positives.rend() && used < profile_items; ++it) {
      const Catalog::Item* item = catalog.find(*it);
      if (item == nullptr) continue;
      ++used;
      text += item->title;
      text += '\n';
      for (const auto& t : item->tags) {
        if (tag_count[t]++ == 0) tags.push_back(t);
      }
    }
    if (used > 0) {
      const auto hits = catalog.tfidf().similar(text, tags, pool + seen.size() + 8, 0.0);
      for (const auto& hit : hits) {
        if (candidates.size() >= pool) break;
        const Catalog::Item* item = eligible(hit.id);
        if (item == nullptr || in_pool.count(hit.id) != 0) continue;
        const std::string* shared = nullptr;  // the shared tag the member engaged with most
        int shared_count = 0;
        for (const auto& t : item->tags) {
          auto c = tag_count.find(t);
          if (c != tag_count.end() && c->second > shared_count) {
            shared = &c->first;
            shared_count = c->second;
          }
        }
        candidates.push_back({hit.id, (1.0 + std::min(1.0, hit.score)) / 3.0,
                              shared ? "rec.reason.tag" : "rec.reason.similar", shared ? *shared : std::string{}});
        in_pool.insert(hit.id);
      }
    }
  }

  // 3. Time-decayed popularity, then the newest: the fallback that always has something.
  if (candidates.size() < pool) {
    struct Scored {
      double popularity;
      std::int64_t created_at;
      std::int64_t id;
    };
    std::vector<Scored> all;
    all.reserve(catalog.items().size());
    for (const auto& [id, item] : catalog.items()) {
      if (in_pool.count(id) != 0 || eligible(id) == nullptr) continue;
      all.push_back({catalog.popularity(id), item.created_at, id});
    }
    const std::size_t want = std::min(all.size(), pool - candidates.size());
    const auto better = [](const Scored& a, const Scored& b) {
      if (a.popularity != b.popularity) return a.popularity > b.popularity;
      if (a.created_at != b.created_at) return a.created_at > b.created_at;
      return a.id > b.id;
    };
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(want), all.end(), better);
    const double best = want > 0 ? all.front().popularity : 0;
    for (std::size_t i = 0; i < want; ++i) {
      const bool popular = all[i].popularity > 0 && best > 0;
      // Below every tag-similarity pick; among themselves by popularity, the unrated ones by recency.
      const double rel = popular ? (0.05 + 0.95 * all[i].popularity / best) / 3.0
                                 : 0.04 / 3.0 * (1.0 - static_cast<double>(i) / static_cast<double>(want + 1));
      candidates.push_back({all[i].id, rel, popular ? "rec.reason.popular" : "rec.reason.new", {}});
    }
  }

  // 4. Maximal marginal relevance: (1 - diversity) · relevance - diversity · max tag overlap with earlier picks.
  const double d = std::clamp(req.diversity, 0.0, 1.0);
  std::vector<Pick> picks;
  std::vector<const Catalog::Item*> picked_items;
  std::vector<bool> taken(candidates.size(), false);
  while (picks.size() < static_cast<std::size_t>(n)) {
    std::size_t best = candidates.size();
    double best_score = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (taken[i]) continue;
      const Catalog::Item* item = catalog.find(candidates[i].item_id);
      double overlap = 0;
      for (const auto* p : picked_items) overlap = std::max(overlap, tag_overlap(item->tags, p->tags));
      const double score = (1.0 - d) * candidates[i].relevance - d * overlap;
      if (score > best_score) {
        best_score = score;
        best = i;
      }
    }
    if (best == candidates.size()) break;
    taken[best] = true;
    picked_items.push_back(catalog.find(candidates[best].item_id));
    picks.push_back(candidates[best]);
  }
  return picks;
}

// ---------------------------------------------------------------------------------------------- recommender

Recommender::Recommender(const config::RecommenderConfig& config, std::string model_path, SnapshotReader reader)
    : config_(config), model_path_(std::move(model_path)), reader_(std::move(reader)) {
  models_.store(std::make_shared<const ModelSet>());
  if (config_.enabled && !model_path_.empty() && std::filesystem::exists(model_path_)) {
    std::ifstream in(model_path_, std::ios::binary);
    auto loaded = load_models(in);
    if (loaded) {
      for (const auto& [id, m] : loaded->by_community) known_.insert(id);
      log::info("recommender.loaded", {{"path", model_path_}, {"communities", std::to_string(loaded->by_community.size())}});
      models_.store(std::make_shared<const ModelSet>(std::move(*loaded)));
    } else {
      log::warn("recommender.load_failed",
                {{"path", model_path_}, {"reason", loaded.error().args.empty() ? "" : loaded.error().args.front()}});
    }
  }
  thread_ = std::thread([this] { loop(); });
}

Recommender::~Recommender() { stop(); }

void Recommender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const CommunityModel> Recommender::model(std::int64_t community_id) const {
  const auto set = models();
  auto it = set->by_community.find(community_id);
  return it == set->by_community.end() ? nullptr : it->second;
}

void Recommender::publish(std::shared_ptr<const CommunityModel> model) {
  std::lock_guard lock(publish_mutex_);
  auto next = std::make_shared<ModelSet>(*models());
  next->by_community[model->community_id] = std::move(model);
  models_.store(std::move(next), std::memory_order_release);
}

bool Recommender::maybe_train(storage::ContentRepository& content, std::int64_t at) {
  if (!config_.enabled) return false;
  if (last_train_at_ != 0 && at - last_train_at_ < std::int64_t{config_.retrain_minutes} * minute_ms) return false;
  {
    std::lock_guard lock(mutex_);
    if (busy_ || job_ || stopping_) return false;
  }
  const int needed = std::max(1, config_.retrain_min_interactions);
  if (!communities_loaded_) {  // after a restart (or an import): every community with feedback is watched
    for (std::int64_t c : content.communities_with_interactions()) known_.insert(c);
    communities_loaded_ = true;
  }
  std::vector<std::int64_t> communities(known_.begin(), known_.end());
  std::sort(communities.begin(), communities.end());
  Job job;
  job.at = at;
  for (const auto c : communities) {
    const auto m = model(c);
    if (static_cast<int>(content.interactions(c, m ? m->watermark : 0, needed).size()) >= needed) {
      job.communities.push_back(c);
    }
  }
  if (job.communities.empty()) return false;
  last_train_at_ = at;
  {
    std::lock_guard lock(mutex_);
    job_ = std::move(job);
  }
  wake_.notify_one();
  return true;
}

Catalog& Recommender::catalog(storage::ContentRepository& content, std::int64_t community_id) {
  auto& slot = catalogs_[community_id];
  if (slot) return *slot;
  know(community_id);
  const auto m = model(community_id);
  auto c = std::make_unique<Catalog>(std::int64_t{std::max(1, config_.popularity_half_life_days)} * day_ms,
                                     m ? m->trained_at : 0);
  for (const auto& item : content.live(community_id, catalog_max_items)) c->put(item);
  if (m) {
    c->add_model_popularity(*m);
    c->watermark = m->watermark;
  }
  for (const auto& row : content.interactions(community_id, c->watermark, catalog_max_rows)) {
    c->add_popularity(row.item_id, row.weight, row.at);
    c->watermark = row.id;
  }
  slot = std::move(c);
  return *slot;
}

void Recommender::item_changed(const storage::ContentItem& item) {
  know(item.community_id);
  auto it = catalogs_.find(item.community_id);
  if (it == catalogs_.end()) return;  // loaded from storage on first use
  if (item.retired_at) {
    it->second->remove(item.id);
  } else {
    it->second->put(item);
  }
}

void Recommender::item_retired(std::int64_t community_id, std::int64_t item_id) {
  auto it = catalogs_.find(community_id);
  if (it != catalogs_.end()) it->second->remove(item_id);
}

void Recommender::interaction_added(const storage::InteractionRow& row) {
  know(row.community_id);
  auto it = catalogs_.find(row.community_id);
  if (it == catalogs_.end()) return;
  it->second->add_popularity(row.item_id, row.weight, row.at);
  it->second->watermark = std::max(it->second->watermark, row.id);
}

void Recommender::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return (!busy_ && !job_) || stopping_; });
}

void Recommender::loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || job_.has_value(); });
      if (stopping_) {
        job_.reset();
        break;
      }
      job = std::move(*job_);
      job_.reset();
      busy_ = true;
    }
    // The top of a thread: nothing may escape it. A failed training keeps the previous models.
    try {
      train(job);
    } catch (const std::exception& e) {
      log::error("recommender.training_failed", {{"error", e.what()}});
    }
    {
      std::lock_guard lock(mutex_);
      busy_ = false;
    }
    idle_.notify_all();
  }
  idle_.notify_all();
}

void Recommender::train(const Job& job) {
  std::unordered_map<std::int64_t, std::vector<storage::InteractionRow>> rows;
  const bool read = reader_([&](storage::ContentRepository& repo) {
    for (const auto c : job.communities) {
      auto& out = rows[c];
      std::int64_t after = 0;
      for (;;) {
        auto page = repo.interactions(c, after, snapshot_page);
        if (page.empty()) break;
        after = page.back().id;
        const bool last = page.size() < static_cast<std::size_t>(snapshot_page);
        out.insert(out.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
        if (last) break;
      }
    }
  });
  if (!read) {
    log::warn("recommender.snapshot_failed", {});
    return;
  }
  for (const auto c : job.communities) {
    const auto& r = rows[c];
    if (r.empty()) continue;
    const auto started = std::chrono::steady_clock::now();
    auto m = train_community(c, r, config_, job.at);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    log::info("recommender.trained", {{"community", std::to_string(c)},
                                      {"members", std::to_string(m->member_ids.size())},
                                      {"items", std::to_string(m->item_ids.size())},
                                      {"interactions", std::to_string(r.size())},
                                      {"seconds", std::to_string(seconds)}});
    publish(std::move(m));
  }
  save();
  trainings_.fetch_add(1);
}

void Recommender::save() const {
  if (model_path_.empty()) return;
  const std::filesystem::path path(model_path_);
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  const std::filesystem::path tmp = path.string() + ".tmp";
  bool ok = false;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    ok = out.good() && save_models(*models(), out);
  }
  if (ok) std::filesystem::rename(tmp, path, ec);
  if (!ok || ec) {
    std::filesystem::remove(tmp, ec);
    log::warn("recommender.save_failed", {{"path", model_path_}});
  }
}

}  // namespace fanbase::handlers
