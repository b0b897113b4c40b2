#pragma once
// The treasury's obligations (MODEL.md 1 "Risk events"): operating costs of
// `burn_usd_per_day` (treasury.burn_usd_per_day), due at the end of each
// day, paid from the treasury's USD first, then by selling its tokens on the
// AMM; the USD leaves to whoever the treasury pays, outside the token ledger.
// `treasury_insolvent` fires on the first day the obligations due exceed
// what the treasury can pay (its USD plus what its tokens fetch, within the
// pool's 90% cap); the unpaid part is a metric, not carried to the next day
// (ASSUMPTION: the obligations of a day lapse). The runway is what the
// treasury holds, at the current price, over a day's obligations.
#include "models/core/amount.hpp"
#include "models/core/macros.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/ledger.hpp"

namespace ts {

inline constexpr double kRunwayCapDays = 36500.0;   // no obligations: a century, like payback_days

struct TreasuryObligations {
  double paid_usd_cum;     // obligations paid so far
  double unpaid_usd_cum;   // obligations due that it could not pay
};

// Pays a day's obligations out of acc.treasury (and `usd`, the treasury's
// USD, for a protocol that keeps some); returns true when the treasury could
// not pay all of them. The caller updates its price afterwards.
TS_HD_INLINE bool pay_treasury_day(NetworkAccounts& acc, AmmPool& pool, double& usd, double due_usd,
                                   TreasuryObligations& o) {
  if (!(due_usd > 0.0)) return false;
  Micro& token_reserve = acc.amm_tokens;
  Micro& tokens = acc.treasury;
  const double from_usd = usd < due_usd ? usd : due_usd;
  usd -= from_usd;
  const double rest = due_usd - from_usd;
  double from_tokens = 0.0;
  bool short_of_funds = false;
  if (rest > 0.0) {
    // Short when it holds fewer tokens than the sale needs or the pool's 90%
    // cap bites, not by the micro-token rounding of a funded sale.
    const Micro need = amm_tokens_for_usd(pool, token_reserve, rest);
    short_of_funds = need > tokens || rest > 0.9 * pool.usd;
    from_tokens = amm_sell_tokens(pool, token_reserve, tokens, need);
  }
  o.paid_usd_cum += from_usd + from_tokens;
  if (short_of_funds) o.unpaid_usd_cum += rest - from_tokens;
  return short_of_funds;
}

// The same, for a treasury that holds tokens only.
TS_HD_INLINE bool pay_treasury_day(NetworkAccounts& acc, AmmPool& pool, double due_usd, TreasuryObligations& o) {
  double no_usd = 0.0;
  return pay_treasury_day(acc, pool, no_usd, due_usd, o);
}

// Days the treasury's holdings (USD value) cover at `burn_usd_per_day`.
TS_HD_INLINE double treasury_runway_days(double holdings_usd, double burn_usd_per_day) {
  if (!(burn_usd_per_day > 0.0)) return kRunwayCapDays;
  const double days = holdings_usd / burn_usd_per_day;
  return days < kRunwayCapDays ? (days > 0.0 ? days : 0.0) : kRunwayCapDays;
}

}  // namespace ts
