#include "host/protocols/registry.hpp"

#include "host/protocols/akash_run.hpp"
#include "host/protocols/akash_schema.hpp"
#include "host/protocols/bittensor_run.hpp"
#include "host/protocols/bittensor_schema.hpp"
#include "host/protocols/clore_run.hpp"
#include "host/protocols/clore_schema.hpp"
#include "host/protocols/hanzo_run.hpp"
#include "host/protocols/hanzo_schema.hpp"
#include "host/protocols/ionet_run.hpp"
#include "host/protocols/ionet_schema.hpp"
#include "host/protocols/phala_run.hpp"
#include "host/protocols/phala_schema.hpp"
#include "host/protocols/protocol_run.hpp"
#include "host/protocols/secret_ai_run.hpp"
#include "host/protocols/secret_ai_schema.hpp"
#include "host/protocols/twopm_run.hpp"
#include "host/protocols/twopm_schema.hpp"

#include <stdexcept>

namespace ts {

config::SchemaRegistry protocol_registry() {
  config::SchemaRegistry r;
  r.add(ionet_schema());
  r.add(akash_schema());
  r.add(hanzo_schema());
  r.add(secret_ai_schema());
  r.add(clore_schema());
  r.add(bittensor_schema());
  r.add(phala_schema());
  r.add(twopm_schema());
  return r;
}

std::unique_ptr<ProtocolRun> make_protocol_run(const config::Scenario& sc) {
  // The run's settings and clock are the same for every point.
  for (const auto& axis : sc.sweep)
    if (axis.key.rfind("simulation.", 0) == 0)
      throw config::ConfigError(axis.where, axis.key,
                                "simulation.* keys cannot be swept (every point shares paths, seed and time axis)");
  if (sc.protocol == "ionet") return make_ionet_run(sc);
  if (sc.protocol == "akash") return make_akash_run(sc);
  if (sc.protocol == "hanzo") return make_hanzo_run(sc);
  if (sc.protocol == "secret_ai") return make_secret_ai_run(sc);
  if (sc.protocol == "clore") return make_clore_run(sc);
  if (sc.protocol == "bittensor") return make_bittensor_run(sc);
  if (sc.protocol == "phala") return make_phala_run(sc);
  if (sc.protocol == "twopm") return make_twopm_run(sc);
  throw std::logic_error("protocol '" + sc.protocol + "' has a schema but no model");
}

}  // namespace ts
