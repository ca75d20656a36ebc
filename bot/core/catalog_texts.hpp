// The built-in texts of the MessageCatalog, one list per feature (each in its own texts_*.cpp), so features add
// their texts without touching each other's. A key must be unique across all lists (the catalog throws
// std::logic_error at construction otherwise, which every test run would show). Keys are feature.situation;
// {N} are positional placeholders. Thread: constant data.
#pragma once

#include <span>

namespace fanbase {

struct CatalogText {
  const char* key;
  const char* en;
  const char* zh;
};

std::span<const CatalogText> core_texts();        // help, routing, points, levels, badges (message_catalog.cpp)
std::span<const CatalogText> moderation_texts();  // texts_moderation.cpp
std::span<const CatalogText> topic_texts();       // texts_topics.cpp
std::span<const CatalogText> qa_texts();          // texts_qa.cpp
std::span<const CatalogText> segment_texts();     // texts_segments.cpp
std::span<const CatalogText> personal_texts();    // texts_personal.cpp: content, /recommend

}  // namespace fanbase
