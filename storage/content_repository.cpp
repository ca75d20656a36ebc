#include "storage/content_repository.hpp"

namespace fanbase::storage {

namespace {
// A macro, so each statement stays one string literal (the statement cache is keyed by the literal).
#define CONTENT_ITEM_COLUMNS \
  "id, community_id, kind, ref_id, title, url, tags, author_id, created_at, retired_at, source, external_id"

ContentItem read_item(SQLite::Statement& st) {
  ContentItem c;
  c.id = st.getColumn(0).getInt64();
  c.community_id = st.getColumn(1).getInt64();
  c.kind = st.getColumn(2).getString();
  if (!st.getColumn(3).isNull()) c.ref_id = st.getColumn(3).getInt64();
  c.title = st.getColumn(4).getString();
  c.url = st.getColumn(5).getString();
  c.tags = st.getColumn(6).getString();
  if (!st.getColumn(7).isNull()) c.author_id = st.getColumn(7).getInt64();
  c.created_at = st.getColumn(8).getInt64();
  if (!st.getColumn(9).isNull()) c.retired_at = st.getColumn(9).getInt64();
  c.source = st.getColumn(10).getString();
  c.external_id = st.getColumn(11).getString();
  return c;
}
}  // namespace

std::int64_t ContentRepository::upsert(const ContentItem& item) {
  std::optional<std::int64_t> existing;
  if (item.ref_id) {
    auto& find = stmts_.get("SELECT id FROM content_item WHERE community_id = ?1 AND kind = ?2 AND ref_id = ?3");
    find.bind(1, item.community_id);
    find.bind(2, item.kind);
    find.bind(3, *item.ref_id);
    if (find.executeStep()) existing = find.getColumn(0).getInt64();
    find.reset();
  } else if (!item.external_id.empty()) {
    auto& find = stmts_.get(
        "SELECT id FROM content_item WHERE community_id = ?1 AND source = ?2 AND external_id = ?3 AND external_id <> ''");
    find.bind(1, item.community_id);
    find.bind(2, item.source);
    find.bind(3, item.external_id);
    if (find.executeStep()) existing = find.getColumn(0).getInt64();
    find.reset();
  }
  if (existing) {
    auto& st = stmts_.get("UPDATE content_item SET title = ?2, url = ?3, tags = ?4, retired_at = NULL WHERE id = ?1");
    st.bind(1, *existing);
    st.bind(2, item.title);
    st.bind(3, item.url);
    st.bind(4, item.tags);
    st.exec();
    return *existing;
  }
  auto& st = stmts_.get(
      "INSERT INTO content_item (community_id, kind, ref_id, title, url, tags, author_id, created_at, source, "
      "external_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  st.bind(1, item.community_id);
  st.bind(2, item.kind);
  if (item.ref_id) st.bind(3, *item.ref_id);
  st.bind(4, item.title);
  st.bind(5, item.url);
  st.bind(6, item.tags);
  if (item.author_id) st.bind(7, *item.author_id);
  st.bind(8, item.created_at);
  st.bind(9, item.source);
  st.bind(10, item.external_id);
  st.exec();
  return stmts_.db().getLastInsertRowid();
}

std::optional<ContentItem> ContentRepository::by_id(std::int64_t id) {
  auto& st = stmts_.get("SELECT " CONTENT_ITEM_COLUMNS " FROM content_item WHERE id = ?1");
  st.bind(1, id);
  if (!st.executeStep()) return std::nullopt;
  auto c = read_item(st);
  st.reset();
  return c;
}

std::optional<ContentItem> ContentRepository::by_ref(std::int64_t community_id, const std::string& kind,
                                                     std::int64_t ref_id) {
  auto& st = stmts_.get("SELECT " CONTENT_ITEM_COLUMNS
                        " FROM content_item WHERE community_id = ?1 AND kind = ?2 AND ref_id = ?3");
  st.bind(1, community_id);
  st.bind(2, kind);
  st.bind(3, ref_id);
  if (!st.executeStep()) return std::nullopt;
  auto c = read_item(st);
  st.reset();
  return c;
}

std::vector<ContentItem> ContentRepository::live(std::int64_t community_id, int limit) {
  auto& st = stmts_.get("SELECT " CONTENT_ITEM_COLUMNS
                        " FROM content_item WHERE community_id = ?1 AND retired_at IS NULL ORDER BY created_at DESC, "
                        "id DESC LIMIT ?2");
  st.bind(1, community_id);
  st.bind(2, limit);
  std::vector<ContentItem> out;
  while (st.executeStep()) out.push_back(read_item(st));
  return out;
}

std::vector<ContentItem> ContentRepository::live_posts(std::int64_t community_id) {
  auto& st = stmts_.get("SELECT " CONTENT_ITEM_COLUMNS
                        " FROM content_item WHERE community_id = ?1 AND kind = 'post' AND retired_at IS NULL "
                        "ORDER BY id");
  st.bind(1, community_id);
  std::vector<ContentItem> out;
  while (st.executeStep()) out.push_back(read_item(st));
  return out;
}

bool ContentRepository::retire(std::int64_t id, std::int64_t at) {
  auto& st = stmts_.get("UPDATE content_item SET retired_at = ?2 WHERE id = ?1 AND retired_at IS NULL");
  st.bind(1, id);
  st.bind(2, at);
  return st.exec() > 0;
}

void ContentRepository::add_interaction(const InteractionRow& row) {
  auto& st = stmts_.get(
      "INSERT INTO interaction (community_id, member_id, item_id, kind, weight, at, reference) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  st.bind(1, row.community_id);
  st.bind(2, row.member_id);
  st.bind(3, row.item_id);
  st.bind(4, row.kind);
  st.bind(5, row.weight);
  st.bind(6, row.at);
  st.bind(7, row.reference);
  st.exec();
}

std::vector<std::int64_t> ContentRepository::communities_with_interactions() {
  auto& st = stmts_.get("SELECT id FROM community c WHERE EXISTS (SELECT 1 FROM interaction i WHERE i.community_id = c.id)");
  std::vector<std::int64_t> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getInt64());
  return out;
}

bool ContentRepository::has_interaction(std::int64_t member_id, std::int64_t item_id, const std::string& kind) {
  auto& st = stmts_.get("SELECT 1 FROM interaction WHERE member_id = ?1 AND item_id = ?2 AND kind = ?3 LIMIT 1");
  st.bind(1, member_id);
  st.bind(2, item_id);
  st.bind(3, kind);
  const bool found = st.executeStep();
  st.reset();
  return found;
}

std::vector<InteractionRow> ContentRepository::interactions(std::int64_t community_id, std::int64_t after_id,
                                                            int limit) {
  auto& st = stmts_.get(
      "SELECT id, community_id, member_id, item_id, kind, weight, at FROM interaction "
      "WHERE community_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
  st.bind(1, community_id);
  st.bind(2, after_id);
  st.bind(3, limit);
  std::vector<InteractionRow> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), st.getColumn(2).getInt64(),
                   st.getColumn(3).getInt64(), st.getColumn(4).getString(), st.getColumn(5).getDouble(),
                   st.getColumn(6).getInt64(), {}});
  }
  return out;
}

std::vector<std::pair<std::int64_t, bool>> ContentRepository::items_of(std::int64_t member_id) {
  auto& st = stmts_.get(
      "SELECT item_id, max(weight < 0) FROM interaction WHERE member_id = ?1 GROUP BY item_id ORDER BY item_id");
  st.bind(1, member_id);
  std::vector<std::pair<std::int64_t, bool>> out;
  while (st.executeStep()) out.emplace_back(st.getColumn(0).getInt64(), st.getColumn(1).getInt() != 0);
  return out;
}

}  // namespace fanbase::storage
