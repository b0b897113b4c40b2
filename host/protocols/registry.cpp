#include "host/protocols/registry.hpp"

#include "host/protocols/ionet_schema.hpp"

namespace ts {

config::SchemaRegistry protocol_registry() {
  config::SchemaRegistry r;
  r.add(ionet_schema());
  return r;
}

}  // namespace ts
