#pragma once
// One step of an Akash path (MODEL.md 2.2; seed 003, AKT 2.0):
//   N0 begin_step    shocks, demand, market flow, inflation provisions
//   P1 phase1        entrants, lease expiries, free capacity offered per price bucket
//   N1 after1        reverse auction: new orders filled in merit order
//   P2 phase2        leases won, the step's lease revenue by currency
//   N2 after2        tenants buy AKT, USDC fees swapped to AKT, the pool of the step
//   P3 phase3        AKT lease income and subsidies, opex, daily decisions
//   N3 end_step      pool paid out (stakers, public goods, community, burn), staking,
//                    inflation update, entry, invariant, risk events
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
#include "models/mechanisms/shocks.hpp"
#include "models/mechanisms/demand.hpp"
#include "models/mechanisms/fees.hpp"
#include "models/mechanisms/inflation.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/merit_order.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/risk_events.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/protocols/akash/params.hpp"
#include "models/protocols/akash/state.hpp"

namespace ts::akash {


// Share of a lease's value the network takes (take + make fees) when paid
// in a currency with discount R_d.
TS_HD_INLINE double fee_share(const Params& p, double discount) {
  return take_make_fees(1.0, p.take_rate, p.make_rate, discount).network;
}

// Fee share averaged over the currencies leases are paid in.
TS_HD_INLINE double mean_fee_share(const Params& p) {
  return p.pay_in_akt_share * fee_share(p, p.discount_akt) + (1.0 - p.pay_in_akt_share) * fee_share(p, p.discount_usdc);
}

TS_HD_INLINE Micro supply_total(const Params& p, const Network& n) { return p.genesis + n.minted_cum - n.acc.burned; }

// A provider's traits at entry: class, markup, sale share. Providers price
// the network's fees into their bids (ASSUMPTION), so a fee change reaches
// tenants and, through the elasticity, demand.
TS_HD_INLINE void draw_provider(const Params& p, const PathContext& ctx, std::int32_t t, std::int32_t slot,
                                Provider& v) {
  const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(slot),
                                   Stream::kProviderTraits);
  std::int32_t c = 0;
  while (c + 1 < p.n_classes && static_cast<std::uint64_t>(w.w[0]) >= p.classes[c].cum_threshold) ++c;
  const ProviderClass& k = p.classes[c];
  Provider fresh{};
  fresh.status = Status::active;
  fresh.provider_class = static_cast<std::uint8_t>(c);
  fresh.capacity = k.capacity_units;
  fresh.cost_usd = k.cost_usd_per_unit_hour;
  const double markup = p.markup_lo + (p.markup_hi - p.markup_lo) * uniform_open32(w.w[1]);
  fresh.bid_usd = k.cost_usd_per_unit_hour * (1.0 + markup) / (1.0 - mean_fee_share(p));
  fresh.bucket = merit_bucket(p.bid_edges, fresh.bid_usd);
  fresh.capex_usd = k.capex_usd;
  fresh.sell_fraction = p.sell_fraction_lo + (p.sell_fraction_hi - p.sell_fraction_lo) * uniform_open32(w.w[2]);
  fresh.joined_step = t;
  fresh.self_leaser = bernoulli(w.w[3], p.attacker_threshold) ? 1 : 0;
  fresh.profit_usd = -k.capex_usd;
  fresh.twin_profit_usd = -k.capex_usd;
  v = fresh;
}

TS_HD_INLINE void init_path(const Params& p, const PathContext& ctx, Network& n, Provider* slots) {
  n = Network{};
  n.bonded = p.genesis_bonded;
  n.acc.community_pool = p.genesis_community_pool;
  n.amm.fee = p.amm_fee;
  n.amm.usd = p.amm_usd0;
  n.acc.amm_tokens = to_micro_floor(p.amm_usd0 / p.p0);
  n.acc.holders = p.genesis - n.bonded - n.acc.community_pool - n.acc.amm_tokens;
  n.price = amm_price(n.amm, n.acc.amm_tokens);
  n.inv_price = 1.0 / n.price;
  n.inflation = p.inflation0;
  n.initial_providers = p.initial_providers;
  for (std::int32_t i = 0; i < p.max_providers; ++i) slots[i] = Provider{};
  for (std::int32_t i = 0; i < p.initial_providers; ++i) draw_provider(p, ctx, 0, i, slots[i]);
  for (int e = 0; e < kEventCount; ++e) n.event_first[e] = kNeverReached;
}

