// `fanbase import stackexchange <folder>`: turns a Stack Exchange data set into one Fanbase community (platform
// "import", chat id = the folder's base name) of members, question content items (source "import") and implicit
// feedback, for `fanbase eval-recs` and for seeding a recommender. Two formats, told apart by the files present:
//   - the LightFM CSV set (interactions.csv, question_tags.csv, tags.csv): members "se:<user>", items "q<question>",
//     one "answer" interaction per row;
//   - a data-dump XML folder (Posts.xml, Users.xml, Comments.xml, Votes.xml, ...): members from Users, questions
//     from Posts, answers → "answer", comments → "reply", attributed up-votes → "upvote", favourites → "follow",
//     each on the question (an answer's question). Events by a question's own author, by user -1 (the Community
//     bot) or by unknown accounts are skipped and counted. Badges and Tags are read only to be counted.
// Idempotent: items are upserted by external id, members by platform user id, and each interaction has a stable
// reference ("se:<kind>:..."); references already present are not inserted again.
// Malformed rows are skipped and reported as file:line with the reason; they never stop the import.
// Runs on the calling thread with its own connection (no Application: no writer thread, no trainer, no pipeline).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "config/config.hpp"

namespace fanbase {

struct StackExchangeImport {
  std::string format;     // "csv" | "xml"
  std::string chat_id;    // the community's chat id (the folder's base name)
  std::size_t members = 0, members_new = 0;
  std::size_t questions = 0, questions_new = 0;
  std::size_t interactions = 0, interactions_new = 0;  // rows read as events / of which inserted now
  std::size_t answers = 0, replies = 0, upvotes = 0, follows = 0;
  std::size_t skipped_own = 0;        // events on the member's own question
  std::size_t skipped_anonymous = 0;  // votes without UserId, comments without UserId, user -1
  std::size_t skipped_unknown = 0;    // events naming a post or account that is not in the files
  std::size_t badges_ignored = 0, tags_rows = 0, votes_other = 0;
  std::vector<std::string> malformed;  // "file:line: reason"
};

// Reads `folder` and writes it into `db` (migrated) in one IMMEDIATE transaction. Throws std::runtime_error when
// the folder holds neither format or a required file cannot be read; SQLite errors propagate.
StackExchangeImport import_stackexchange(SQLite::Database& db, const std::string& folder,
                                         const config::InteractionWeights& weights);

// The command line: argv after "import" ("stackexchange <folder> [--config F] [--db PATH]"). Returns the exit code
// (bot/app/exit_codes.hpp) after printing the counts; configuration and storage failures are thrown, and main()
// reports them like every command's.
int import_command(int argc, char** argv);

}  // namespace fanbase
