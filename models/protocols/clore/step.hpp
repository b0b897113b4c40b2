#pragma once
// One step of a Clore.ai path (MODEL.md 1 "Time" and 2.7, seed 003), in the
// engine's phases: host phases in parallel over agent slots, network phases
// once per path, integer population sums in between.
//
//   N0 network_begin_step      shocks, demand, mining income, token market flow,
//                              block emission (miners, developers, marketplace pool)
//   P1 provider_offer_phase    entrants; each host prices its machines against
//                              mining and offers them in a price bucket
//   N1 network_clear_market    entrants buy their PoH holdings; merit-order clearing
//   P2 provider_rent_phase     rentals (cheapest first), payments and fees, idle
//                              rigs mine, PoH-weighted claim on the hosting pool
//   N2 network_settle_payments CLORE-paid rentals bought on the AMM, fee revenue
//                              and buyback, the hosting-reward budget
//   P3 provider_settle_phase   hosting rewards, CLORE receipts, daily sales and exit
//   N3 network_end_step        fee tokens, sales, invariant, risk events, entry
#include <cmath>
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/portable_math.hpp"
#include "models/core/rng.hpp"
#include "models/core/saturating_cast.hpp"
#include "models/core/variates.hpp"
#include "models/engine/path_context.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/attack_gain.hpp"
#include "models/mechanisms/day_calendar.hpp"
#include "models/mechanisms/demand.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/merit_order.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/risk_events.hpp"
#include "models/mechanisms/schedule.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/protocols/clore/params.hpp"
#include "models/protocols/clore/rules.hpp"
#include "models/protocols/clore/state.hpp"

namespace ts::clore {

TS_HD_INLINE bool is_active(const Provider& v) { return v.status == Status::active; }
TS_HD_INLINE std::int32_t trailing_days(const Params& p) {
  const std::int32_t d = trunc_to<std::int32_t>(1.0 / p.exit_ema_alpha + 0.5);
  return d > 0 ? d : 1;
}

// Demand (capacity units) as the integer the merit order clears against.
TS_HD_INLINE std::int64_t demand_capacity(double units) {
  if (!(units > 0.0)) return 0;
  return units < 4e18 ? trunc_to<std::int64_t>(units) : std::int64_t{4000000000000000000};
}

// Machines of initial provider i: the seed's machine count spread evenly
// (the first providers take one machine fewer), so they sum exactly to it.
TS_HD_INLINE std::int32_t initial_machines_of(const Params& p, std::int32_t i) {
  const std::int64_t m = p.initial_machines, n = p.initial_providers;
  return static_cast<std::int32_t>(quotient_or(m * (i + 1), n, 0) - quotient_or(m * i, n, 0));
}

// ---------------------------------------------------------------- entrants

// Traits of a host entering slot `slot` at step t with `machines` machines:
// hardware class, markup over its reservation price, daily sell fraction and
// the CLORE it means to hold for Proof of Holding (a share of hosts hold,
// lognormal amounts per machine; assumptions). Returns that holding.
TS_HD_INLINE Micro draw_entrant(const Params& p, const PathContext& ctx, std::int32_t t, std::int32_t slot,
                                std::int32_t machines, Provider& v) {
  const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                   static_cast<std::uint32_t>(slot), Stream::kProviderTraits);
  std::int32_t hw = 0;
  while (hw + 1 < p.n_hardware && static_cast<std::uint64_t>(w.w[0]) >= p.hardware[hw].cum_threshold) ++hw;
  const HardwareClass& h = p.hardware[hw];

