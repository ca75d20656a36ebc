// The recommender's model file: every community's CommunityModel in one checksummed binary file (saved by the
// trainer to [recommender].model_path, loaded at start). Pure functions over streams; any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <iosfwd>

#include "base/result.hpp"
#include "handlers/personal/community_model.hpp"

namespace fanbase::handlers {

// The model file: magic, version, the number of communities, then per community its ids, watermark, time,
// maps, popularity and the AlsModel's own checksummed block. load_models refuses a damaged file.
bool save_models(const ModelSet& models, std::ostream& out);
Result<ModelSet> load_models(std::istream& in);

}  // namespace fanbase::handlers
