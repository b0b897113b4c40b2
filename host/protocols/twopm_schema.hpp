#pragma once
#include "host/config/schema.hpp"

namespace ts {
// Every key of the 2PM.Network preset (MODEL.md 2.8 and the common skeleton of 1).
const config::Schema& twopm_schema();
}  // namespace ts
