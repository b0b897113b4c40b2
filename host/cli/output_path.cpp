#include "host/cli/output_path.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "host/output/hdf5_writer.hpp"

namespace ts::cli {

namespace fs = std::filesystem;

void check_output_path(const std::string& output, const std::vector<std::string>& inputs) {
  if (output.empty()) throw std::runtime_error("-o: the output path is empty");
  std::error_code ec;
  const fs::file_status st = fs::status(output, ec);
  if (fs::exists(st)) {
    if (fs::is_directory(st))
      throw std::runtime_error(fmt::format("-o {}: is a directory; give a file name, e.g. {}/run.h5", output,
                                           output));
    if (!fs::is_regular_file(st))
      throw std::runtime_error(fmt::format("-o {}: exists and is not a regular file (a device, FIFO or socket); "
                                           "give the path of a file", output));
    for (const std::string& in : inputs) {
      std::error_code e2;
      if (fs::equivalent(output, in, e2))
        throw std::runtime_error(fmt::format("-o {}: is an input of this run ({}); the output would replace it",
                                             output, in));
    }
  }
  const fs::path parent = fs::path(output).parent_path().empty() ? fs::path(".") : fs::path(output).parent_path();
  const fs::file_status pst = fs::status(parent, ec);
  if (!fs::exists(pst))
    throw std::runtime_error(fmt::format("-o {}: the folder {} does not exist", output, parent.string()));
  if (!fs::is_directory(pst))
    throw std::runtime_error(fmt::format("-o {}: {} is not a directory", output, parent.string()));
  // The writer puts a temporary beside the output and renames it: prove now
  // that the folder takes one.
  const fs::path probe = parent / fmt::format(".tokenstress-probe-{}", ::getpid());
  std::FILE* f = std::fopen(probe.c_str(), "wb");
  if (f == nullptr)
    throw std::runtime_error(fmt::format("-o {}: cannot create a file in {}: {}", output, parent.string(),
                                         std::strerror(errno)));
  std::fclose(f);
  std::remove(probe.c_str());
}

std::vector<std::string> remove_stale_temporaries(const std::string& output) {
  std::vector<std::string> removed;
  const fs::path target(output);
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string prefix = temporary_name_prefix(output);
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(folder, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.empty() || pid_text.size() > 9 || pid_text.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;   // ours, or alive (or not ours to know)
    std::error_code rm;
    if (e.is_regular_file(rm) && fs::remove(e.path(), rm)) removed.push_back(e.path().string());
  }
  return removed;
}

}  // namespace ts::cli
