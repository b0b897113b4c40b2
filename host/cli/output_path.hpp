#pragma once
// Checks of a run's output path, made before any path is simulated (issue
// 11): a run must never replace one of its own inputs, a directory, a device
// or anything but a regular file, and a path that cannot be written is
// refused now rather than after hours of simulation.
#include <string>
#include <vector>

namespace ts::cli {

// Throws std::runtime_error with what to change. `inputs`: the scenario and
// every file it extends. Creates and removes a temporary file beside
// `output` to prove the folder can be written.
void check_output_path(const std::string& output, const std::vector<std::string>& inputs);

// Removes the temporaries a killed earlier run left beside `output`
// (.NAME.tmp-PID, hdf5_writer.cpp) whose process is gone; a live process's
// are left alone. Returns the files removed.
std::vector<std::string> remove_stale_temporaries(const std::string& output);

}  // namespace ts::cli