  Provider fresh{};
  fresh.status = Status::active;
  fresh.hardware = static_cast<std::uint8_t>(hw);
  fresh.bucket = -1;
  fresh.machines = machines;
  fresh.units_per_machine = h.capacity_units;
  fresh.markup = p.markup_lo + (p.markup_hi - p.markup_lo) * uniform_open32(w.w[1]);
  fresh.sell_fraction = p.sell_fraction_lo + (p.sell_fraction_hi - p.sell_fraction_lo) * uniform_open32(w.w[2]);
  if (bernoulli(w.w[3], p.poh_holder_threshold)) {
    const RandomWords z = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                     static_cast<std::uint32_t>(slot), Stream::kProviderTraits, 1u);
    const double per_machine = p.poh_holding_median * pmath::exp(p.poh_holding_sigma * standard_normal(z.w[0], z.w[1]));
    fresh.target_holding = to_micro_floor(per_machine * static_cast<double>(machines));
  }
  fresh.capex_usd = h.capex_usd * static_cast<double>(machines);
  fresh.joined_step = t;
  if (p.attacker_threshold > 0) {
    const RandomWords a = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                     static_cast<std::uint32_t>(slot), Stream::kProviderTraits, 2u);
    fresh.self_renter = bernoulli(a.w[0], p.attacker_threshold) ? 1 : 0;
  }
  // A self-renter's profit and its twin's: the capex; the PoH holding is the
  // same for both and left out of both.
  fresh.profit_usd = -fresh.capex_usd;
  fresh.twin_profit_usd = -fresh.capex_usd;
  v = fresh;
  return fresh.target_holding;
}

// ---------------------------------------------------------------- pricing

// A host's reservation price and ask for this step (MODEL.md 2.7): renting a
// unit-hour must pay at least what the idle rig earns mining (or saves
// idling), after the host's share of the fees; the ask is a markup over that.
TS_HD_INLINE void price_offer(const Params& p, double mining_income, Provider& v) {
  const HardwareClass& h = p.hardware[v.hardware];
  v.outside = outside_option_usd(mining_income * h.mining_factor, h.power_usd_per_unit_hour, p.idle_power_share);
  v.ask = (1.0 + v.markup) * reservation_price_usd(v.outside, h.power_usd_per_unit_hour, p.mix.host_net);
  v.bucket = static_cast<std::int16_t>(merit_bucket(p.price_edge, v.ask));
}

// Machines a host rents (cheaper offers rent first, MODEL.md 2.7): all of
// them below the clearing bucket, none above it or above renters' maximum,
// and in it the bucket's fill fraction of its machines, rounded
// stochastically with `draw` (exact in the mean, so small cohorts rent too).
TS_HD_INLINE std::int32_t machines_rented(const MeritClearing& c, const Provider& v, std::uint32_t draw) {
  return static_cast<std::int32_t>(merit_rented_rounded(v.machines, v.bucket, c, draw));
}

// Money of a rental of `unit_hours` at `ask`, USD, for the market's fee mix
// (rules.hpp): USD orders pay the order fee, one order per mean_order_hours
// machine-hours.
struct RentalMoney {
  double listed, host_net, renter_cost, platform_fee, clore_renter, clore_host;
};

TS_HD_INLINE RentalMoney rental_money(const Params& p, double ask, std::int64_t unit_hours,
                                      std::int64_t machine_hours) {
  const double listed = ask * static_cast<double>(unit_hours);
  const double order_fees =
      static_cast<double>(machine_hours) / p.mean_order_hours * p.mix.usd_order_share * p.usd_order_fee;
  RentalMoney m;
  m.listed = listed;
  m.host_net = listed * p.mix.host_net;
  m.renter_cost = listed * p.mix.renter_cost + order_fees;
  m.platform_fee = listed * p.mix.platform_fee + order_fees;
  m.clore_renter = listed * p.mix.clore_renter;
  m.clore_host = listed * p.mix.clore_host;
  return m;
}

// ---------------------------------------------------------------- genesis

// Genesis demand (capacity units) at which the genesis merit order rents
// `target_machines` machines in expectation: cheapest buckets first until
// their machines reach the target, then the share of the next bucket's
// capacity that holds the rest of them (machines of one bucket differ in
// size, so the seed's machine count, not a unit share, is what is matched).
// When fewer machines are offered, `fallback` units.
TS_HD_INLINE double genesis_demand(const std::int64_t* capacity, const std::int64_t* machines,
                                   double target_machines, double fallback) {
  double cum_machines = 0.0, cum_units = 0.0;
  for (int b = 0; b < kMeritBuckets; ++b) {
    const double m = static_cast<double>(machines[b]);
    const double u = static_cast<double>(capacity[b]);
    if (m > 0.0 && cum_machines + m >= target_machines)
      return cum_units + (target_machines - cum_machines) / m * u;
    cum_machines += m;
    cum_units += u;
  }
  return fallback;
}

