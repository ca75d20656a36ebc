// The exit codes of every `fanbase` command (README "Configure"): 0 ok, 1 bad command line, 2 configuration,
// 3 storage, 4 anything else. main() maps exceptions to them in one place; commands return them for refusals.
#pragma once

namespace fanbase {

constexpr int exit_usage = 1, exit_config = 2, exit_storage = 3, exit_runtime = 4;

}  // namespace fanbase
