#pragma once
// Constant-product AMM between the token and USD (MODEL.md 1, "Token
// market"; Uniswap v2's x*y = k with the fee kept in the pool).
// The token reserve is a ledger account (micro-tokens); the USD reserve is a
// double, since USD lies outside the token ledger.
#include <cmath>

#include "models/core/amount.hpp"
#include "models/mechanisms/ledger.hpp"

namespace ts {

struct AmmPool {
  double usd = 0.0;   // USD reserve
  double fee = 0.0;   // fraction of the input kept by the pool
  // USD the outside market wanted from sells it could not fund from its
  // float (or that the pool's 90% cap refused), so far.
  double outside_unfilled_usd_cum = 0.0;
};

TS_HD_INLINE double amm_price(const AmmPool& pool, Micro token_reserve) {
  return token_reserve > 0 ? pool.usd / to_tokens(token_reserve) : 0.0;
}

// Open the pool at genesis: `usd` of depth against usd / p0 tokens taken
// from `from`. Returns the opening price (p0, to the rounding of the tokens).
TS_HD_INLINE double amm_open(AmmPool& pool, Micro& token_reserve, Micro& from, double usd, double p0, double fee) {
  pool.fee = fee;
  pool.usd = usd;
  transfer_upto(from, token_reserve, to_micro_floor(usd / p0));
  return amm_price(pool, token_reserve);
}

// Buy tokens with `usd_in`: tokens leave the pool's reserve into `to`.
TS_HD_INLINE Micro amm_buy_with_usd(AmmPool& pool, Micro& token_reserve, Micro& to, double usd_in) {
  if (!(usd_in > 0.0) || token_reserve <= 0) return 0;
  const double effective = usd_in * (1.0 - pool.fee);
  const double out = static_cast<double>(token_reserve) * effective / (pool.usd + effective);
  Micro tokens = to_micro_floor(out * 1e-6);
  if (tokens >= token_reserve) tokens = token_reserve - 1;
  pool.usd += usd_in;
  return transfer_upto(token_reserve, to, tokens);
}

// USD needed to buy exactly `tokens` (inverse of the above).
TS_HD_INLINE double amm_cost_of_tokens(const AmmPool& pool, Micro token_reserve, Micro tokens) {
  if (tokens <= 0) return 0.0;
  if (tokens >= token_reserve) return 1e300;
  const double x = static_cast<double>(token_reserve);
  const double q = static_cast<double>(tokens);
  return pool.usd * q / (x - q) / (1.0 - pool.fee);
}

// Buy exactly `tokens` into `to`; returns the USD paid.
TS_HD_INLINE double amm_buy_exact(AmmPool& pool, Micro& token_reserve, Micro& to, Micro tokens) {
  const double cost = amm_cost_of_tokens(pool, token_reserve, tokens);
  if (cost >= 1e300) return cost;
  pool.usd += cost;
  transfer_upto(token_reserve, to, tokens);
  return cost;
}

// Sell `tokens` from `from` into the pool; returns the USD received.
TS_HD_INLINE double amm_sell_tokens(AmmPool& pool, Micro& token_reserve, Micro& from, Micro tokens) {
  const Micro moved = transfer_upto(from, token_reserve, tokens);
  if (moved <= 0) return 0.0;
  const double x_before = static_cast<double>(token_reserve - moved);
  const double effective = static_cast<double>(moved) * (1.0 - pool.fee);
  const double usd_out = pool.usd * effective / (x_before + effective);
  pool.usd -= usd_out;
  return usd_out;
}

// Tokens to sell from `from` so that the pool pays out `usd_out` (clamped to
// what `from` holds and to 90% of the pool's USD).
TS_HD_INLINE Micro amm_tokens_for_usd(const AmmPool& pool, Micro token_reserve, double usd_out) {
  if (!(usd_out > 0.0)) return 0;
  if (usd_out > 0.9 * pool.usd) usd_out = 0.9 * pool.usd;
  const double x = static_cast<double>(token_reserve);
  const double q = x * usd_out / (pool.usd - usd_out) / (1.0 - pool.fee);
  return to_micro_floor(q * 1e-6);
}
TS_HD_INLINE double amm_sell_for_usd(AmmPool& pool, Micro& token_reserve, Micro& from, double usd_out) {
  if (!(usd_out > 0.0)) return 0.0;
  return amm_sell_tokens(pool, token_reserve, from, amm_tokens_for_usd(pool, token_reserve, usd_out));
}

// Move the price by the factor `mult` (a price shock, MODEL.md 1) with a
// trade between `holders` and the pool: price ~ usd / tokens and
// usd * tokens = k, so the token reserve must become tokens / sqrt(mult).
// When holders own too few tokens to sell that many, the rest of the move is
// applied to the USD side (value leaving the market from outside the token
// ledger), so the shock always delivers the price it names.
TS_HD_INLINE void amm_shock_price(AmmPool& pool, Micro& token_reserve, Micro& holders, double mult) {
  if (!(mult > 0.0) || mult == 1.0 || token_reserve <= 0) return;
  const double target_price = amm_price(pool, token_reserve) * mult;
  const double k = pool.usd * static_cast<double>(token_reserve);
  const double target_tokens = static_cast<double>(token_reserve) / sqrt(mult);
  if (target_tokens > static_cast<double>(token_reserve)) {
    transfer_upto(holders, token_reserve, to_micro_floor((target_tokens - static_cast<double>(token_reserve)) * 1e-6));
  } else {
    Micro sink = 0;
    transfer_upto(token_reserve, sink, to_micro_floor((static_cast<double>(token_reserve) - target_tokens) * 1e-6));
    holders += sink;
  }
  pool.usd = k / static_cast<double>(token_reserve);
  // Whatever the trade could not do, the USD side does.
  pool.usd = target_price * to_tokens(token_reserve);
}

// Exogenous traders (MODEL.md 1): a net USD flow amm_usd (mu dt + sigma
// sqrt(dt) Z) per step, bought from or sold to the pool by the outside
// market's own account. A sell it cannot fund from its float is not cut
// silently: the USD it did not get is added to outside_unfilled_usd_cum.
// (The flow was once sold out of `holders`, which in the IO.net presets
// start empty: month 1's price floor was set by their balance, not the GBM.)
TS_HD_INLINE void amm_exogenous_flow(AmmPool& pool, Micro& token_reserve, Micro& outside, double mu_dt,
                                     double sigma_sqrt_dt, double z) {
  const double flow = pool.usd * (mu_dt + sigma_sqrt_dt * z);
  if (flow > 0.0) {
    amm_buy_with_usd(pool, token_reserve, outside, flow);
  } else if (flow < 0.0) {
    // Short when the float holds fewer tokens than the sell needs or the
    // pool's 90% cap bites, not by the micro-token rounding of a funded sell.
    const Micro need = amm_tokens_for_usd(pool, token_reserve, -flow);
    const bool short_of_float = need > outside;
    const bool capped = -flow > 0.9 * pool.usd;
    const double got = amm_sell_tokens(pool, token_reserve, outside, need);   // amm_sell_for_usd, sized once
    if (short_of_float || capped) pool.outside_unfilled_usd_cum += -flow - got;
  }
}

// The outside market's token float at genesis (MODEL.md 1): `multiple` x the
// AMM's token reserve, taken from holders and then from the community pool
// (the allocations that are not locked), after every other genesis
// allocation. Where those hold less, the float is what they hold.
TS_HD_INLINE void seed_outside_market(NetworkAccounts& a, double multiple) {
  const double wanted = multiple * static_cast<double>(a.amm_tokens);   // micro-tokens
  const Micro want = !(wanted > 0.0) ? 0 : wanted >= 9.2e18 ? INT64_MAX : static_cast<Micro>(wanted);
  const Micro got = transfer_upto(a.holders, a.outside_market, want);
  transfer_upto(a.community_pool, a.outside_market, want - got);
}

}  // namespace ts
