#include "bot/core/catalog_texts.hpp"

namespace fanbase {
namespace {
constexpr CatalogText texts[] = {
    {"cmd.ask.summary", "Ask the community a question; similar open ones are shown first.", "向社群提问；会先列出相似的未解决问题。"},
};
}  // namespace

std::span<const CatalogText> qa_texts() { return texts; }

}  // namespace fanbase
