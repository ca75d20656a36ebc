// Personalisation: the recommender ([recommender]), member segments ([segments]) and digests ([digest]). Read by
// config/read_recommender.cpp.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <string>

namespace fanbase::config {

// The doubles below compare exactly; the readers never store NaN (they reject it), so == is reflexive.
struct InteractionWeights {                // confidence weight per kind of implicit feedback; negative excludes
  double view = 1.0;                       // a click on a recommended item's button, or /open <id>
  double reply = 3.0;                      // a reply or topic post on the item
  double answer = 4.0;                     // an answer to the item (a question)
  double upvote = 2.0;                     // an upvote on an answer to the item
  double follow = 3.0;                     // /follow on the item (a topic)
  double like = 5.0;                       // 👍 on a recommendation
  double dislike = -5.0;                   // 👎 on a recommendation: never recommended again
  double not_interested = -3.0;            // "not interested": never recommended again

  bool operator==(const InteractionWeights&) const = default;
};

struct RecommenderConfig {
  bool enabled = true;
  int factors = 64;                        // ALS latent factors
  double lambda = 250.0;                   // ALS regularisation (tuned on Cross Validated, docs/BENCHMARKS.md)
  double alpha = 7.5;                      // confidence = 1 + alpha * r
  int iterations = 15;
  int cg_steps = 3;                        // conjugate-gradient steps per row and half-epoch
  int threads = 2;                         // training threads
  int retrain_minutes = 60;                // train again at most this often ...
  int retrain_min_interactions = 50;       // ... and only when this many new interactions arrived
  std::string model_path = "data/recommender.model";  // saved after training, loaded at start; "" = memory only
  int cold_start_interactions = 5;         // members with fewer interactions get tag-similarity picks
  int popularity_half_life_days = 14;      // popularity fallback: interactions decay with this half-life
  double diversity = 0.3;                  // maximal marginal relevance: 0 = pure score, 1 = pure novelty
  std::string feed_file;                   // a CSV or TOML file of posts, reloaded when it changes ("" none)
  std::string feed_chat_id;                // the community (on [bot].platform) its posts belong to
  int feed_check_seconds = 30;             // how often the file's modification time is looked at
  InteractionWeights weights;

  bool operator==(const RecommenderConfig&) const = default;
};

struct SegmentsConfig {
  int k = 3;                               // segments (3: high-interaction, active, potential)
  int restarts = 10;                       // k-means++ restarts; the best is kept
  int pca_components = 0;                  // 0: cluster the standardised features directly
  int refresh_hours = 24;                  // recompute on a tick at most this often

  bool operator==(const SegmentsConfig&) const = default;
};

struct DigestConfig {
  int default_hour = 9;                    // local hour a digest goes out when the member names none
  int quiet_start_hour = 22;               // no digest from this local hour ...
  int quiet_end_hour = 8;                  // ... until this one
  int max_items = 5;                       // picks per digest
  int max_per_week = 7;                    // digests per member per week, whatever the frequency

  bool operator==(const DigestConfig&) const = default;
};

}  // namespace fanbase::config