// ---------------------------------------------------------------- N0

TS_HD_INLINE void begin_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& n) {
  const std::int64_t h0 = hour_of_step(p, t);
  const RandomWords wd = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), kNetworkAgent, Stream::kDemand);
  const RandomWords wm = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), kNetworkAgent, Stream::kMarket);
  // Exogenous shocks: the price moves once at a shock's start, demand while it lasts.
  const double demand_mult = apply_shocks(p.shocks, p.n_shocks, t, n.amm, n.acc.amm_tokens, n.acc.holders);
  // Leased capacity wanted: MODEL.md 1's demand process, with the elasticity
  // to the mean lease price of the last step against the reference price.
  n.demand_x = demand_ou_step(n.demand_x, p.ou_decay, p.ou_sd, p.jump_lambda_per_step, p.jump_mu, p.jump_sigma, wd);
  const double lease_price = n.leased_units > 0.0 ? n.lease_revenue_usd / n.leased_units : p.reference_price_usd;
  n.demand_units = p.demand0 * pmath::exp(p.growth_per_step * static_cast<double>(t) + n.demand_x) *
                   p.diurnal[h0 % 24] * demand_mult * pmath::pow(lease_price / p.reference_price_usd, -p.elasticity);
  amm_exogenous_flow(n.amm, n.acc.amm_tokens, n.acc.outside_market, p.flow_mu_dt, p.flow_sigma_sqrt_dt,
                     standard_normal(wm.w[0], wm.w[1]));
  // Inflation provisions of the step into the reserve (Cosmos x/mint).
  const Micro minted = provisions(n.inflation, supply_total(p, n), p.genesis + n.minted_cum, p.dt_years, p.max_supply);
  n.acc.reward_reserve += minted;
  n.minted_cum += minted;
  n.pool_inflation = to_micro_floor(to_tokens(minted) * p.inflation_to_pool);
  n.staker_provisions = minted - n.pool_inflation;
  n.price = amm_price(n.amm, n.acc.amm_tokens);
  n.inv_price = n.price > 0.0 ? 1.0 / n.price : 0.0;
}

// ---------------------------------------------------------------- P1

TS_HD_INLINE void phase1(const Params& p, const PathContext& ctx, std::int32_t t, const Network&, Provider& v,
                         std::int32_t slot, Sums1& s) {
  if (v.status == Status::vacant) return;
  if (v.status == Status::entering) draw_provider(p, ctx, t, slot, v);
  const RandomWords w =
      draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(slot), Stream::kJobs);
  v.draw = w.w[1];
  // Leases end with a constant hazard (exponential durations), rounded
  // stochastically so small providers see whole leases end.
  const unsigned __int128 ends_fp =
      static_cast<unsigned __int128>(v.leased) * fraction_of_probability(p.lease_end_per_step);
  const std::int64_t ends =
      static_cast<std::int64_t>(ends_fp >> 32) + (static_cast<std::uint64_t>(w.w[0]) < static_cast<std::uint64_t>(ends_fp & 0xFFFFFFFFull) ? 1 : 0);
  v.leased -= static_cast<std::int32_t>(ends < v.leased ? ends : v.leased);
  if (v.bucket >= 0) s.offers[v.bucket] += v.capacity - v.leased;
  s.leased += v.leased;
  s.capacity += v.capacity;
}

// ---------------------------------------------------------------- N1

TS_HD_INLINE void after1(const Params&, const PathContext&, std::int32_t, Network& n, const Sums1& s) {
  // New orders fill the gap between wanted and leased capacity, cheapest bid first.
  const std::int64_t orders = trunc_to<std::int64_t>(n.demand_units) - s.leased;
  n.clearing = merit_clear(s.offers, orders);
  n.capacity_units = static_cast<double>(s.capacity);
}

// ---------------------------------------------------------------- P2

