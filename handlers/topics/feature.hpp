// The topics feature's description for the feature list (handlers/features.cpp): topics: /topic /topics /follow /unfollow, posts by reply or forum thread, follower digests, the topic of the week.
// Thread: built once at start.
#pragma once

#include <span>

#include "bot/core/catalog_texts.hpp"
#include "handlers/core/feature.hpp"

namespace fanbase::handlers {

Feature topics_feature();
std::span<const CatalogText> topic_texts();  // texts.cpp

}  // namespace fanbase::handlers
