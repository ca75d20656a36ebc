// analyse_text: the one analysis of a message's text (bot/core/text_analysis.hpp). Application::submit runs it on
// the submitting adapter's thread; the context stage only for an Event that reached the pipeline without one.
// Pure; any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "bot/core/text_analysis.hpp"
#include "config/config.hpp"

namespace fanbase::handlers {

// `for_filters` false: the filter fields (filter_text, link_hosts, caps, mentions) stay empty. They cost more
// than the rest together (normalisation and the link scan: ~40 us of ~65 us for a 1.2 KB text).
// `marked_mentions`: the @username mentions the platform marked (Event::username_mentions); without them the
// text's own @usernames are counted (base/filter_text count_mentions).
TextAnalysis analyse_text(std::string_view text, bool for_filters = true,
                          std::optional<std::size_t> marked_mentions = std::nullopt);

// Whether any message filter of `config` is on, i.e. whether the filter stage will read the filter fields.
bool filters_read_text(const config::Config& config);

}  // namespace fanbase::handlers