// The network of the seed's date (2024-06-05): 4,797 machines online over
// the initial hosts, 360M CLORE at $0.1651. The AMM seed and the hosts' PoH
// holdings come out of `holders`. Genesis demand is the capacity at which
// this path's genesis merit order rents the seed's 3,058 of 4,797 machines
// (genesis_demand), and the genesis market is cleared once so that the first
// snapshot shows the network the preset starts from and the renters' cost
// that demand's elasticity refers to.
TS_HD_INLINE void init_path(const Params& p, const PathContext& ctx, Network& net, Provider* slots) {
  net = Network{};
  net.acc.holders = p.genesis;
  net.price = amm_open(net.amm, net.acc.amm_tokens, net.acc.holders, p.amm_usd0, p.p0, p.amm_fee);
  net.mining_income = p.mining0;
  net.mining_ema = p.mining0;
  for (std::int32_t i = 0; i < p.max_providers; ++i) slots[i] = Provider{};

  std::int64_t capacity[kMeritBuckets] = {};
  std::int64_t machines[kMeritBuckets] = {};
  std::int64_t online = 0;
  for (std::int32_t i = 0; i < p.initial_providers; ++i) {
    Provider& v = slots[i];
    const Micro holding = draw_entrant(p, ctx, 0, i, initial_machines_of(p, i), v);
    transfer_upto(net.acc.holders, v.acc.liquid, holding);
    price_offer(p, net.mining_income, v);
    const std::int64_t units = static_cast<std::int64_t>(v.machines) * v.units_per_machine;
    if (v.bucket >= 0) {
      capacity[v.bucket] += units;
      machines[v.bucket] += v.machines;
    }
    online += units;
    net.machines_online += v.machines;
    net.providers_online += 1;
  }
  net.online_units = static_cast<double>(online);
  net.demand0 = genesis_demand(capacity, machines, p.initial_rented_share * static_cast<double>(net.machines_online),
                               p.initial_rented_share * net.online_units);
  net.demand_units = net.demand0;
  net.clearing = merit_clear(capacity, demand_capacity(net.demand0));
  net.offered_units = static_cast<double>(net.clearing.offered);
  double listed = 0.0, cost = 0.0;
  std::int64_t rented_units = 0;
  for (std::int32_t i = 0; i < p.initial_providers; ++i) {
    Provider& v = slots[i];
    const RandomWords w = draw_words(ctx.key, ctx.path, 0u, static_cast<std::uint32_t>(i), Stream::kJobs, 1u);
    v.rented = machines_rented(net.clearing, v, w.w[0]);
    const std::int64_t units = static_cast<std::int64_t>(v.rented) * v.units_per_machine;
    const RentalMoney m = rental_money(p, v.ask, units, v.rented);
    listed += m.listed;
    cost += m.renter_cost;
    rented_units += units;
    net.machines_rented += v.rented;
    const HardwareClass& h = p.hardware[v.hardware];
    if (net.mining_income * h.mining_factor > h.power_usd_per_unit_hour)
      net.mining_units += static_cast<double>((static_cast<std::int64_t>(v.machines) - v.rented) * v.units_per_machine);
  }
  net.served_units = static_cast<double>(rented_units);
  net.utilization = online > 0 ? net.served_units / net.online_units : 0.0;
  net.lease_price = rented_units > 0 ? listed * p.mix.paid / static_cast<double>(rented_units) : 0.0;
  net.ref_cost = rented_units > 0 ? cost / static_cast<double>(rented_units) : 1.0;
  net.last_cost = net.ref_cost;
  net.initial_providers = p.initial_providers;
  for (int e = 0; e < kEventCount; ++e) net.event_first[e] = kNeverReached;
}

// ---------------------------------------------------------------- N0

