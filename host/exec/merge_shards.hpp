#pragma once
// `tokenstress merge SHARD.h5 ... -o RUN.h5`: the shard files of one run
// (--shard i/n) joined into the output the single run would have written,
// with the same digest. Refused, naming the file, unless every shard is of
// the same run (run id), of the same count n, complete (every unit of its
// slice done), given once, and all n are present.
#include <string>
#include <vector>

#include "host/exec/run_scenario.hpp"

namespace ts {

RunOutcome merge_shards(const std::vector<std::string>& files, const std::string& output, bool progress);

}  // namespace ts
