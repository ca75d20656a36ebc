// analyse_text: the one analysis of a message's text (bot/core/text_analysis.hpp). Application::submit runs it on
// the submitting adapter's thread; the context stage only for an Event that reached the pipeline without one.
// Pure; any thread.
#pragma once

#include <string_view>

#include "bot/core/text_analysis.hpp"

namespace fanbase::handlers {

TextAnalysis analyse_text(std::string_view text);

}  // namespace fanbase::handlers