TS_HD_INLINE void network_begin_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net) {
  const std::int64_t h0 = hour_of_step(p, t);
  const std::int64_t h1 = h0 + p.dt_hours;
  const std::uint32_t step = static_cast<std::uint32_t>(t);
  const RandomWords wd = draw_words(ctx.key, ctx.path, step, kNetworkAgent, Stream::kDemand);
  const RandomWords wm = draw_words(ctx.key, ctx.path, step, kNetworkAgent, Stream::kMarket);
  const RandomWords wo = draw_words(ctx.key, ctx.path, step, kNetworkAgent, Stream::kMarketOutside);

  // Deterministic shocks: the price moves once at the start.
  double demand_mult = 1.0, mining_mult = 1.0;
  for (std::int32_t s = 0; s < p.n_shocks; ++s) {
    const Shock& sh = p.shocks[s];
    if (t == sh.start_step) amm_shock_price(net.amm, net.acc.amm_tokens, net.acc.holders, sh.price_mult);
    if (t >= sh.start_step && t < sh.end_step) {
      demand_mult *= sh.demand_mult;
      mining_mult *= sh.mining_mult;
    }
  }

  // Outside option: mining income per unit-hour of the reference rig, a
  // log-OU with jumps around a trend (the same process as demand), one
  // network-level draw per step.
  net.mining_x = demand_ou_step(net.mining_x, p.mining_ou_decay, p.mining_ou_sd, p.mining_jump_lambda,
                                p.mining_jump_mu, p.mining_jump_sigma, wo);
  net.mining_income = p.mining0 * pmath::exp(p.mining_growth_per_step * static_cast<double>(t) + net.mining_x) *
                      mining_mult;
  net.mining_ema += p.exit_ema_alpha / static_cast<double>(p.steps_per_day) * (net.mining_income - net.mining_ema);

  // Demand (MODEL.md 1): log-OU with jumps, trend, diurnal cycle, and the
  // elasticity to what renters paid per unit-hour in the last step with
  // rentals, relative to genesis.
  net.demand_x = demand_ou_step(net.demand_x, p.ou_decay, p.ou_sd, p.jump_lambda_per_step, p.jump_mu,
                                p.jump_sigma, wd);
  const double elastic = p.elasticity > 0.0 ? pmath::pow(net.last_cost / net.ref_cost, -p.elasticity) : 1.0;
  net.demand_units = net.demand0 * pmath::exp(p.growth_per_step * static_cast<double>(t) + net.demand_x) *
                     p.diurnal[h0 % 24] * elastic * demand_mult;

  // Exogenous traders (MODEL.md 1 "Token market").
  amm_exogenous_flow(net.amm, net.acc.amm_tokens, net.acc.outside_market, p.flow_mu_dt, p.flow_sigma_sqrt_dt,
                     standard_normal(wm.w[0], wm.w[1]));

  // Block emission of the step (assumption schedule), minted into the
  // reserve and split at once: PoW miners (holders, who sell a share as they
  // mine), the developer wallet (treasury), and the marketplace pool, which
  // stays in the reserve until this step's rented machines claim it.
  const Micro minted = scheduled_between(p.emission, h0, h1);
  net.acc.reward_reserve += minted;
  net.minted_cum += minted;
  const Micro to_miners = transfer_upto(net.acc.reward_reserve, net.acc.holders, apply_fraction(minted, p.miner_share));
  const Micro to_dev = transfer_upto(net.acc.reward_reserve, net.acc.treasury, apply_fraction(minted, p.dev_share));
  net.emitted_cum += to_miners + to_dev;
  net.step_pool = minted - to_miners - to_dev;
  const Micro miners_sell = apply_fraction(to_miners, p.miner_sell_share);
  if (miners_sell > 0) amm_sell_tokens(net.amm, net.acc.amm_tokens, net.acc.holders, miners_sell);
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P1

TS_HD_INLINE void provider_offer_phase(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                       Provider& v, std::int32_t slot, OfferSums& sums) {
  v.rented = 0;
  v.sold_step = 0;
  if (v.status == Status::vacant) return;
  if (v.status == Status::entering) {
    // Holding credited provisionally; N1 buys it on the market (or calls the
    // day's entry off) and P2 activates the slot. Offers start next step.
    const Micro holding = draw_entrant(p, ctx, t, slot, p.machines_per_agent, v);
    v.status = Status::entering;
    v.acc.liquid = holding;
    sums.entry_tokens += holding;
    return;
  }
  // Every machine of an active host is listed (assumption: downtime is not
  // modelled; Clore pays nothing for availability and slashes nothing).
  price_offer(p, net.mining_income, v);
  const std::int32_t units = v.machines * v.units_per_machine;
  if (v.bucket >= 0) sums.offers[v.bucket] += units;
  sums.online_units += units;
  sums.machines += v.machines;
  sums.providers += 1;
}

// ---------------------------------------------------------------- N1

TS_HD_INLINE void network_clear_market(const Params& p, Network& net, const OfferSums& s) {
  (void)p;
  net.machines_online = s.machines;
  net.providers_online = s.providers;
  net.online_units = static_cast<double>(s.online_units);
  // Entrants buy their PoH holdings (or the day's entry is called off).
  net.entry_cancelled = buy_entrants_tokens(net.amm, net.acc.amm_tokens, net.acc.clearing, s.entry_tokens);
  net.price = amm_price(net.amm, net.acc.amm_tokens);
  // Cheaper offers rent first (MODEL.md 2.7): merit order over the buckets.
  net.clearing = merit_clear(s.offers, demand_capacity(net.demand_units));
  net.offered_units = static_cast<double>(net.clearing.offered);
}

// ---------------------------------------------------------------- P2

TS_HD_INLINE void provider_rent_phase(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                      Provider& v, std::int32_t slot, RentalSums& sums) {
  v.weight = 0;
  v.bonus_weight = 0;
  v.bonus_rate = 0.0;
  v.clore_host_usd = 0;
  v.self_rented = 0;
  v.twin_weight = 0;
  v.self_rent_fee_usd = 0.0;
  if (v.status == Status::entering) {
    if (net.entry_cancelled) v = Provider{};
    else v.status = Status::active;
    return;
  }
  if (!is_active(v)) return;
  const HardwareClass& h = p.hardware[v.hardware];
  const double dt = static_cast<double>(p.dt_hours);

  // Rentals at the host's own ask (pay as bid).
  const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                   static_cast<std::uint32_t>(slot), Stream::kJobs);
  v.rented = machines_rented(net.clearing, v, w.w[0]);
  const std::int64_t rented_units = static_cast<std::int64_t>(v.rented) * v.units_per_machine;
  const std::int64_t unit_hours = rented_units * p.dt_hours;
  const RentalMoney m = rental_money(p, v.ask, unit_hours, static_cast<std::int64_t>(v.rented) * p.dt_hours);

  // Idle machines mine when mining pays for the power, else idle.
  const std::int64_t idle_units = static_cast<std::int64_t>(v.machines - v.rented) * v.units_per_machine;
  const double mining_gross = net.mining_income * h.mining_factor;
  const bool mines = mining_gross > h.power_usd_per_unit_hour;
  const double idle_cash = static_cast<double>(idle_units) * dt *
                           (mines ? mining_gross - h.power_usd_per_unit_hour
                                  : -p.idle_power_share * h.power_usd_per_unit_hour);
  // Cash income now; the CLORE-paid part and the hosting reward in P3.
  const double rent_cash = m.host_net - m.clore_host - static_cast<double>(unit_hours) * h.power_usd_per_unit_hour;
  v.income.today_usd += rent_cash + idle_cash;
  v.rented_hours_day += static_cast<std::int64_t>(v.rented) * p.dt_hours;

  // self_rent (MODEL.md 1 "Attackers"): the attacker rents a share of its
  // unrented machines itself, at its ask, as a spot order paid in BTC (the
  // lowest fee): it pays itself the listed value and the platform its fee,
  // and the unit-hours claim the hosting reward. ASSUMPTION: the machines
  // keep their outside option (the renter, the host itself, mines on them),
  // so the fee is the whole cost. Self-rentals stay out of the renters'
  // market (served units, utilisation, lease price).
  std::int64_t self_unit_hours = 0;
  if (v.self_renter) {
    v.self_rented = static_cast<std::int32_t>(apply_fraction(v.machines - v.rented, p.self_rent_share));
    self_unit_hours = static_cast<std::int64_t>(v.self_rented) * v.units_per_machine * p.dt_hours;
    const double listed = v.ask * static_cast<double>(self_unit_hours);
    v.self_rent_fee_usd = listed * p.self_rent_fee;
    v.income.today_usd -= v.self_rent_fee_usd;
    v.profit_usd += rent_cash + idle_cash - v.self_rent_fee_usd;
    v.twin_profit_usd += rent_cash + idle_cash;
    sums.platform_fee += to_micro_floor(v.self_rent_fee_usd);
    sums.self_rent_listed += to_micro_floor(listed);
  }

  v.clore_host_usd = to_micro_floor(m.clore_host);
  sums.listed_value += to_micro_floor(m.listed);
  sums.renter_cost += to_micro_floor(m.renter_cost);
  sums.platform_fee += to_micro_floor(m.platform_fee);
  sums.clore_renter += to_micro_floor(m.clore_renter);
  sums.clore_host += v.clore_host_usd;
  sums.rented_units += rented_units;
  sums.rented_machines += v.rented;
  if (mines) sums.mining_units += idle_units;

  // Proof of Holding: the claim of this step's rented unit-hours on the
  // hosting pool, raised by the bonus of the CLORE held per machine now.
  if (unit_hours + self_unit_hours > 0) {
    v.bonus_rate = poh_bonus_rate(quotient_or(v.acc.liquid, v.machines, 0), p.poh_full_holding, p.poh_bonus_max);
    const RewardWeight w = reward_weight(unit_hours + self_unit_hours, v.bonus_rate);
    v.weight = w.base + w.bonus;
    v.bonus_weight = w.bonus;
    sums.weight += v.weight;
    if (v.self_renter) {
      const RewardWeight honest = reward_weight(unit_hours, v.bonus_rate);
      v.twin_weight = honest.base + honest.bonus;
    }
  }
}

