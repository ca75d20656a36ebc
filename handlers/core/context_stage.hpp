// ContextStage: the first stage. Resolves the community and the author as a member, their role and the
// community's language; records joins and leaves; marks commands so they earn no message points.
// Storage thread only.
#pragma once

#include "bot/core/turn.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {

class ContextStage final : public Stage {
 public:
  explicit ContextStage(Services& services) : services_(services) {}
  const char* name() const noexcept override { return "context"; }
  void run(Turn& turn) override;

 private:
  Services& services_;
};

}  // namespace fanbase::handlers
