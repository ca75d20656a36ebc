// [qa]: similar-question suggestions and the unanswered reminder.
#include "config/section_readers.hpp"

namespace fanbase::config::detail {

void read_qa(TableReader t, QaConfig& qa) {
  t.read_int("unanswered_after_minutes", qa.unanswered_after_minutes, 0, 43'200);  // up to 30 days
  t.read_fraction("similar_min_score", qa.similar_min_score);
  t.read_int("max_suggestions", qa.max_suggestions, 0, 10);
  t.finish();
}

}  // namespace fanbase::config::detail
