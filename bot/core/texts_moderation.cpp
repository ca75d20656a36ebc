#include "bot/core/catalog_texts.hpp"

namespace fanbase {
namespace {
constexpr CatalogText texts[] = {
    {"cmd.warn.summary", "Warn a member (by reply, @mention or id), with a reason.", "警告一名成员（回复、@ 或 ID），并注明原因。"},
};
}  // namespace

std::span<const CatalogText> moderation_texts() { return texts; }

}  // namespace fanbase
