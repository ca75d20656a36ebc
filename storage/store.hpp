// Store: the repositories over the one read-write connection, grouped so the pipeline and handlers get them
// in one reference. Repositories run inside the caller's transaction (the writer's batch plus the event's
// savepoint) and never open their own. Owned and used by the storage thread.
#pragma once

#include <SQLiteCpp/Database.h>

#include "storage/activity_repository.hpp"
#include "storage/audit_log.hpp"
#include "storage/badge_repository.hpp"
#include "storage/community_repository.hpp"
#include "storage/content_repository.hpp"
#include "storage/dedup.hpp"
#include "storage/digest_repository.hpp"
#include "storage/member_repository.hpp"
#include "storage/moderation_repository.hpp"
#include "storage/message_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/points_ledger.hpp"
#include "storage/segment_repository.hpp"
#include "storage/qa_repository.hpp"
#include "storage/statement_cache.hpp"
#include "storage/topic_repository.hpp"

namespace fanbase::storage {

class Store {
 public:
  explicit Store(SQLite::Database& db) : db_(db), stmts_(db) {}
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  SQLite::Database& db() noexcept { return db_; }
  StatementCache& statements() noexcept { return stmts_; }
  // Whether a transaction is open on the connection (SQLite ends one by itself on some disk-full and I/O errors).
  bool in_transaction() const;
  // After a rollback: drop caches that may name rows which no longer exist.
  void forget_cached() {
    communities.forget_cached();
    members.forget_cached();
  }

 private:
  SQLite::Database& db_;
  StatementCache stmts_;  // declared before the repositories that hold a reference to it

 public:
  Dedup dedup{stmts_};
  CommunityRepository communities{stmts_};
  MemberRepository members{stmts_};
  PointsLedger ledger{stmts_};
  ActivityRepository activity{stmts_};
  BadgeRepository badges{stmts_};
  MessageRepository messages{stmts_};
  OutboxRepository outbox{stmts_};
  AuditLog audit{stmts_};
  QaRepository qa{stmts_};
  ModerationRepository moderation{stmts_};
  ContentRepository content{stmts_};
  SegmentRepository segments{stmts_};
  DigestRepository digests{stmts_};
  TopicRepository topics{stmts_};
};

}  // namespace fanbase::storage
