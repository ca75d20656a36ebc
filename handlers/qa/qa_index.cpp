#include "handlers/qa/qa_index.hpp"

namespace fanbase::handlers {

QaIndexes::Entry& QaIndexes::current(storage::QaRepository& repo, std::int64_t community_id) {
  const std::int64_t revision = repo.revision(community_id);
  auto it = entries_.find(community_id);
  if (it != entries_.end() && it->second.revision == revision) return it->second;
  Entry fresh;
  fresh.revision = revision;
  for (const auto& q : repo.open_questions(community_id)) fresh.index.add(q.id, q.text, q.tags);
  return entries_.insert_or_assign(community_id, std::move(fresh)).first->second;
}

QaIndexes::Entry* QaIndexes::changing(storage::QaRepository& repo, std::int64_t community_id) {
  const std::int64_t before = repo.revision(community_id);
  const std::int64_t after = repo.bump_revision(community_id);
  auto it = entries_.find(community_id);
  if (it == entries_.end()) return nullptr;
  if (it->second.revision != before) {  // stale (a rollback happened since): rebuilt on next use
    entries_.erase(it);
    return nullptr;
  }
  it->second.revision = after;
  return &it->second;
}

std::vector<ml::TfidfIndex::Hit> QaIndexes::similar(storage::QaRepository& repo, std::int64_t community_id,
                                                    const std::string& text, const std::vector<std::string>& tags,
                                                    std::size_t k, double min_score) {
  if (k == 0) return {};
  return current(repo, community_id).index.similar(text, tags, k, min_score);
}

void QaIndexes::opened(storage::QaRepository& repo, const storage::QuestionRow& question) {
  if (Entry* e = changing(repo, question.community_id)) e->index.add(question.id, question.text, question.tags);
}

void QaIndexes::closed(storage::QaRepository& repo, std::int64_t community_id, std::int64_t question_id) {
  if (Entry* e = changing(repo, community_id)) e->index.remove(question_id);
}

}  // namespace fanbase::handlers
