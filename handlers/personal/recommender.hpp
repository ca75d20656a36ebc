// Recommender: the online recommender behind /recommend. Owned by the Application; Services holds a pointer.
//
// Three parts, three threads:
//  - Catalog (storage thread only): per community, the live content items with a TF-IDF index over their titles
//    and tags, and each item's time-decayed popularity. Loaded lazily from storage, kept current by
//    content_catalog (items) and record_interaction (popularity), and dropped on every rollback (forget_cached),
//    like the other caches: it is always derived from the database.
//  - Models (published): per community an immutable CommunityModel (ml::AlsModel + member/item id maps +
//    popularity as of training), behind an std::atomic<std::shared_ptr<const ModelSet>>. A request copies the
//    pointer and never waits for training.
//  - Trainer (its own std::thread): on a tick, maybe_train() (storage thread) checks, per known community, that
//    retrain_minutes passed and retrain_min_interactions new interactions arrived, then hands the list to the
//    trainer and returns at once. The trainer reads every interaction of those communities through the
//    SnapshotReader (storage/snapshot_reader: a read-only connection on the database file, in one read transaction, so it sees
//    exactly the committed rows and never blocks the writer; for ":memory:" a job on the storage thread), trains
//    with [recommender], publishes, then saves all models to model_path (a temporary file renamed over it).
//
// The pieces, one concept per file: community_model (the trained model), model_file (saving and loading it),
// catalog (the live items for ranking), ranking (rank_picks, pure).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "config/config.hpp"
#include "handlers/personal/catalog.hpp"
#include "handlers/personal/community_model.hpp"
#include "handlers/personal/model_file.hpp"
#include "handlers/personal/ranking.hpp"
#include "storage/content_repository.hpp"

namespace fanbase::handlers {

class Recommender {
 public:
  // Runs `read` against a consistent view of the committed content tables; false when that failed.
  using SnapshotReader = std::function<bool(const std::function<void(storage::ContentRepository&)>& read)>;

  // `model_path` empty: models live in memory only. Loads the file when it exists (a damaged one is logged and
  // ignored). Starts the trainer thread. Construct on the main thread before the storage thread runs.
  Recommender(const config::RecommenderConfig& config, std::string model_path, SnapshotReader reader);
  ~Recommender();  // stop()
  Recommender(const Recommender&) = delete;
  Recommender& operator=(const Recommender&) = delete;

  // Joins the trainer (a training in progress finishes first). Idempotent. Before the storage thread stops.
  void stop();

  // Any thread: the current models (never waits for training).
  std::shared_ptr<const ModelSet> models() const { return models_.load(std::memory_order_acquire); }
  std::shared_ptr<const CommunityModel> model(std::int64_t community_id) const;
  // Any thread: publish (tests; the trainer).
  void publish(std::shared_ptr<const CommunityModel> model);

  // --- storage thread ---
  // On a tick: starts a training when due; returns whether it did.
  bool maybe_train(storage::ContentRepository& content, std::int64_t at);
  // The community's catalog, loaded on first use.
  Catalog& catalog(storage::ContentRepository& content, std::int64_t community_id);
  void item_changed(const storage::ContentItem& item);
  void item_retired(std::int64_t community_id, std::int64_t item_id);
  void interaction_added(const storage::InteractionRow& row);
  // After a rollback: the catalogs may hold rows that no longer exist.
  void forget_cached() { catalogs_.clear(); }
  // A community whose interactions should be watched for retraining.
  void know(std::int64_t community_id) { known_.insert(community_id); }

  // --- tests ---
  // Blocks until no training is queued or running.
  void wait_idle();
  int trainings() const { return trainings_.load(); }

 private:
  struct Job {
    std::vector<std::int64_t> communities;
    std::int64_t at = 0;
  };
  void loop();
  void train(const Job& job);
  void save() const;

  config::RecommenderConfig config_;
  std::string model_path_;
  SnapshotReader reader_;
  std::atomic<std::shared_ptr<const ModelSet>> models_;

  // storage thread
  std::unordered_map<std::int64_t, std::unique_ptr<Catalog>> catalogs_;
  std::unordered_set<std::int64_t> known_;
  bool communities_loaded_ = false;
  std::int64_t last_train_at_ = 0;

  std::mutex publish_mutex_;  // one publisher at a time (the trainer; tests)

  // trainer hand-off
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::optional<Job> job_;
  bool busy_ = false;
  bool stopping_ = false;
  std::atomic<int> trainings_{0};
  std::thread thread_;
};

}  // namespace fanbase::handlers
