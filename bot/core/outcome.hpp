// Outcome: what applying one Event came to, as its adapter learns it after the commit (EventSink::Done).
// Thread: plain value; filled on the storage thread, read in the adapter's completion.
#pragma once

#include <string>
#include <vector>

#include "bot/core/action.hpp"

namespace fanbase {

struct Outcome {
  bool duplicate = false;      // redelivered: nothing was applied again
  bool failed = false;         // an exception rolled the effects back
  std::string incident;        // the ref shown to the member and logged, when failed
  std::vector<Action> actions; // what will be delivered (outbox ids set)
};

}  // namespace fanbase
