#pragma once
#include "host/config/schema.hpp"

namespace ts {
// Every key of the IO.net preset (MODEL.md 2.1 and the common skeleton of 1).
const config::Schema& ionet_schema();
}  // namespace ts
