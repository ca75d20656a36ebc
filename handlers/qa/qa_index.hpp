// QaIndexes: the similar-question index (ml::TfidfIndex over text and tags) of each community's OPEN questions,
// kept in memory on the storage thread, built lazily from storage and updated as questions open and close.
// Each index remembers the community's stored Q&A revision it reflects (storage::QaRepository::revision). Every
// change moves the stored revision in the event's transaction; a rollback (of the event or of the whole batch)
// moves it back, so the next use finds the revisions differ and rebuilds. No rollback hook is needed.
// Owned by the Q&A commands; storage thread only.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ml/tfidf.hpp"
#include "storage/qa_repository.hpp"

namespace fanbase::handlers {

class QaIndexes {
 public:
  // Open questions of the community most similar to the text and tags (question row ids), best first.
  std::vector<ml::TfidfIndex::Hit> similar(storage::QaRepository& repo, std::int64_t community_id,
                                           const std::string& text, const std::vector<std::string>& tags,
                                           std::size_t k, double min_score);
  // Call after the question is stored as open / as closed, in the same transaction.
  void opened(storage::QaRepository& repo, const storage::QuestionRow& question);
  void closed(storage::QaRepository& repo, std::int64_t community_id, std::int64_t question_id);

 private:
  struct Entry {
    std::int64_t revision = 0;
    ml::TfidfIndex index;
  };
  // The community's index, rebuilt when it is missing or its revision is not the stored one.
  Entry& current(storage::QaRepository& repo, std::int64_t community_id);
  // Moves the stored revision; the cached index follows only if it was current before the change.
  Entry* changing(storage::QaRepository& repo, std::int64_t community_id);

  std::unordered_map<std::int64_t, Entry> entries_;  // community id → index
};

}  // namespace fanbase::handlers