// ---------------------------------------------------------------- N2

TS_HD_INLINE void network_settle_payments(const Params& p, Network& net, const RentalSums& s) {
  const double dt = static_cast<double>(p.dt_hours);
  net.served_units = static_cast<double>(s.rented_units);
  net.machines_rented = s.rented_machines;
  net.mining_units = static_cast<double>(s.mining_units);
  net.utilization = net.online_units > 0.0 ? net.served_units / net.online_units : 0.0;
  if (s.rented_units > 0) {
    const double unit_hours = static_cast<double>(s.rented_units) * dt;
    net.lease_price = static_cast<double>(s.listed_value) * 1e-6 * p.mix.paid / unit_hours;
    net.last_cost = static_cast<double>(s.renter_cost) * 1e-6 / unit_hours;
  } else {
    net.lease_price = 0.0;
  }
  net.fees_usd_cum += static_cast<double>(s.platform_fee) * 1e-6;

  // CLORE-paid rentals: renters buy CLORE for what they pay in it; the
  // hosts' part is theirs in P3, the platform's fee part stays in clearing.
  net.clore_for_hosts = 0;
  net.clore_host_total = s.clore_host;
  if (s.clore_renter > 0) {
    const Micro bought =
        amm_buy_with_usd(net.amm, net.acc.amm_tokens, net.acc.clearing, static_cast<double>(s.clore_renter) * 1e-6);
    net.clore_for_hosts = mul_div_floor(bought, s.clore_host, s.clore_renter);
  }
  // Fee revenue paid in BTC and USD (assumption): buyback_share buys CLORE
  // (to the treasury or burned, N3), the rest is kept as treasury USD.
  double usd_fees = static_cast<double>(s.platform_fee - (s.clore_renter - s.clore_host)) * 1e-6;
  if (usd_fees < 0.0) usd_fees = 0.0;
  const double buyback = usd_fees * p.buyback_share;
  if (buyback > 0.0) amm_buy_with_usd(net.amm, net.acc.amm_tokens, net.acc.clearing, buyback);
  net.treasury_usd += usd_fees - buyback;

  // The marketplace pool of this step goes to the rented machines by weight;
  // with nothing rented it stays in the reserve.
  net.weight_total = s.weight;
  net.self_rent_usd_cum += static_cast<double>(s.self_rent_listed) * 1e-6;
  net.host_budget = s.weight > 0 ? (net.step_pool < net.acc.reward_reserve ? net.step_pool : net.acc.reward_reserve) : 0;
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P3

// A self-renter's honest twin in this step's settlement (attack_gain.hpp,
// MODEL.md 1 "Attackers"): the same host with the same renters' rentals and
// no self-rentals, paid the hosting pool by its renters' weight against the
// other hosts' weight (its own self-rented weight taken out), and the same
// CLORE receipts; its cash was counted with the attacker's in P2.
TS_HD_INLINE double honest_twin_reward_usd(const Network& net, const Provider& v, Micro clore) {
  const std::int64_t others = net.weight_total - (v.weight - v.twin_weight);
  double tokens = static_cast<double>(clore);
  if (v.twin_weight > 0 && others > 0)
    tokens += static_cast<double>(net.host_budget) * static_cast<double>(v.twin_weight) / static_cast<double>(others);
  return tokens * 1e-6 * net.price;
}

TS_HD_INLINE void provider_settle_phase(const Params& p, std::int32_t t, const Network& net, Provider& v,
                                        SettleSums& sums) {
  if (is_active(v)) {
    const double price = net.price;
    Micro reward = 0, bonus = 0, clore = 0;
    if (v.weight > 0 && net.weight_total > 0) {
      reward = mul_div_floor(net.host_budget, v.weight, net.weight_total);
      if (v.bonus_weight > 0) bonus = mul_div_floor(reward, v.bonus_weight, v.weight);
    }
    if (v.clore_host_usd > 0 && net.clore_host_total > 0)
      clore = mul_div_floor(net.clore_for_hosts, v.clore_host_usd, net.clore_host_total);
    v.acc.liquid += reward + clore;
    v.reward_day += reward;
    v.bonus_day += bonus;
    v.bonus_cum += bonus;
    sums.reward_paid += reward;
    sums.clore_taken += clore;
    v.income.today_usd += to_tokens(reward + clore) * price;
    if (v.self_renter) {
      v.profit_usd += to_tokens(reward + clore) * price;
      v.twin_profit_usd += honest_twin_reward_usd(net, v, clore);
    }

    if (is_day_end(p, t)) {
      const bool under_water = close_day(v.income, p.exit_ema_alpha, p.patience_days);
      const std::int32_t days = trailing_days(p);
      v.reward_trailing += quotient_or(v.reward_day - v.reward_trailing, days, 0);
      v.bonus_trailing += quotient_or(v.bonus_day - v.bonus_trailing, days, 0);
      v.reward_day = 0;
      v.bonus_day = 0;
      // Price discovery (assumption): a host whose machines were rented all
      // day raises its markup, one with less than half of its machine-hours
      // rented cuts it; never below 0, so never below the reservation price.
      const std::int64_t hours = static_cast<std::int64_t>(v.machines) * 24;
      if (v.rented_hours_day >= hours) {
        const double up = v.markup * (1.0 + p.markup_step);
        v.markup = up < p.markup_hi ? up : (v.markup > p.markup_hi ? v.markup : p.markup_hi);
      } else if (2 * v.rented_hours_day < hours) {
        v.markup *= 1.0 - p.markup_step;
      }
      v.rented_hours_day = 0;
      if (under_water) {
        if (v.self_renter) {
          sums.profit_gone += to_micro_signed(v.profit_usd);
          sums.attack.gain_gone += to_micro_signed(v.profit_usd - v.twin_profit_usd);
        }
        // Exit (MODEL.md 1): nothing is locked under PoH, so the host sells
        // everything and leaves at once.
        v.sold_step = transfer_upto(v.acc.liquid, sums.sold, v.acc.liquid);
        v = Provider{};
      } else if (v.acc.liquid > v.target_holding) {
        // Keep the PoH holding, sell a share of what lies above it.
        const Micro sell = to_micro_floor(v.sell_fraction * to_tokens(v.acc.liquid - v.target_holding));
        v.sold_step = transfer_upto(v.acc.liquid, sums.sold, sell);
      }
    }
  }
  if (is_active(v)) {
    sums.active += 1;
    sums.income_ema_sum += to_micro_signed(v.income.ema_usd_per_day);
    sums.capex_sum += to_micro_floor(v.capex_usd);
    if (v.self_renter) count_live_attacker(sums.attack, to_micro_signed(v.profit_usd - v.twin_profit_usd), true, v.profit_usd);
  }
  sums.providers_total += v.acc.total();
}

// ---------------------------------------------------------------- N3

// Annualised net return on capex of a rig that only mines, over the entry
// mix of hardware, at the trailing mining income: what a rig owner gives up
// by hosting on Clore (the entry signal's outside return).
TS_HD_INLINE double mining_return(const Params& p, double mining_income) {
  double net_per_machine = 0.0;
  for (std::int32_t k = 0; k < p.n_hardware; ++k) {
    const HardwareClass& h = p.hardware[k];
    const double margin = mining_income * h.mining_factor - h.power_usd_per_unit_hour;
    if (margin > 0.0) net_per_machine += p.hw_weight[k] * margin * static_cast<double>(h.capacity_units);
  }
  return p.capex_per_machine_mean > 0.0 ? net_per_machine * kHoursPerYear / p.capex_per_machine_mean : 0.0;
}

// Returns the number of entrants of the day (0 on other steps).
TS_HD_INLINE std::int32_t network_end_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net,
                                           const SettleSums& s) {
  net.acc.reward_reserve -= s.reward_paid;
  net.emitted_cum += s.reward_paid;
  // What renters' CLORE and the buyback left after paying hosts is fee
  // revenue in CLORE: to the treasury or burned (assumption).
  net.acc.clearing -= s.clore_taken;
  if (p.revenue_burned) transfer_upto(net.acc.clearing, net.acc.burned, net.acc.clearing);
  else transfer_upto(net.acc.clearing, net.acc.treasury, net.acc.clearing);
  if (s.sold > 0) {
    Micro selling = s.sold;
    amm_sell_tokens(net.amm, net.acc.amm_tokens, selling, s.sold);
  }
  // The treasury's obligations of the day (models/mechanisms/treasury.hpp).
  const bool insolvent = is_day_end(p, t) && pay_treasury_day(net.acc, net.amm, net.treasury_usd, p.treasury_burn_usd_per_day, net.treasury_obligations);
  net.price = amm_price(net.amm, net.acc.amm_tokens);

  // Conservation invariant, exact, every step (MODEL.md 1), and risk events.
  check_conservation(net.event_first, net.residual_max_abs,
                     ledger_residual(net.acc, s.providers_total, p.genesis, net.minted_cum), t);
  record_event(net.event_first, Event::provider_collapse, t,
               static_cast<double>(s.active) < p.collapse_fraction * static_cast<double>(net.initial_providers));
  record_event(net.event_first, Event::price_crash, t, net.price < p.crash_fraction * p.p0);
  record_event(net.event_first, Event::cap_breach, t, p.genesis + net.minted_cum > p.max_supply);
  record_event(net.event_first, Event::treasury_insolvent, t, insolvent);
  net.attacker_profit_gone += static_cast<double>(s.profit_gone) * 1e-6;
  record_event(net.event_first, Event::attack_profitable, t, close_attack_step(net.attack, s.attack));

  // Entry, daily (MODEL.md 1), for rigs that now only mine: their hurdle is
  // the entry hurdle on top of what mining returns them, so entry swells
  // when mining income collapses (rigs flood the rental market).
  if (!is_day_end(p, t)) return 0;
  const double r_mining = mining_return(p, net.mining_ema);
  const MicroUsd outside = to_micro_signed(r_mining * static_cast<double>(s.capex_sum) / 365.0);
  return draw_daily_entrants(ctx.key, ctx.path, t, p.lambda_entry, s.income_ema_sum - outside, s.capex_sum,
                             p.entry_hurdle);
}

}  // namespace ts::clore
