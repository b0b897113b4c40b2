#pragma once
#include "host/config/schema.hpp"

namespace ts {
// Every key of the Hanzo preset (MODEL.md 2.4 and the common skeleton of 1).
const config::Schema& hanzo_schema();
}  // namespace ts
