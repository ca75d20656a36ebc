#include "handlers/personal/feature.hpp"

#include <cstdint>
#include <memory>

#include "handlers/core/command_router.hpp"
#include "handlers/core/services.hpp"
#include "handlers/personal/content_commands.hpp"
#include "handlers/personal/digest.hpp"
#include "handlers/personal/recommender.hpp"
#include "handlers/personal/segments.hpp"

namespace fanbase::handlers {

Feature personal_feature() {
  Feature f;
  f.name = "personal";
  f.texts = personal_texts();
  f.commands = [](CommandRouter& router) {
    register_content_commands(router);
    register_segment_commands(router);
    register_digest_commands(router);
  };
  f.ticks = {{"recommender.train", 0, train_when_due},
             {"segments.refresh", 0, refresh_segments},
             {"digests.send", 0, send_digests}};
  f.on_rollback = [](Services& s) {
    if (s.recommender != nullptr) s.recommender->forget_cached();
  };
  return f;
}

}  // namespace fanbase::handlers
