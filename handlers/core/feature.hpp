// Feature: how one feature of handlers/ describes itself to the bot, once — its name, its texts, its stages (each
// in a phase of the pipeline), its commands and button families, its scheduled work and what it forgets when an
// event rolls back. handlers/features.cpp lists every feature; the pipeline, the catalogue, /help, the platforms'
// command menus and the clock's work are all built from that one list (the C++ form of a YAGPDB plugin
// registering its providers, or a Red cog). Adding a feature: docs/ARCHITECTURE.md, "How to add a feature".
// Thread: built once at start; the functions it names run on the storage thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "bot/core/catalog_texts.hpp"
#include "bot/core/turn.hpp"

namespace fanbase::handlers {

struct Services;
class CommandRouter;

// Where a stage runs in an event's passage. Stages run phase by phase; within a phase, in the order of the
// feature list. The features' tick work and then the command router always run last (DESIGN.md: gate →
// filters → points → commands).
enum class Phase {
  context,    // who and where: community, member, role, language (the core)
  gate,       // who may take part at all (membership)
  filters,    // automatic moderation: may stop the event
  capture,    // what a message is besides a message: an answer to a question (before it is paid as a message)
  points,     // what a message earns
  follow_up,  // what a paid message also is: a post in a topic
};

struct StageSlot {
  Phase phase;
  std::function<std::unique_ptr<Stage>(Services&)> make;
};

// Work the clock's tick runs (inside the tick's transaction): at most once per `every_ms` of event time (0: on
// every tick). The last run is remembered in memory, so after a restart the first tick runs it.
struct TickWork {
  const char* name;
  std::int64_t every_ms = 0;
  void (*run)(Services& services, Turn& turn) = nullptr;
};

struct Feature {
  std::string_view name;                               // "points", "moderation", ...: logs and docs
  std::span<const CatalogText> texts;                  // its replies, en + zh (handlers/<feature>/texts.cpp)
  std::vector<StageSlot> stages;
  void (*commands)(CommandRouter& router) = nullptr;   // registers its commands and button families
  std::vector<TickWork> ticks;
  void (*on_rollback)(Services& services) = nullptr;   // drop in-memory state derived from rolled-back effects
};

}  // namespace fanbase::handlers
