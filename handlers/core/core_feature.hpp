// The core feature's description for the feature list (handlers/features.cpp): the core: who and where (community, member, role, language), the command router with /help, housekeeping.
// Thread: built once at start.
#pragma once

#include <span>

#include "bot/core/catalog_texts.hpp"
#include "handlers/core/feature.hpp"

namespace fanbase::handlers {

Feature core_feature();
std::span<const CatalogText> core_texts();  // texts.cpp

}  // namespace fanbase::handlers
