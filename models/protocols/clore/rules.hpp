#pragma once
// Clore.ai's rules as small evaluators (MODEL.md 2.7, seed 003 "CloreAI"):
// the marketplace fees by order type and currency, the provider's
// reservation price against mining, and the Proof-of-Holding bonus curve.
// The host builds Params from these same functions, and the tests check the
// seed's figures against them.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/saturating_cast.hpp"

namespace ts::clore {

// ---------------------------------------------------------------- fees

// How a rental is ordered and paid (seed: "对现货市场下的订单收取2.5%的费用，
// 对按需订单收取10%的费用（比特币支付），对于美元支付...19.5%的费用，外加非常低的
// 订单创建费（低于$0.01）"; the seed also names CLORE as a means of payment).
enum PayMode : int { kSpot = 0, kOnDemandBtc = 1, kOnDemandClore = 2, kOnDemandUsd = 3, kPayModes = 4 };

// One rental of listed value `value` (USD, at the provider's ask) in a mode
// with fee rate `rate`: the host bears `host_share` of the fee (deducted from
// what it receives), the renter the rest on top of the price, less its
// Proof-of-Holding reduction (assumption). A USD order also pays a flat
// order-creation fee per order, charged to the renter.
struct RentalSplit {
  double renter_pays;
  double host_receives;
  double platform_fee;
};

TS_HD_INLINE RentalSplit rental_split(double value, double rate, double host_share, double renter_reduction,
                                      double orders, double order_fee_usd) {
  const double host_fee = value * rate * host_share;
  const double renter_fee = value * rate * (1.0 - host_share) * (1.0 - renter_reduction);
  const double order_fees = orders * order_fee_usd;
  return RentalSplit{value + renter_fee + order_fees, value - host_fee, host_fee + renter_fee + order_fees};
}

// The fee mix of the whole market per dollar of listed value (ask x unit-hours),
// from the shares of the payment modes; built once on the host.
struct FeeMix {
  double paid;            // price paid before fees (spot orders pay less than the ask)
  double host_net;        // eta: what the host receives, all modes
  double renter_cost;     // what renters pay before order fees
  double platform_fee;    // platform revenue before order fees
  double clore_renter;    // part of renter_cost paid in CLORE
  double clore_host;      // part of host_net received in CLORE
  double usd_order_share; // share of orders paid in USD (they pay the order fee)
};

// share[j]: share of rented capacity ordered in mode j (sums to 1);
// spot orders pay `spot_price_ratio` of the ask and are paid in CLORE with
// probability `spot_clore_share`, else in BTC.
TS_HD_INLINE FeeMix make_fee_mix(const double (&rate)[kPayModes], const double (&share)[kPayModes],
                                 double spot_price_ratio, double spot_clore_share, double host_share,
                                 double renter_reduction) {
  FeeMix m{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, share[kOnDemandUsd]};
  for (int j = 0; j < kPayModes; ++j) {
    const double value = share[j] * (j == kSpot ? spot_price_ratio : 1.0);
    const RentalSplit s = rental_split(value, rate[j], host_share, renter_reduction, 0.0, 0.0);
    m.paid += value;
    m.host_net += s.host_receives;
    m.renter_cost += s.renter_pays;
    m.platform_fee += s.platform_fee;
    const double in_clore = j == kOnDemandClore ? 1.0 : (j == kSpot ? spot_clore_share : 0.0);
    m.clore_renter += in_clore * s.renter_pays;
    m.clore_host += in_clore * s.host_receives;
  }
  return m;
}

// ---------------------------------------------------------------- mining and the reservation price

// Idle rigs mine the most profitable coin (seed: "如果用户的农场没有出租，它可以
// 自动挖掘出收益最高的货币"). Per unit-hour, net of power: mining pays
// `mining_gross - power`; a rig that cannot mine at a profit idles at
// `idle_power_share` of its power. Renting pays `price * host_net - power`.
TS_HD_INLINE double outside_option_usd(double mining_gross, double power, double idle_power_share) {
  const double mine = mining_gross - power;
  const double idle = -idle_power_share * power;
  return mine > idle ? mine : idle;
}

// The lowest ask at which renting is at least as good as the outside option:
// price * host_net - power >= outside.
TS_HD_INLINE double reservation_price_usd(double outside, double power, double host_net) {
  return (power + outside) / host_net;
}

// ---------------------------------------------------------------- Proof of Holding

// PoH bonus rate (assumption; the seed says only that the bonus grows with
// the CLORE held, with no lock and no slashing): linear in the holding up to
// `full_holding`, then flat at `bonus_max`, the shape of Clore's published
// PoH fee-reduction schedule (min(h / h_full, 1) x 50%). Never negative,
// non-decreasing in the holding, 0 at no holding.
TS_HD_INLINE double poh_bonus_rate(Micro holding, Micro full_holding, double bonus_max) {
  if (holding <= 0 || !(bonus_max > 0.0)) return 0.0;
  if (full_holding <= 0 || holding >= full_holding) return bonus_max;
  return bonus_max * (static_cast<double>(holding) / static_cast<double>(full_holding));
}

// Hosting-reward weight of a rental: unit-hours in fixed point (kWeightOne
// per unit-hour) and the PoH part on top, floor(base * bonus_rate).
inline constexpr std::int64_t kWeightOne = 1000000;

struct RewardWeight {
  std::int64_t base;
  std::int64_t bonus;
};

TS_HD_INLINE RewardWeight reward_weight(std::int64_t unit_hours, double bonus_rate) {
  RewardWeight w;
  w.base = unit_hours * kWeightOne;
  w.bonus = trunc_to<std::int64_t>(static_cast<double>(w.base) * bonus_rate);
  return w;
}

}  // namespace ts::clore
