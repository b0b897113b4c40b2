#pragma once
#include "host/config/schema.hpp"

namespace ts {
// Every key of the Secret AI preset (MODEL.md 2.5 and the common skeleton of 1).
const config::Schema& secret_ai_schema();
}  // namespace ts
