// Personalisation: [recommender] (ALS, cold start, the feed file, interaction weights), [segments], [digest].
#include "config/section_readers.hpp"

namespace fanbase::config::detail {

void read_recommender(TableReader t, RecommenderConfig& r) {
  t.read_bool("enabled", r.enabled);
  t.read_int("factors", r.factors, 1, 512);
  read_double(t, "lambda", r.lambda, 1e-6, 1e6);
  read_double(t, "alpha", r.alpha, 0, 1e6);
  t.read_int("iterations", r.iterations, 1, 200);
  t.read_int("cg_steps", r.cg_steps, 1, 64);
  t.read_int("threads", r.threads, 1, 64);
  t.read_int("retrain_minutes", r.retrain_minutes, 1, 7 * 24 * 60);
  t.read_int("retrain_min_interactions", r.retrain_min_interactions, 1, 10'000'000);
  t.read_string("model_path", r.model_path, false);
  t.read_int("cold_start_interactions", r.cold_start_interactions, 0, 1000);
  t.read_int("popularity_half_life_days", r.popularity_half_life_days, 1, 3650);
  t.read_fraction("diversity", r.diversity);
  t.read_string("feed_file", r.feed_file, false);
  t.read_string("feed_chat_id", r.feed_chat_id, false);
  t.read_int("feed_check_seconds", r.feed_check_seconds, 1, 86'400);
  if (!r.feed_file.empty() && r.feed_chat_id.empty()) {
    if (const auto* node = t.get("feed_file")) {
      t.problems().add(node->source(), t.path_of("feed_chat_id"), "feed_file needs feed_chat_id: the chat its posts belong to");
    }
  }
  if (auto w = t.sub_table("weights")) {
    read_double(*w, "view", r.weights.view, -100, 100);
    read_double(*w, "reply", r.weights.reply, -100, 100);
    read_double(*w, "answer", r.weights.answer, -100, 100);
    read_double(*w, "upvote", r.weights.upvote, -100, 100);
    read_double(*w, "follow", r.weights.follow, -100, 100);
    read_double(*w, "like", r.weights.like, -100, 100);
    read_double(*w, "dislike", r.weights.dislike, -100, 0);
    read_double(*w, "not_interested", r.weights.not_interested, -100, 0);
    w->finish();
  }
  t.finish();
}

void read_segments(TableReader t, SegmentsConfig& s) {
  t.read_int("k", s.k, 1, 20);
  t.read_int("restarts", s.restarts, 1, 100);
  t.read_int("pca_components", s.pca_components, 0, 20);
  t.read_int("refresh_hours", s.refresh_hours, 1, 24 * 30);
  t.finish();
}

void read_digest(TableReader t, DigestConfig& d) {
  t.read_int("default_hour", d.default_hour, 0, 23);
  t.read_int("quiet_start_hour", d.quiet_start_hour, 0, 23);
  t.read_int("quiet_end_hour", d.quiet_end_hour, 0, 23);
  t.read_int("max_items", d.max_items, 1, 20);
  t.read_int("max_per_week", d.max_per_week, 1, 50);
  t.finish();
}

}  // namespace fanbase::config::detail
