#pragma once
#include "host/config/schema.hpp"

namespace ts {
// Every key of the Bittensor preset (MODEL.md 2.3 and the common skeleton of 1).
const config::Schema& bittensor_schema();
}  // namespace ts
