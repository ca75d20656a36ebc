// Shared by the end-to-end tests: they run the real `fanbase` binary (FANBASE_BINARY, set by tests/CMakeLists.txt
// through fanbase_test_support) as a separate process, each in its own temporary directory, and afterwards open
// the database it wrote with SQLiteCpp to check the stored state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "support/process.hpp"

namespace fanbase::e2e {

using testing::ProcessOptions;
using testing::ProcessResult;
using testing::TempDir;

inline const std::string binary = FANBASE_BINARY;
inline const std::string example_config = FANBASE_SOURCE_DIR "/config/fanbase.example.toml";
inline const std::string telegram_data = FANBASE_TEST_DATA_DIR "/telegram";

// `fanbase ARGS...` with `stdin_text` on stdin, started in `cwd` (so relative paths stay in the test's directory).
inline ProcessResult run_fanbase(const std::vector<std::string>& args, const std::string& stdin_text, const TempDir& cwd) {
  std::vector<std::string> argv{binary};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options;
  options.stdin_text = stdin_text;
  options.cwd = cwd.path();
  return testing::run_process(argv, options);
}

// A single integer from the database file the binary left behind (the process has exited).
inline std::int64_t query_int(const std::string& db_path, const std::string& sql) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

// Every row of a query, its columns joined by '|' (like the sqlite3 shell prints them).
inline std::vector<std::string> query_rows(const std::string& db_path, const std::string& sql) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  SQLite::Statement st(db, sql);
  std::vector<std::string> rows;
  while (st.executeStep()) {
    std::string row;
    for (int i = 0; i < st.getColumnCount(); ++i) {
      if (i > 0) row += '|';
      row += st.getColumn(i).getString();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The lines of a text (without their '\n').
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace fanbase::e2e