TS_HD_INLINE void phase2(const Params& p, const PathContext&, std::int32_t, const Network& n, Provider& v,
                         std::int32_t, Sums2& s) {
  v.revenue_akt_usd = 0;
  v.self_leased = 0;
  v.self_lease_usd = 0;
  if (v.status != Status::active) return;
  v.leased += static_cast<std::int32_t>(merit_rented_rounded(v.capacity - v.leased, v.bucket, n.clearing, v.draw));
  // Pay-as-bid: every lease of a provider pays its bid, the take fee inside.
  const double f0 = static_cast<double>(v.leased) * v.bid_usd * p.dt_hours;
  const MicroUsd akt = to_micro_floor(f0 * p.pay_in_akt_share);
  const MicroUsd usdc = to_micro_floor(f0) - akt;
  v.revenue_akt_usd = akt;
  s.leased += v.leased;
  s.revenue_akt += akt;
  s.revenue_usdc += usdc;
  s.revenue_usd_weighted += to_micro_floor(f0);
  // self_lease (MODEL.md 1 "Attackers"): after the auction, the attacker
  // leases a share of its free capacity to itself for the step, at its own
  // bid, paid in AKT (the currency with the lower fee, ASSUMPTION): as the
  // tenant it buys the AKT on the AMM, as the provider it receives them net
  // of the fees, and the leased units draw the subsidy. Self-leases stay out
  // of the tenants' market (demand, lease price, utilisation).
  if (v.self_leaser) {
    v.self_leased = static_cast<std::int32_t>(apply_fraction(v.capacity - v.leased, p.self_lease_share));
    v.self_lease_usd = to_micro_floor(static_cast<double>(v.self_leased) * v.bid_usd * p.dt_hours);
    v.revenue_akt_usd += v.self_lease_usd;
    s.revenue_akt += v.self_lease_usd;
    s.self_leased += v.self_leased;
    s.self_lease_usd += v.self_lease_usd;
  }
}

// ---------------------------------------------------------------- N2

TS_HD_INLINE void after2(const Params& p, const PathContext&, std::int32_t, Network& n, const Sums2& s) {
  n.leased_units = static_cast<double>(s.leased);
  n.lease_revenue_usd = static_cast<double>(s.revenue_usd_weighted) * 1e-6 / p.dt_hours;
  // The subsidy is paid by leased capacity, self-leases included.
  n.leased_total = s.leased + s.self_leased;
  n.self_leased_total = s.self_leased;
  n.self_lease_usd_cum += s.self_lease_usd;
  n.akt_revenue_total = s.revenue_akt;
  // Leases paid in AKT: tenants buy the tokens; providers get the order
  // value net of the make fee, the fees stay in the pool (in clearing).
  Micro bought = 0;
  if (s.revenue_akt > 0) {
    const Micro before = n.acc.clearing;
    amm_buy_with_usd(n.amm, n.acc.amm_tokens, n.acc.clearing, static_cast<double>(s.revenue_akt) * 1e-6);
    bought = n.acc.clearing - before;
  }
  n.clearing_for_providers = to_micro_floor(to_tokens(bought) * (1.0 - fee_share(p, p.discount_akt)));
  // Leases paid in USDC: the fees are swapped to AKT (seed: non-AKT fees
  // are swapped on a DEX) into the pool.
  const double usdc = static_cast<double>(s.revenue_usdc) * 1e-6;
  const double usdc_fees = usdc * fee_share(p, p.discount_usdc);
  if (usdc_fees > 0.0) amm_buy_with_usd(n.amm, n.acc.amm_tokens, n.acc.clearing, usdc_fees);
  n.fees_usd_cum += usdc_fees + static_cast<double>(s.revenue_akt) * 1e-6 * fee_share(p, p.discount_akt);
  // The pool of the step: fees in AKT plus its share of inflation.
  transfer_upto(n.acc.reward_reserve, n.acc.clearing, n.pool_inflation);
  const Micro pool = n.acc.clearing - n.clearing_for_providers;
  n.pool_cum += pool;
  n.subsidy_total = to_micro_floor(to_tokens(pool) * p.pool_provider_subsidy);
  n.price = amm_price(n.amm, n.acc.amm_tokens);
  n.inv_price = n.price > 0.0 ? 1.0 / n.price : 0.0;
}

// ---------------------------------------------------------------- P3

