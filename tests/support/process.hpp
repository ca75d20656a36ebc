// Running a program as a separate process, the way a user would from a shell: given argv, stdin text, extra
// environment variables and a working directory, returns its exit code, stdout and stderr. Used by the
// end-to-end tests (tests/e2e), which drive the real `fanbase` binary.
// Thread: run_process may be called from any thread; it forks, so call it when no other thread holds locks
// the child could need (the child only calls async-signal-safe functions before exec).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace fanbase::testing {

struct ProcessOptions {
  std::string stdin_text;                                   // written to the child's stdin, which is then closed
  std::vector<std::pair<std::string, std::string>> env;     // added to (or replacing in) the parent's environment
  std::string cwd;                                          // empty: the parent's working directory
  std::chrono::milliseconds timeout{60'000};                // the child is killed (SIGKILL) after this long
  std::chrono::milliseconds sigterm_after{0};               // > 0: ask the child to stop (SIGTERM) after this long
};

struct ProcessResult {
  int exit_code = -1;      // the exit status; -1 when the child was killed by a signal
  int signal = 0;          // the terminating signal, 0 when it exited normally
  bool timed_out = false;  // killed because options.timeout passed
  std::string out;         // everything written to stdout
  std::string err;         // everything written to stderr

  // "exit 2" / "killed by signal 9 (timed out)" followed by stderr: for test failure messages.
  std::string describe() const;
};

// Runs argv[0] (a path; not searched in PATH) with argv. Throws std::runtime_error when the process cannot be
// started (pipe/fork failure); an exec failure shows up as exit code 127 with the reason on stderr.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// A fresh directory under /tmp (mkdtemp), removed with everything in it when the object goes away.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "fanbase-e2e");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Whole-file helpers for the tests' inputs and outputs.
void write_text_file(const std::string& path, const std::string& text);
std::string read_text_file(const std::string& path);  // throws std::runtime_error when it cannot be read
bool file_exists(const std::string& path);

}  // namespace fanbase::testing
