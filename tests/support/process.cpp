#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace fanbase::testing {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("run_process: " + what + ": " + std::strerror(errno));
}

// A pipe whose ends are closed on exec (the child dup2s the ends it needs onto 0/1/2).
struct Pipe {
  int read = -1, write = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) fail("pipe2");
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  void close_read() {
    if (read >= 0) ::close(read);
    read = -1;
  }
  void close_write() {
    if (write >= 0) ::close(write);
    write = -1;
  }
};

// The parent's environment with `extra` added; a key in `extra` replaces the parent's value.
std::vector<std::string> environment(const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::string key = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& [k, v] : extra) replaced = replaced || k == key;
    if (!replaced) env.push_back(entry);
  }
  for (const auto& [k, v] : extra) env.push_back(k + "=" + v);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Child side, after fork: only async-signal-safe calls.
[[noreturn]] void exec_child(Pipe& in, Pipe& out, Pipe& err, const char* cwd, char* const* argv, char* const* envp) {
  if (::dup2(in.read, STDIN_FILENO) < 0 || ::dup2(out.write, STDOUT_FILENO) < 0 ||
      ::dup2(err.write, STDERR_FILENO) < 0) {
    ::_exit(127);
  }
  // The parent ignores SIGPIPE; an ignored disposition would survive exec.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(SIGPIPE, &dfl, nullptr);
  if (cwd != nullptr && ::chdir(cwd) != 0) {
    const char msg[] = "run_process: chdir failed\n";
    (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::execve(argv[0], argv, envp);
  const char msg[] = "run_process: exec failed: ";
  (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
  const char* why = std::strerror(errno);  // not formally async-signal-safe, but only reads a static table in glibc
  (void)!::write(STDERR_FILENO, why, std::strlen(why));
  (void)!::write(STDERR_FILENO, "\n", 1);
  ::_exit(127);
}

}  // namespace

std::string ProcessResult::describe() const {
  std::string s;
  if (signal != 0) {
    s = "killed by signal " + std::to_string(signal) + (timed_out ? " (timed out)" : "");
  } else {
    s = "exit " + std::to_string(exit_code);
  }
  s += "\n--- stderr ---\n" + err + "--- stdout ---\n" + out;
  return s;
}

ProcessResult run_process(const std::vector<std::string>& argv_in, const ProcessOptions& options) {
  if (argv_in.empty()) throw std::invalid_argument("run_process: empty argv");
  // Writing to a child that has exited must be an error (EPIPE), not the death of the test runner.
  static const bool sigpipe_ignored = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)sigpipe_ignored;

  std::vector<std::string> args = argv_in;
  std::vector<std::string> env = environment(options.env);
  std::vector<char*> argv = pointers(args);
  std::vector<char*> envp = pointers(env);
  const char* cwd = options.cwd.empty() ? nullptr : options.cwd.c_str();

  Pipe in, out, err;
  const pid_t pid = ::fork();
  if (pid < 0) fail("fork");
  if (pid == 0) exec_child(in, out, err, cwd, argv.data(), envp.data());

  in.close_read();
  out.close_write();
  err.close_write();
  if (::fcntl(in.write, F_SETFL, O_NONBLOCK) != 0) fail("fcntl");

  ProcessResult result;
  std::size_t written = 0;
  if (options.stdin_text.empty()) in.close_write();
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  bool killed = false;
  bool terminated = false;
  const auto terminate_at = std::chrono::steady_clock::now() + options.sigterm_after;
  char buffer[65536];

  while (out.read >= 0 || err.read >= 0) {
    pollfd fds[3];
    int n = 0;
    int in_at = -1, out_at = -1, err_at = -1;
    if (in.write >= 0) {
      in_at = n;
      fds[n++] = pollfd{in.write, POLLOUT, 0};
    }
    if (out.read >= 0) {
      out_at = n;
      fds[n++] = pollfd{out.read, POLLIN, 0};
    }
    if (err.read >= 0) {
      err_at = n;
      fds[n++] = pollfd{err.read, POLLIN, 0};
    }
    int wait_ms = 100;
    if (!terminated && options.sigterm_after.count() > 0 && std::chrono::steady_clock::now() >= terminate_at) {
      ::kill(pid, SIGTERM);
      terminated = true;
    }
    if (!killed) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ::kill(pid, SIGKILL);
        killed = true;
        result.timed_out = true;
        in.close_write();
        continue;
      }
      wait_ms = static_cast<int>(std::min<long long>(left.count(), terminated || options.sigterm_after.count() == 0 ? 1000 : 50));
    }
    const int ready = ::poll(fds, static_cast<nfds_t>(n), wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      fail("poll");
    }
    if (in_at >= 0 && fds[in_at].revents != 0) {
      if ((fds[in_at].revents & POLLOUT) != 0) {
        const ssize_t w = ::write(in.write, options.stdin_text.data() + written, options.stdin_text.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == options.stdin_text.size()) in.close_write();
      } else {
        in.close_write();  // POLLERR/POLLHUP: the child closed its stdin
      }
    }
    auto drain = [&](int at, Pipe& p, std::string& into) {
      if (at < 0 || fds[at].revents == 0) return;
      const ssize_t r = ::read(p.read, buffer, sizeof buffer);
      if (r > 0) {
        into.append(buffer, static_cast<std::size_t>(r));
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
        p.close_read();
      }
    };
    drain(out_at, out, result.out);
    drain(err_at, err, result.err);
  }
  in.close_write();

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) fail("waitpid");
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

TempDir::TempDir(const std::string& prefix) {
  std::string templ = "/tmp/" + prefix + "-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) fail("mkdtemp " + templ);
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string read_text_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace fanbase::testing
