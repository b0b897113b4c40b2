#pragma once
// TAO issuance (MODEL.md 2.3, seed 003): one TAO per 12 s block, a 21M cap,
// and the block reward halved each time issuance reaches the next half of
// the remaining supply: 10.5M, 15.75M, 18.375M, ... (Bittensor's public
// schedule; the seed gives the cap and the block reward).
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/macros.hpp"

namespace ts::bittensor {

// Halvings reached at issuance `issued`: the k-th threshold is
// max_supply (1 - 2^-(k+1)).
TS_HD_INLINE std::int32_t halvings(Micro issued, Micro max_supply) {
  std::int32_t k = 0;
  while (k < 62 && issued >= max_supply - (max_supply >> (k + 1))) ++k;
  return k;
}

// Block reward at issuance `issued`.
TS_HD_INLINE Micro block_reward_at(Micro issued, Micro reward0, Micro max_supply) {
  return reward0 >> halvings(issued, max_supply);
}

// TAO minted by `blocks` blocks starting at issuance `issued`: block by
// block in closed form, the block that crosses a threshold still paid at
// the old reward, never past the cap.
TS_HD_INLINE Micro emission_of_blocks(Micro issued, std::int64_t blocks, Micro reward0, Micro max_supply) {
  Micro minted = 0;
  while (blocks > 0) {
    const std::int32_t k = halvings(issued + minted, max_supply);
    const Micro reward = reward0 >> k;
    if (reward <= 0) break;
    const Micro next_threshold = max_supply - (max_supply >> (k + 1));
    const Micro to_threshold = next_threshold - (issued + minted);
    const std::int64_t blocks_to_threshold = (to_threshold + reward - 1) / reward;
    const std::int64_t n = blocks < blocks_to_threshold ? blocks : blocks_to_threshold;
    minted += n * reward;
    blocks -= n;
  }
  const Micro room = max_supply - issued;
  return minted < room ? minted : room;
}

}  // namespace ts::bittensor
