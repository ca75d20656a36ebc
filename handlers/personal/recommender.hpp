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
//    SnapshotReader (bot/app: a read-only connection on the database file, in one read transaction, so it sees
//    exactly the committed rows and never blocks the writer; for ":memory:" a job on the storage thread), trains
//    with [recommender], publishes, then saves all models to model_path (a temporary file renamed over it).
//
// rank_picks() is the pure ranking (no storage): ALS for members with enough interactions (fold-in when the
// member is newer than the model), else TF-IDF tag similarity to what they engaged with, then time-decayed
// popularity; seen, own, retired and negatively rated items excluded; an MMR re-rank over tag overlap.
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
#include "ml/als.hpp"
#include "ml/tfidf.hpp"
#include "storage/content_repository.hpp"

namespace fanbase::handlers {

// One community's trained model. Immutable once published; any number of threads read it.
struct CommunityModel {
  std::int64_t community_id = 0;
  std::int64_t watermark = 0;   // the largest interaction id it was trained on
  std::int64_t trained_at = 0;  // event time of the tick that asked for it (popularity's reference time)
  ml::AlsModel als;
  std::vector<std::int64_t> item_ids;                // ALS item index → content item id
  std::vector<std::int64_t> member_ids;              // ALS user index → member id
  std::unordered_map<std::int64_t, int> item_index;  // content item id → ALS item index
  std::unordered_map<std::int64_t, int> user_index;  // member id → ALS user index
  std::vector<double> popularity;                    // per ALS item: sum of w · 2^((at - trained_at) / half-life)

  std::size_t memory_bytes() const;
};

struct ModelSet {
  std::unordered_map<std::int64_t, std::shared_ptr<const CommunityModel>> by_community;
};

// Builds a community's model from its interactions (any order). Pure; runs on the trainer thread.
std::shared_ptr<const CommunityModel> train_community(std::int64_t community_id,
                                                      const std::vector<storage::InteractionRow>& rows,
                                                      const config::RecommenderConfig& config, std::int64_t at);

// The model file: magic, version, the number of communities, then per community its ids, watermark, time,
// maps, popularity and the AlsModel's own checksummed block. load_models refuses a damaged file.
bool save_models(const ModelSet& models, std::ostream& out);
Result<ModelSet> load_models(std::istream& in);

// The live items of one community, for ranking. Storage thread only (the bench builds one by hand).
class Catalog {
 public:
  struct Item {
    std::int64_t id = 0;
    std::string kind;
    std::string title;
    std::string url;
    std::vector<std::string> tags;
    std::optional<std::int64_t> author_id;
    std::int64_t created_at = 0;
  };

  explicit Catalog(std::int64_t half_life_ms, std::int64_t reference_ms = 0);
  void put(const storage::ContentItem& item);
  void remove(std::int64_t item_id);
  // A positive weight adds w · 2^((at - reference) / half-life) to the item's popularity; others are ignored.
  void add_popularity(std::int64_t item_id, double weight, std::int64_t at);
  // Adds a model's popularity (relative to its trained_at).
  void add_model_popularity(const CommunityModel& model);

  const Item* find(std::int64_t id) const;
  const std::unordered_map<std::int64_t, Item>& items() const { return items_; }
  const ml::TfidfIndex& tfidf() const { return tfidf_; }
  // Relative popularity (comparable across items of this catalog only).
  double popularity(std::int64_t item_id) const;

  std::int64_t watermark = 0;  // the largest interaction id counted in popularity

 private:
  void rebase(std::int64_t at);
  std::int64_t half_life_ms_;
  std::int64_t reference_ms_;
  std::unordered_map<std::int64_t, Item> items_;
  ml::TfidfIndex tfidf_;
  std::unordered_map<std::int64_t, double> popularity_;
};

// Why an item was picked: a catalogue key and its argument.
struct Pick {
  std::int64_t item_id = 0;
  double relevance = 0;      // in [0, 1]: 2/3.. from ALS, 1/3.. from tag similarity, below from popularity
  std::string reason_key;    // rec.reason.als | rec.reason.tag | rec.reason.similar | rec.reason.popular | rec.reason.new
  std::string reason_arg;    // the tag for rec.reason.tag
};

struct RankRequest {
  std::int64_t member_id = 0;
  // Every item the member interacted with, and whether any of those interactions was negative.
  std::vector<std::pair<std::int64_t, bool>> history;
  int n = 5;
  int cold_start_interactions = 5;
  double diversity = 0.3;
};

// The picks for one member, best first: at most n, never an item in `history`, their own, or absent from the
// catalog (retired). `model` may be null.
std::vector<Pick> rank_picks(const RankRequest& request, const Catalog& catalog, const CommunityModel* model);

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