// A self-leaser's honest twin for the step (attack_gain.hpp, MODEL.md 1
// "Attackers"): the same provider with the same tenants' leases and no
// self-leases. It gets the AKT of its tenants' leases (its share of the
// step's AKT payments without the self-lease) and the subsidy of its
// leased units at the rate the network pays with its self-leased units
// taken out of the denominator (the pool as it was: the part of its own
// fees that reached the pool stays in, which understates the gain by at
// most that part). `usd_less_running`: USDC leases net of fees, less the
// running cost, the same for both.
TS_HD_INLINE double honest_twin_step_usd(const Network& n, const Provider& v, Micro tokens, double usd_less_running) {
  double twin_tokens = 0.0;
  if (v.revenue_akt_usd > 0)
    twin_tokens = static_cast<double>(tokens) * static_cast<double>(v.revenue_akt_usd - v.self_lease_usd) /
                  static_cast<double>(v.revenue_akt_usd);
  const std::int64_t others = n.leased_total - v.self_leased;
  if (v.leased > 0 && others > 0)
    twin_tokens += static_cast<double>(n.subsidy_total) * static_cast<double>(v.leased) / static_cast<double>(others);
  return usd_less_running + twin_tokens * 1e-6 * n.price;
}

TS_HD_INLINE void phase3(const Params& p, const PathContext&, std::int32_t t, const Network& n, Provider& v,
                         std::int32_t, Sums3& s) {
  if (v.status != Status::active) return;
  const ProviderClass& k = p.classes[v.provider_class];
  const double price = n.price;
  // AKT-paid leases: the provider's share of the tokens tenants bought.
  Micro tokens = 0;
  if (v.revenue_akt_usd > 0 && n.akt_revenue_total > 0)
    tokens += mul_div_floor(n.clearing_for_providers, v.revenue_akt_usd, n.akt_revenue_total);
  s.clearing_taken += tokens;
  // Provider subsidy: by leased capacity (MODEL.md 2.2).
  const std::int64_t leased = v.leased + v.self_leased;
  Micro subsidy = 0;
  if (leased > 0 && n.leased_total > 0) subsidy = mul_div_floor(n.subsidy_total, leased, n.leased_total);
  s.subsidy_taken += subsidy;
  v.acc.liquid += tokens + subsidy;
  v.day_tokens_earned += tokens + subsidy;
  v.rewards_cum += tokens + subsidy;
  // USDC-paid leases net of fees, and the running cost of the capacity.
  const double f0_usdc = static_cast<double>(v.leased) * v.bid_usd * p.dt_hours * (1.0 - p.pay_in_akt_share);
  const double usd = f0_usdc * (1.0 - fee_share(p, p.discount_usdc));
  // Net income counts the running cost; capex is sunk (it sets the bid floor
  // through amortisation and enters the return on capex of the entry rule).
  const double running = static_cast<double>(v.capacity) * k.opex_usd_per_unit_hour * p.dt_hours;
  const double self_paid = static_cast<double>(v.self_lease_usd) * 1e-6;
  const double net_usd = usd + to_tokens(tokens + subsidy) * price - running - self_paid;
  v.income.today_usd += net_usd;
  if (v.self_leaser) {
    v.profit_usd += net_usd;
    v.twin_profit_usd += honest_twin_step_usd(n, v, tokens, usd - running);
  }

  if (is_day_end(p, t)) {
    const bool under_water = close_day(v.income, p.exit_ema_alpha, p.patience_days);
    const Micro sell = to_micro_floor(v.sell_fraction * to_tokens(v.day_tokens_earned));
    v.day_tokens_earned = 0;
    transfer_upto(v.acc.liquid, s.sold, sell);
    if (under_water) {
      if (v.self_leaser) {
        s.profit_gone += to_micro_signed(v.profit_usd);
        s.attack.gain_gone += to_micro_signed(v.profit_usd - v.twin_profit_usd);
      }
      // Leaving: leases end, tokens sold, the slot freed.
      transfer_upto(v.acc.liquid, s.sold, v.acc.liquid);
      v = Provider{};
    }
  }
  if (v.status == Status::active) {
    s.active += 1;
    s.income_ema_sum += to_micro_signed(v.income.ema_usd_per_day);
    s.capex_sum += to_micro_floor(v.capex_usd);
    if (v.self_leaser) count_live_attacker(s.attack, to_micro_signed(v.profit_usd - v.twin_profit_usd), true, v.profit_usd);
  }
  s.providers_total += v.acc.total();
}

// ---------------------------------------------------------------- N3

