#pragma once
#include "host/config/schema.hpp"

namespace ts {
// Every key of the Clore.ai preset (MODEL.md 2.7 and the common skeleton of 1).
const config::Schema& clore_schema();
}  // namespace ts
