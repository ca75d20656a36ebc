#include "bot/core/catalog_texts.hpp"

namespace fanbase {
namespace {
constexpr CatalogText texts[] = {
    {"cmd.topics.summary", "Open topics, hottest first.", "进行中的话题，按热度排序。"},
};
}  // namespace

std::span<const CatalogText> topic_texts() { return texts; }

}  // namespace fanbase
