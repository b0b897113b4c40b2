#pragma once
// Every token movement is a transfer between named accounts of a path
// (MODEL.md 1, "Units and the ledger"; TigerBeetle's transfers). The
// conservation invariant sum(accounts) + burned == genesis + minted is checked
// every step and its residual is a metric that must be 0.
#include "models/core/amount.hpp"

namespace ts {

// The network's own accounts (per path).
struct NetworkAccounts {
  Micro treasury = 0;
  Micro reward_reserve = 0;   // minted on schedule, not yet paid out
  Micro community_pool = 0;   // community allocation not yet released
  Micro insurance = 0;        // fraud slashes compensate users from here
  Micro amm_tokens = 0;       // token reserve of the AMM pool
  Micro holders = 0;          // everyone else: investors, users, traders
  Micro outside_market = 0;   // the outside traders' float (MODEL.md 1, "Token market")
  Micro locked_vesting = 0;   // investor and contributor allocations still locked
  Micro clearing = 0;         // tokens bought within a step, paid out in the same step
  Micro dust = 0;             // rounding remainders of pro-rata splits
  Micro burned = 0;           // the sink

  TS_HD_INLINE Micro sum_except_burned() const {
    return treasury + reward_reserve + community_pool + insurance + amm_tokens + holders + outside_market +
           locked_vesting + clearing + dust;
  }
};

// Circulating supply (MODEL.md 1): the supply less the reward reserve,
// locked vesting, the treasury, pools, insurance, the AMM's reserve and the
// accounts that only hold tokens within a step.
TS_HD_INLINE Micro circulating_supply(const NetworkAccounts& a, Micro supply_total) {
  return supply_total - a.reward_reserve - a.locked_vesting - a.treasury - a.community_pool - a.insurance -
         a.amm_tokens - a.clearing - a.dust;
}

// A provider's accounts (per agent slot).
struct ProviderAccounts {
  Micro liquid = 0;               // wallet: rewards, token rental income
  Micro bonded = 0;               // self stake (collateral)
  Micro delegated = 0;            // stake of its stakers
  Micro unbonding_own = 0;        // own stake on its way back to `liquid`
  Micro unbonding_delegated = 0;  // stakers' stake on its way back to `holders`

  TS_HD_INLINE Micro total() const {
    return liquid + bonded + delegated + unbonding_own + unbonding_delegated;
  }
  TS_HD_INLINE Micro stake() const { return bonded + delegated; }
};

// Move `amount` (>= 0) from one account to another; never overdraws: moves at
// most what `from` holds and returns what was moved.
TS_HD_INLINE Micro transfer_upto(Micro& from, Micro& to, Micro amount) {
  if (amount <= 0) return 0;
  const Micro moved = amount < from ? amount : from;
  from -= moved;
  to += moved;
  return moved;
}

// The conservation residual: 0 when no token was created or lost.
TS_HD_INLINE Micro ledger_residual(const NetworkAccounts& net, Micro providers_total,
                                   Micro genesis, Micro minted_cum) {
  return net.sum_except_burned() + providers_total + net.burned - (genesis + minted_cum);
}

}  // namespace ts
