// The qa feature's description for the feature list (handlers/features.cpp): Q&A: /ask /answer /upvote /accept /close /questions /question, replies to a question as answers, reminders.
// Thread: built once at start.
#pragma once

#include <span>

#include "bot/core/catalog_texts.hpp"
#include "handlers/core/feature.hpp"

namespace fanbase::handlers {

Feature qa_feature();
std::span<const CatalogText> qa_texts();  // texts.cpp

}  // namespace fanbase::handlers
