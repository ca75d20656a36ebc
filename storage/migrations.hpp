// Numbered, append-only schema migrations tracked in PRAGMA user_version.
// A shipped entry is never edited: a schema change is a new entry. Called once at open, before any other use.
#pragma once

#include <span>

#include <SQLiteCpp/Database.h>

namespace fanbase::storage {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Every migration this binary knows, in order.
std::span<const Migration> all_migrations();
int latest_schema_version();

// Applies the migrations after the database's user_version, each in its own IMMEDIATE transaction with its
// version bump. Throws StorageError when the database is newer than this binary. Returns the final version.
int migrate(SQLite::Database& db);

// Tests only: migrate up to `version` (inclusive), to build an "older" database.
int migrate_to(SQLite::Database& db, int version);

}  // namespace fanbase::storage
