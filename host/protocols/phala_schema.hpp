#pragma once
#include "host/config/schema.hpp"

namespace ts {
// Every key of the Phala preset (MODEL.md 2.6 and the common skeleton of 1).
const config::Schema& phala_schema();
}  // namespace ts
