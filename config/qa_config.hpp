// [qa]: similar-question suggestions on /ask and the reminder for unanswered questions. Read by
// config/read_qa.cpp.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

namespace fanbase::config {

// similar_min_score compares exactly; the reader never stores NaN.
struct QaConfig {
  int unanswered_after_minutes = 60;       // an open question without answers this long pings experts; 0 = never
  double similar_min_score = 0.35;         // TF-IDF cosine at which an open question counts as similar
  int max_suggestions = 3;                 // similar questions listed before posting; 0 = never suggest

  bool operator==(const QaConfig&) const = default;
};

}  // namespace fanbase::config
