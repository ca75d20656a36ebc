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

}  // namespace

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
