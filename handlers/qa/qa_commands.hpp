// Q&A commands, modelled on Stack Exchange: /ask (similar open questions first, with a "Post anyway" button),
// /askanyway, /answer, /upvote, /accept, /close, /questions, /question. The similar-question index they share
// (QaIndexes) is owned by the registered commands. Storage thread only.
#pragma once

#include "handlers/core/command_router.hpp"

namespace fanbase::handlers {

void register_qa_commands(CommandRouter& router);

}  // namespace fanbase::handlers
