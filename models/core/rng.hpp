#pragma once
// Randomness keyed by identity, never by thread (DESIGN.md principle 3;
// HOOMD-blue's RandomGenerator, Random123's counter-based design).
// key = 64-bit seed; counter = (path, step, agent, stream). The point is not
// in the counter: path k of every point sees the same shocks (common random
// numbers), so a proposal and its baseline differ only by the proposal.
#include <cstdint>

#include <Random123/philox.h>
#include <Random123/u01fixedpt.h>

#include "models/core/macros.hpp"

namespace ts {

// Every random stream of the models, in one list. A new stream gets a new
// number at the end; renumbering changes every result (and the golden files).
enum class Stream : std::uint32_t {
  kDemand = 1,          // network: OU shock and jumps of demand
  kMarket = 2,          // network: exogenous AMM order flow
  kEntryCount = 3,      // network: daily number of entrants
  kProviderTraits = 4,  // agent: hardware, reliability, strategy at entry
  kProviderTraitsGamma = 5,  // agent: rejection loop of the Beta draw
  kUptime = 6,          // agent: nodes online this step, fraud detection
  kJobs = 7,            // agent: jobs, leases, work done this step
  kScores = 8,          // agent: quality, scores, benchmark noise
  kAttack = 9,          // agent: attack outcomes, detection
  kMarketOutside = 10,  // network: outside options (e.g. mining income)
  // A protocol that needs more draws of one (path, step, agent, stream)
  // numbers them with the `sub` word of draw_words, not new streams.
};

// Agent id used for draws that belong to the network, not an agent.
inline constexpr std::uint32_t kNetworkAgent = 0xFFFFFFFFu;

struct RandomKey {
  std::uint64_t seed;
};

// Four 32-bit words from one Philox4x32-10 call.
struct RandomWords {
  std::uint32_t w[4];
};

// `sub` numbers several draws of one (path, step, agent, stream), e.g. the
// attempts of a rejection loop; it shares the fourth counter word with the
// stream id (stream in the low 8 bits).
TS_HD_INLINE RandomWords draw_words(RandomKey key, std::uint32_t path, std::uint32_t step,
                                    std::uint32_t agent, Stream stream, std::uint32_t sub = 0) {
  r123::Philox4x32 rng;
  r123::Philox4x32::key_type k = {{static_cast<std::uint32_t>(key.seed),
                                   static_cast<std::uint32_t>(key.seed >> 32)}};
  r123::Philox4x32::ctr_type c = {{path, step, agent, static_cast<std::uint32_t>(stream) | (sub << 8)}};
  const r123::Philox4x32::ctr_type r = rng(c, k);
  return RandomWords{{r[0], r[1], r[2], r[3]}};
}

// Uniforms in (0, 1): Random123's fixed-point conversions, which are exact
// integer-to-double operations and so identical on both backends (u01 may be
// contracted differently; DESIGN.md principle 3).
TS_HD_INLINE double uniform_open32(std::uint32_t w) { return u01fixedpt_open_open_32_double(w); }

TS_HD_INLINE double uniform_open53(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t x = (static_cast<std::uint64_t>(hi) << 32) | lo;
  return u01fixedpt_open_open_64_double(x);
}

// Bernoulli trial against a probability turned into an integer threshold on
// the host (DESIGN.md principle 2): true with probability threshold / 2^32.
TS_HD_INLINE bool bernoulli(std::uint32_t w, std::uint64_t threshold) {
  return static_cast<std::uint64_t>(w) < threshold;
}

}  // namespace ts
