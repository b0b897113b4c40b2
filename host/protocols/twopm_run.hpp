#pragma once
#include <memory>

#include "host/protocols/protocol_run.hpp"

namespace ts {
std::unique_ptr<ProtocolRun> make_twopm_run(const config::Scenario& scenario);
}  // namespace ts
