// The personal feature's description for the feature list (handlers/features.cpp): personalisation: content items, /post /posts /open /recommend, the recommender, segments (/profile /segments /announce), digests.
// Thread: built once at start.
#pragma once

#include <span>

#include "bot/core/catalog_texts.hpp"
#include "handlers/core/feature.hpp"

namespace fanbase::handlers {

Feature personal_feature();
std::span<const CatalogText> personal_texts();  // texts.cpp

}  // namespace fanbase::handlers
