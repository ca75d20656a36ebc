// DigestRepository: members' digest subscriptions (/digest) and what was sent. Runs inside the caller's
// transaction. Storage thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace fanbase::storage {

struct DigestRow {
  std::int64_t community_id = 0;
  std::int64_t member_id = 0;
  std::string user_id;
  std::string frequency;  // daily | weekly
  int hour = 9;
  std::int64_t last_sent_at = 0;
  std::int64_t last_check_at = 0;
  std::int64_t week = 0;
  int sent_in_week = 0;
};

class DigestRepository {
 public:
  explicit DigestRepository(StatementCache& stmts) : stmts_(stmts) {}
  // Subscribes (or changes frequency and hour); "off" removes the subscription. False when "off" found nothing.
  bool set(std::int64_t community_id, std::int64_t member_id, const std::string& frequency, int hour);
  std::optional<DigestRow> of(std::int64_t community_id, std::int64_t member_id);
  // Subscriptions of a community whose member is still in it.
  std::vector<DigestRow> subscribed(std::int64_t community_id);
  // The community's title (or chat id), platform and chat id: a digest names where it comes from, goes through
  // that platform, and speaks the chat's language.
  struct Community {
    std::string title, platform, chat_id;
  };
  Community community(std::int64_t community_id);
  void checked(std::int64_t community_id, std::int64_t member_id, std::int64_t at);
  void sent(std::int64_t community_id, std::int64_t member_id, std::int64_t at, std::int64_t week, int sent_in_week);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
