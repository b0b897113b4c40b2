#pragma once
// The protocols this build knows: their schemas, for the loader and
// `tokenstress presets`.
#include "host/config/loader.hpp"

namespace ts {
config::SchemaRegistry protocol_registry();
}  // namespace ts
