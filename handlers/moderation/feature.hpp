// The moderation feature's description for the feature list (handlers/features.cpp): moderation: /warn /mute /kick /ban /del /modlog /report, escalation, the automatic filters and the raid guard.
// Thread: built once at start.
#pragma once

#include <span>

#include "bot/core/catalog_texts.hpp"
#include "handlers/core/feature.hpp"

namespace fanbase::handlers {

Feature moderation_feature();
std::span<const CatalogText> moderation_texts();  // texts.cpp

}  // namespace fanbase::handlers
