#pragma once
// unlock_dump (MODEL.md 1 "Attackers"): holders of `share` of each vesting
// unlock sell it at once, in the step it unlocks, instead of following the
// preset's rule (sell `unlock_sell_share` of it evenly over the sell window,
// hold the rest). Their profit against honest play on the same path is what
// the dump fetched (plus anything the pool's cap left them holding, marked
// to market) minus what the honest rule would have: its window sales at the
// spot price of each step before that step's unlock trades (a marginal seller
// spread over the window), plus the tokens it would still hold, marked to
// market. The twin is marginal (attack_gain.hpp): marked at this path's
// price, which a large block's own dump has lowered; against the baseline
// point, the unlock holders' value (unlock_holders_value_usd) says what the
// dump did to them all.
#include "models/core/amount.hpp"
#include "models/core/macros.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/attack_gain.hpp"

namespace ts {

struct UnlockDumpLedger {
  double dumped_usd;       // what the dumps fetched
  Micro dumper_held;       // dumped tokens the pool's cap left unsold
  double twin_sold_usd;    // the honest rule's window sales, at spot
  Micro twin_held;         // tokens the honest rule would still hold
  // All holders of unlocked allocations, dumpers or not: what their sales
  // fetched and the unlocked tokens they still hold. Their value is the
  // figure to compare with the baseline point (common random numbers) when
  // the dumpers are a block large enough to move the price for everyone.
  double holders_sold_usd;
  Micro holders_held;
};

// One step's unlock trades: `unlocked` tokens unlocked into `holders` this
// step and `rule_sale` what the preset's rule sells from holders this step
// (for every unlock so far). The dumpers' share of `unlocked` is sold at once
// and their share of the rule's sale is theirs no more; the others' sale
// follows. Returns the tokens sold.
TS_HD_INLINE Micro unlock_trades_step(UnlockDumpLedger& u, Fraction32 share, AmmPool& pool, Micro& amm_tokens,
                                      Micro& holders, Micro unlocked, Micro rule_sale) {
  const Micro before = holders;
  u.holders_held += unlocked;
  Micro sale = rule_sale;
  if (share != 0) {
    const double spot = amm_price(pool, amm_tokens);
    const Micro dumped = apply_fraction(unlocked, share);
    const Micro twin_sale = apply_fraction(rule_sale, share);
    u.twin_sold_usd += to_tokens(twin_sale) * spot;
    u.twin_held += dumped - twin_sale;
    sale -= twin_sale;
    if (dumped > 0) {
      const Micro held = holders;
      const double usd = amm_sell_tokens(pool, amm_tokens, holders, dumped);
      u.dumped_usd += usd;
      u.holders_sold_usd += usd;
      u.dumper_held += dumped - (held - holders);
    }
  }
  if (sale > 0) u.holders_sold_usd += amm_sell_tokens(pool, amm_tokens, holders, sale);
  const Micro sold = before - holders;
  u.holders_held -= sold < u.holders_held ? sold : u.holders_held;
  return sold;
}

// The dumpers' profit against the honest rule so far, at `price`.
TS_HD_INLINE double unlock_dump_gain_usd(const UnlockDumpLedger& u, double price) {
  return u.dumped_usd + to_tokens(u.dumper_held) * price - u.twin_sold_usd - to_tokens(u.twin_held) * price;
}

// What all holders of unlocked allocations have: sales so far and the
// unlocked tokens they hold, at `price`.
TS_HD_INLINE double unlock_holders_value_usd(const UnlockDumpLedger& u, double price) {
  return u.holders_sold_usd + to_tokens(u.holders_held) * price;
}

// A step's attack sums with the dumpers' gain counted among the attackers
// still in the network (attack_profitable is the aggregate, attack_gain.hpp).
TS_HD_INLINE AttackSums with_unlock_dump(AttackSums s, const UnlockDumpLedger& u, double price) {
  s.gain_live += to_micro_signed(unlock_dump_gain_usd(u, price));
  return s;
}

}  // namespace ts