TS_HD_INLINE void end_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& n, const Sums3& s,
                           Provider* slots) {
  // Providers took their lease tokens and subsidies out of clearing; the
  // rest of the pool is split by the governance shares, the remainder burned.
  n.acc.clearing -= s.clearing_taken + s.subsidy_taken;
  n.emitted_cum += s.subsidy_taken;
  const Micro pool = n.acc.clearing;
  const double pool_tokens = to_tokens(pool + s.subsidy_taken);   // the pool before subsidies
  const Micro to_stakers = transfer_upto(n.acc.clearing, n.acc.holders, to_micro_floor(pool_tokens * p.pool_stakers));
  transfer_upto(n.acc.clearing, n.acc.treasury, to_micro_floor(pool_tokens * p.pool_public_goods));
  transfer_upto(n.acc.clearing, n.acc.community_pool, to_micro_floor(pool_tokens * p.pool_community));
  transfer_upto(n.acc.clearing, n.acc.burned, n.acc.clearing);
  // Stakers' provisions (the inflation not sent to the pool).
  const Micro provisions_paid = transfer_upto(n.acc.reward_reserve, n.acc.holders, n.staker_provisions);
  n.emitted_cum += to_stakers + provisions_paid;
  n.staker_reward_day += to_tokens(to_stakers + provisions_paid);
  if (s.sold > 0) {
    Micro selling = s.sold;
    amm_sell_tokens(n.amm, n.acc.amm_tokens, selling, s.sold);
  }
  n.price = amm_price(n.amm, n.acc.amm_tokens);

  // Staking, daily: stakers bond holders' AKT while the staking APY beats
  // their hurdle and unbond (21 days) otherwise (MODEL.md 1 "Stakers").
  const std::int32_t day = day_of(p, t);
  if (is_day_start(p, t)) n.acc.holders += n.unbonding.release(day);
  if (is_day_end(p, t)) {
    n.staking_apy = n.bonded > 0 ? n.staker_reward_day * 365.0 / to_tokens(n.bonded) : 0.0;
    n.staker_reward_day = 0.0;
    if (n.staking_apy > p.staker_hurdle_apy) {
      transfer_upto(n.acc.holders, n.bonded, to_micro_floor(p.restake_rate * to_tokens(n.acc.holders)));
    } else {
      Micro leaving = 0;
      transfer_upto(n.bonded, leaving, to_micro_floor(p.restake_rate * to_tokens(n.bonded)));
      n.unbonding.enqueue(leaving, day, p.unbonding_days);
    }
  }
  // Inflation moves toward the bonded-ratio goal, under a decaying maximum.
  const Micro supply = supply_total(p, n);
  const double bonded_ratio = supply > 0 ? static_cast<double>(n.bonded) / static_cast<double>(supply) : 0.0;
  const double years = static_cast<double>(t + 1) * p.dt_years;
  n.inflation = next_inflation(n.inflation, bonded_ratio, p.goal_bonded, p.inflation_rate_change, p.dt_years,
                               p.inflation_min, inflation_max(p.inflation_max0, p.inflation_half_life_years, years));

  // The treasury's obligations of the day (models/mechanisms/treasury.hpp).
  const bool insolvent = is_day_end(p, t) && pay_treasury_day(n.acc, n.amm, n.treasury_usd, p.treasury_burn_usd_per_day, n.treasury_obligations);
  n.price = amm_price(n.amm, n.acc.amm_tokens);

  // Conservation (MODEL.md 1): network accounts, stake, unbonding, providers.
  const Micro residual =
      n.acc.sum_except_burned() + n.bonded + n.unbonding.total + s.providers_total + n.acc.burned - (p.genesis + n.minted_cum);
  check_conservation(n.event_first, n.residual_max_abs, residual, t);
  record_event(n.event_first, Event::provider_collapse, t, static_cast<double>(s.active) < p.collapse_fraction * n.initial_providers);
  record_event(n.event_first, Event::price_crash, t, n.price < p.crash_fraction * p.p0);
  record_event(n.event_first, Event::cap_breach, t, p.genesis + n.minted_cum > p.max_supply);
  record_event(n.event_first, Event::treasury_insolvent, t, insolvent);
  n.attacker_profit_gone += static_cast<double>(s.profit_gone) * 1e-6;
  record_event(n.event_first, Event::attack_profitable, t, close_attack_step(n.attack, s.attack));

  if (!is_day_end(p, t)) return;
  admit_entrants(slots, p.max_providers,
                 draw_daily_entrants(ctx.key, ctx.path, t, p.lambda_entry, s.income_ema_sum, s.capex_sum,
                                     p.entry_hurdle));
}

}  // namespace ts::akash
