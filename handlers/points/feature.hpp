// The points feature's description for the feature list (handlers/features.cpp): points: message, reply and reaction points, /points /rank /top /checkin /history /award /revoke, levels and badges.
// Thread: built once at start.
#pragma once

#include <span>

#include "bot/core/catalog_texts.hpp"
#include "handlers/core/feature.hpp"

namespace fanbase::handlers {

Feature points_feature();
std::span<const CatalogText> points_texts();  // texts.cpp

}  // namespace fanbase::handlers
