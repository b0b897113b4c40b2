#pragma once
#include "host/config/schema.hpp"

namespace ts {
// Every key of the Akash preset (MODEL.md 2.2).
const config::Schema& akash_schema();
}  // namespace ts
