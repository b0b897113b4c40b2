#pragma once
// One step of a Phala path (MODEL.md 1 "Time" and 2.6, seed 001), in the
// engine's phases: miner phases in parallel over agent slots, network phases
// once per path, integer population sums in between.
//
//   N0 network_begin_step   shocks, contract demand, token market flow, the
//                           step's subsidy budget (the treasury's share paid)
//   P1 miner_online_phase   entrants; cooldown releases; heartbeats: workers
//                           online grow V, workers offline are slashed; weights
//   N1 network_assign       entrants buy their stake; the weights' totals
//   P2 miner_work_phase     contracts won in the lottery (restricted to tiers
//                           where developers ask it), the subsidy payout by
//                           weight capped at V - V_last, running costs
//   N2 network_settle_gas   payouts out of the reserve; developers buy the gas
//   P3 miner_settle_phase   gas to the miners running contracts; daily: sales,
//                           exit into CoolingDown, release and Stop
//   N3 network_end_step     stake withheld to the treasury, sales, invariant,
//                           risk events, entry
//
// The selection rule (Params::selection) sets the weight of an online worker
// in both the reward split and the contract lottery: sqrt(stake) under the
// old rule, share = sqrt(V^2 + (2 P c)^2) under the new one. The reward
// lottery of the step's blocks is paid at its expectation (budget x weight /
// total weight): over a step's 300 blocks the lottery's noise is small and
// the expectation is what separates the rules; contracts are discrete, so
// each cohort's count is drawn (below).
#include <cmath>
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/portable_math.hpp"
#include "models/core/rng.hpp"
#include "models/core/variates.hpp"
#include "models/engine/path_context.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/attack_gain.hpp"
#include "models/mechanisms/day_calendar.hpp"
#include "models/mechanisms/demand.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/period_schedule.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/risk_events.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/mechanisms/shocks.hpp"
#include "models/protocols/phala/attacker.hpp"
#include "models/protocols/phala/params.hpp"
#include "models/protocols/phala/rules.hpp"
#include "models/protocols/phala/state.hpp"

namespace ts::phala {

TS_HD_INLINE bool is_restricted_tier(const Params& p, std::int32_t tier) { return tier < p.max_restricted_tier; }

// The probe's slots: the whale at 0, the k small miners at 1..k.
TS_HD_INLINE std::int32_t probe_slots(const Params& p) { return p.split_k > 0 ? p.split_k + 1 : 0; }

// The running cost of a worker over a step in PHA, micro-tokens: the c(s)
// of V's growth (the cost of electricity and connection, valued at the price).
TS_HD_INLINE Micro running_cost(const Params& p, std::int32_t hardware, double price) {
  return price > 0.0 ? to_micro_floor(p.hardware[hardware].opex_usd_per_step / price) : 0;
}

// ---------------------------------------------------------------- entry

// A cohort starts mining: `workers` workers of class `hw` and tier `tier`,
// each with `stake` (MODEL.md 2.6; paper "Initial V": V^e from the stake and
// the rig's cost in PHA at the current price).
TS_HD_INLINE void start_mining(const Params& p, std::int32_t hw, std::int32_t tier, std::int32_t workers, Micro stake,
                               double p_up, double price, std::int32_t t, Miner& v, bool attacker = false) {
  const HardwareClass& h = p.hardware[hw];
  const double conf = p.tiers[tier].factor;
  // benchmark_inflation: the reported P, in the share and in V^e's rig cost.
  const double score = attacker ? h.score * p.benchmark_factor : h.score;
  v.status = Status::mining;
  v.hardware = static_cast<std::uint8_t>(hw);
  v.tier = static_cast<std::uint8_t>(tier);
  v.workers = workers;
  v.p_up = p_up;
  v.online_draw = binomial_prepare(workers, p_up);
  v.capex_usd = h.capex_usd * static_cast<double>(workers);
  v.perf_term = p.share_performance_weight * score * conf;
  v.stake_per_worker = stake;
  v.value_initial = initial_value(stake, rig_cost_tokens(p.rig_cost_usd_per_score, score, price),
                                  confidence_multiplier(p.stake_multiplier, conf), p.value_max);
  v.value = v.value_initial;
  v.accrued = 0;
  v.joined_step = t;
  if (attacker) {
    v.attacker = 1;
    v.inflating = 1;
    v.twin_perf_term = p.share_performance_weight * h.score * conf;
    v.twin_value_initial = initial_value(stake, rig_cost_tokens(p.rig_cost_usd_per_score, h.score, price),
                                         confidence_multiplier(p.stake_multiplier, conf), p.value_max);
    v.twin_value = v.twin_value_initial;
    v.twin_accrued = 0;
  }
}

// An attacker's cohort starts paying: its capex and the stake it buys, at
// `price` (MODEL.md 1 "Attackers": genesis stake paid for too); its twin
// the same.
TS_HD_INLINE void attacker_pays_entry(Miner& v, double price) {
  if (!v.attacker) return;
  v.profit_usd = -v.capex_usd - to_tokens(v.stake_per_worker * v.workers) * price;
  v.twin_profit_usd = v.profit_usd;
  v.twin_stake = v.stake_per_worker * v.workers;
}

// A background cohort entering slot `slot` at step t (MODEL.md 1 "Agents"):
// hardware class, confidence tier, stake per worker (uniform between lo and
// hi times its class's minimum k sqrt(P), ASSUMPTION), reliability and sell
// fraction. Returns the PHA it stakes in all.
TS_HD_INLINE Micro draw_entrant(const Params& p, const PathContext& ctx, std::int32_t t, std::int32_t slot,
                                double price, Miner& v) {
  const std::uint32_t step = static_cast<std::uint32_t>(t), agent = static_cast<std::uint32_t>(slot);
  const RandomWords w = draw_words(ctx.key, ctx.path, step, agent, Stream::kProviderTraits);
  std::int32_t hw = 0;
  while (hw + 1 < p.n_hardware && static_cast<std::uint64_t>(w.w[0]) >= p.hardware[hw].cum_threshold) ++hw;
  std::int32_t tier = 0;
  while (tier + 1 < kTiers && static_cast<std::uint64_t>(w.w[1]) >= p.tiers[tier].cum_threshold) ++tier;
  const double multiple = p.stake_multiple_lo + (p.stake_multiple_hi - p.stake_multiple_lo) * uniform_open32(w.w[2]);
  const Micro stake = to_micro_floor(to_tokens(p.hardware[hw].min_stake) * multiple);
  bool attacker = false;
  if (p.attacker_threshold > 0) {
    const RandomWords a = draw_words(ctx.key, ctx.path, step, agent, Stream::kProviderTraits, 1u);
    attacker = bernoulli(a.w[0], p.attacker_threshold);
  }
  Miner fresh{};
  start_mining(p, hw, tier, p.workers_per_agent, stake > p.hardware[hw].min_stake ? stake : p.hardware[hw].min_stake,
               beta_variate(p.p_up_alpha, p.p_up_beta, ctx.key, ctx.path, step, agent), price, t, fresh, attacker);
  fresh.sell_fraction = p.sell_fraction_lo + (p.sell_fraction_hi - p.sell_fraction_lo) * uniform_open32(w.w[3]);
  v = fresh;
  return fresh.stake_per_worker * fresh.workers;
}

// ---------------------------------------------------------------- genesis

// Genesis: the supply split into the mining subsidy pool (the reward
// reserve), the treasury, the AMM seed and holders; the stake-split probe in
// the first slots, then the initial background cohorts. Genesis miners buy
// their stake from holders at p0.
TS_HD_INLINE void init_path(const Params& p, const PathContext& ctx, Network& net, Miner* slots) {
  net = Network{};
  net.acc.holders = p.genesis;
  transfer_upto(net.acc.holders, net.acc.reward_reserve, p.mining_budget);
  transfer_upto(net.acc.holders, net.acc.treasury, p.genesis_treasury);
  net.price = amm_open(net.amm, net.acc.amm_tokens, net.acc.holders, p.amm_usd0, p.p0, p.amm_fee);
  for (std::int32_t i = 0; i < p.max_miners; ++i) slots[i] = Miner{};
  const std::int32_t probes = probe_slots(p);
  const double mid_sell = 0.5 * (p.sell_fraction_lo + p.sell_fraction_hi);
  for (std::int32_t i = 0; i < probes; ++i) {
    // The probe (MODEL.md 2.6 stress): one worker each, alike but for stake.
    Miner& v = slots[i];
    const Micro stake = i == 0 ? p.split_stake * p.split_k : p.split_stake;
    start_mining(p, p.split_hardware, p.split_tier, 1, stake, p.split_p_up, p.p0, 0, v);
    v.probe = i == 0 ? Probe::whale : Probe::small;
    v.sell_fraction = mid_sell;
  }
  for (std::int32_t i = probes; i < probes + p.initial_miners; ++i) draw_entrant(p, ctx, 0, i, p.p0, slots[i]);
  for (std::int32_t i = 0; i < probes + p.initial_miners; ++i) {
    transfer_upto(net.acc.holders, slots[i].acc.bonded, slots[i].stake_per_worker * slots[i].workers);
    attacker_pays_entry(slots[i], p.p0);
  }
  net.initial_miners = probes + p.initial_miners;
  net.reward_scale = 1.0;
  for (int e = 0; e < kEventCount; ++e) net.event_first[e] = kNeverReached;
}

// ---------------------------------------------------------------- N0

TS_HD_INLINE void network_begin_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net) {
  const std::int64_t h0 = hour_of_step(p, t);
  const std::uint32_t step = static_cast<std::uint32_t>(t);
  const RandomWords wd = draw_words(ctx.key, ctx.path, step, kNetworkAgent, Stream::kDemand);
  const RandomWords wm = draw_words(ctx.key, ctx.path, step, kNetworkAgent, Stream::kMarket);

  const double demand_mult = apply_shocks(p.shocks, p.n_shocks, t, net.amm, net.acc.amm_tokens, net.acc.holders);

  // Contract demand (MODEL.md 1): contracts wanting to run, D0 exp(g t + X)
  // diurnal, and the elasticity to their gas cost in USD: gas is priced in
  // PHA, so developers' cost moves with the price against p0.
  net.demand_x = demand_ou_step(net.demand_x, p.ou_decay, p.ou_sd, p.jump_lambda_per_step, p.jump_mu,
                                p.jump_sigma, wd);
  const double elastic = p.elasticity > 0.0 && net.price > 0.0 ? pmath::pow(net.price / p.p0, -p.elasticity) : 1.0;
  const double running = p.contracts0 * pmath::exp(p.growth_per_step * static_cast<double>(t) + net.demand_x) *
                         p.diurnal[h0 % 24] * elastic * demand_mult;
  net.demand_units = running;
  const double contract_hours = running * static_cast<double>(p.dt_hours);
  net.contracts_restricted = contract_hours * p.restricted_share;
  net.contracts_open = contract_hours - net.contracts_restricted;

  amm_exogenous_flow(net.amm, net.acc.amm_tokens, net.acc.outside_market, p.flow_mu_dt, p.flow_sigma_sqrt_dt,
                   standard_normal(wm.w[0], wm.w[1]));
  net.price = amm_price(net.amm, net.acc.amm_tokens);

  // The subsidy budget of the step (paper "Subsidy Budget": a monthly
  // budget cut by the halving discount every period, never more than the
  // pool holds): the treasury's share is paid now, the miners' part waits
  // in the reserve for P2's payouts; what they do not take stays there.
  const Micro scheduled = period_scheduled_between(p.subsidy, h0, h0 + p.dt_hours);
  const Micro budget = scheduled < net.acc.reward_reserve ? scheduled : net.acc.reward_reserve;
  const Micro to_treasury =
      transfer_upto(net.acc.reward_reserve, net.acc.treasury, apply_fraction(budget, p.treasury_share));
  net.emitted_cum += to_treasury;
  net.budget_step = budget - to_treasury;
}

// ---------------------------------------------------------------- P1

TS_HD_INLINE void miner_online_phase(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                     Miner& v, std::int32_t slot, OnlineSums& sums,
                                     const RandomWords* uptime = nullptr) {
  v.online = 0;
  v.contracts = 0;
  v.weight = 0;
  v.twin_weight = 0;
  v.twin_contracts = 0;
  v.caught = 0;
  if (v.status == Status::vacant) return;
  if (v.status == Status::entering) {
    // Stake credited provisionally; N1 buys it (or calls the day's entry off).
    const Micro stake = draw_entrant(p, ctx, t, slot, net.price, v);
    v.status = Status::entering;
    v.acc.bonded = stake;
    sums.entry_stake += stake;
    return;
  }
  if (is_day_start(p, t) && v.cooldown.total > 0)
    transfer_upto(v.acc.unbonding_own, v.acc.liquid, v.cooldown.release(day_of(p, t)));
  if (v.status != Status::mining) return;

  // Heartbeats: Binomial(workers, p_up) workers online this step (MODEL.md 1
  // "Scale"). Online workers' V grows, offline workers' V is slashed.
  // `uptime`: the words when the executor drew them (host/exec/lane_phase1.hpp).
  const RandomWords w = uptime ? *uptime : draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                   static_cast<std::uint32_t>(slot), Stream::kUptime);
  v.online = static_cast<std::int32_t>(binomial_draw(v.online_draw, uniform_open53(w.w[0], w.w[1])));
  const Micro growth = value_growth(v.value, p.value_growth_per_step, running_cost(p, v.hardware, net.price));
  mine_step(v.value, v.accrued, v.online, v.workers, growth, offline_slash(v.value, p.offline_slash_per_step),
            p.value_max);
  // Running costs: every online worker's CPU is fully used, Idle or Active (seed).
  const double opex = static_cast<double>(v.online) * p.hardware[v.hardware].opex_usd_per_step;
  v.income.today_usd -= opex;
  if (v.attacker) {
    v.profit_usd -= opex;
    v.twin_profit_usd -= opex;
    const Micro twin_growth = value_growth(v.twin_value, p.value_growth_per_step, running_cost(p, v.hardware, net.price));
    mine_step(v.twin_value, v.twin_accrued, v.online, v.workers, twin_growth,
              offline_slash(v.twin_value, p.offline_slash_per_step), p.value_max);
    // The periodic re-benchmark (MODEL.md 2.6): caught, the cohort loses its
    // V (slashed in P3) and reports its real P from then on.
    if (v.inflating && (t + 1 - v.joined_step) % p.rebench_steps == 0 && bernoulli(w.w[2], p.detect_threshold)) {
      v.caught = 1;
      v.inflating = 0;
      v.perf_term = v.twin_perf_term;
      v.value = 0;
      v.accrued = 0;
    }
  }
  if (v.online == 0) return;
  if (v.attacker)
    v.twin_weight =
        selection_weight(p.selection, v.twin_value, v.twin_perf_term, quotient_or(v.twin_stake, v.workers, 0)) * v.online;
  v.weight = selection_weight(p.selection, v.value, v.perf_term, v.stake_per_worker) * v.online;
  sums.weight_total += v.weight;
  if (is_restricted_tier(p, v.tier)) sums.weight_restricted += v.weight;
  sums.workers_online += v.online;
  sums.providers_online += 1;
}

// ---------------------------------------------------------------- N1

TS_HD_INLINE void network_assign(const Params& p, Network& net, const OnlineSums& s) {
  net.providers_online = s.providers_online;
  net.workers_online = s.workers_online;
  net.weight_total = s.weight_total;
  net.weight_restricted = s.weight_restricted;
  // Entrants bring part of their stake from PHA they hold (paper: locked
  // PHA, e.g. crowdloan rewards, can be staked) and buy the rest on the AMM;
  // a day whose purchases would take half the pool's tokens or more, or
  // whose holdings the holders do not have, is called off (all entrants).
  net.entry_cancelled = 0;
  if (s.entry_stake > 0) {
    const Micro bought = apply_fraction(s.entry_stake, p.stake_bought_share);
    const Micro held = s.entry_stake - bought;
    if (bought * 2 >= net.acc.amm_tokens || held > net.acc.holders) {
      net.entry_cancelled = 1;
    } else {
      amm_buy_exact(net.amm, net.acc.amm_tokens, net.acc.clearing, bought);
      transfer_upto(net.acc.holders, net.acc.clearing, held);
      net.acc.clearing -= s.entry_stake;   // already credited to the entrants' bonded stake
    }
  }
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P2

// Contracts a cohort wins this step: each contract picks an online worker
// with probability proportional to its weight, among all workers for open
// contracts and among tiers 1..max_restricted_tier for restricted ones
// (seed: "some critical apps will need to deploy on Confidence Level Tier
// 1/2/3 only"). Drawn per cohort as Poisson(sum of its expected contracts),
// exact in the mean (the Poisson form of the multinomial placement), and
// capped at what its online workers can run.
// `weight`: the cohort's (its twin's for an attacker's twin, against the
// totals with its own weight replaced by it).
TS_HD_INLINE std::int32_t contracts_won(const Params& p, const Network& net, const Miner& v, double u,
                                        std::int64_t weight, std::int64_t total, std::int64_t restricted) {
  double expected = 0.0;
  if (total > 0) expected += net.contracts_open * (static_cast<double>(weight) / static_cast<double>(total));
  if (is_restricted_tier(p, v.tier) && restricted > 0)
    expected += net.contracts_restricted * (static_cast<double>(weight) / static_cast<double>(restricted));
  const std::int64_t won = poisson(expected, u);
  const std::int64_t room = static_cast<std::int64_t>(v.online) * p.max_contracts_per_worker * p.dt_hours;
  return static_cast<std::int32_t>(won < room ? won : room);
}

// An attacker's honest twin in this step's lottery and payout (attack_gain.hpp):
// its own weight in place of the attacker's (the same contract draw `u`),
// the payout by that weight capped at its own accrual, at the step's price.
// Marginal: the totals are the network's with the weight swapped.
TS_HD_INLINE void twin_work_step(const Params& p, const Network& net, Miner& v, double u) {
  const std::int64_t total = net.weight_total - v.weight + v.twin_weight;
  const std::int64_t restricted =
      is_restricted_tier(p, v.tier) ? net.weight_restricted - v.weight + v.twin_weight : net.weight_restricted;
  v.twin_contracts = contracts_won(p, net, v, u, v.twin_weight, total, restricted);
  const Micro claim = total > 0 ? mul_div_floor(net.budget_step, v.twin_weight, total) : 0;
  v.twin_profit_usd += to_tokens(pay_cohort(claim, v.workers, v.twin_value, v.twin_accrued)) * net.price;
}

TS_HD_INLINE void miner_work_phase(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                   Miner& v, std::int32_t slot, WorkSums& sums) {
  if (v.status == Status::entering) {
    if (net.entry_cancelled) {
      v = Miner{};
    } else {
      v.status = Status::mining;
      attacker_pays_entry(v, net.price);
    }
    return;
  }
  if (v.status != Status::mining || v.online == 0) return;
  const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                   static_cast<std::uint32_t>(slot), Stream::kJobs);
  const double u = uniform_open32(w.w[0]);
  v.contracts = contracts_won(p, net, v, u, v.weight, net.weight_total, net.weight_restricted);
  sums.contract_hours += v.contracts;
  // Active workers: those running a contract (contracts spread over the
  // online workers first), the rest of the online workers Idle.
  const std::int32_t per_step = quotient_or(v.contracts, p.dt_hours, 0);
  sums.workers_active += per_step < v.online ? per_step : v.online;

  // The subsidy payout (paper "Payout Event"): the miners' budget of the
  // step split by weight, each worker's payout capped at V - V_last.
  const Micro claim = net.weight_total > 0 ? mul_div_floor(net.budget_step, v.weight, net.weight_total) : 0;
  const Micro paid = pay_cohort(claim, v.workers, v.value, v.accrued);
  v.acc.liquid += paid;
  v.reward_cum += paid;
  v.income.today_usd += to_tokens(paid) * net.price;
  sums.reward_paid += paid;
  if (v.attacker) {
    v.profit_usd += to_tokens(paid) * net.price;
    twin_work_step(p, net, v, u);
  }
}

// ---------------------------------------------------------------- N2

TS_HD_INLINE void network_settle_gas(const Params& p, Network& net, const WorkSums& s) {
  net.acc.reward_reserve -= s.reward_paid;
  net.emitted_cum += s.reward_paid;
  net.reward_scale = net.budget_step > 0 ? static_cast<double>(s.reward_paid) / static_cast<double>(net.budget_step)
                                         : 0.0;
  net.served_units = static_cast<double>(s.contract_hours) / static_cast<double>(p.dt_hours);
  net.workers_active = s.workers_active;
  // Developers buy the gas of the contracts that ran (priced in PHA per
  // contract-hour, ASSUMPTION); P3 pays each miner its contracts' gas.
  net.gas_per_contract = p.gas_per_contract_step;
  const Micro gas = s.contract_hours * net.gas_per_contract;
  if (gas > 0) {
    const double usd = amm_buy_exact(net.amm, net.acc.amm_tokens, net.acc.clearing, gas);
    if (usd >= 1e300) net.gas_per_contract = 0;   // the pool cannot sell that much: unpaid
    else net.fees_usd_cum += usd;
  }
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P3

// Stop mining (MODEL.md 1 exit): the stake to be returned, min(V / V^e, 1) S
// (paper "Final payout"), waits out the cooldown; the rest is withheld.
TS_HD_INLINE void begin_cooldown(const Params& p, std::int32_t t, Miner& v, SettleSums& sums) {
  const Micro returned = final_payout(v.acc.bonded, v.value, v.value_initial);
  transfer_upto(v.acc.bonded, sums.withheld, v.acc.bonded - returned);
  v.cooldown.enqueue(returned, day_of(p, t), p.cooldown_days);
  transfer_upto(v.acc.bonded, v.acc.unbonding_own, returned);
  v.status = Status::cooling_down;
}

// An attacker stops mining: its gain against honest play is closed at the
// stake its final payout returns, at this price (the cooldown's wait and the
// price over it left out, the same for its twin).
TS_HD_INLINE void stop_attacker(Miner& v, double price, SettleSums& sums) {
  sums.profit_gone += to_micro_signed(attacker_mark_to_market(v, price));
  sums.attack.gain_gone += to_micro_signed(attack_gain_of(v, price));
  v.attacker = 0;
}

TS_HD_INLINE void miner_settle_phase(const Params& p, std::int32_t t, const Network& net, Miner& v,
                                     SettleSums& sums) {
  if (v.status == Status::vacant) return;
  const double price = net.price;
  if (v.status == Status::mining && v.contracts > 0) {
    const Micro gas = static_cast<Micro>(v.contracts) * net.gas_per_contract;
    v.acc.liquid += gas;
    v.reward_cum += gas;
    v.income.today_usd += to_tokens(gas) * price;
    sums.gas_taken += gas;
    if (v.attacker) v.profit_usd += to_tokens(gas) * price;
  }
  if (v.attacker && v.status == Status::mining) {
    v.twin_profit_usd += to_tokens(static_cast<Micro>(v.twin_contracts) * net.gas_per_contract) * price;
    // Caught by the re-benchmark: slash_level's share of the stake, withheld
    // to the treasury like other slashes (its V was lost in P1).
    if (v.caught) {
      transfer_upto(v.acc.bonded, sums.withheld, apply_fraction(v.acc.bonded, p.slash_share));
      v.stake_per_worker = quotient_or(v.acc.bonded, v.workers, 0);
    }
  }
  if (is_day_end(p, t)) {
    if (v.status == Status::mining) {
      const bool under_water = close_day(v.income, p.exit_ema_alpha, p.patience_days);
      // Sell a share of the wallet (payouts, gas) each day.
      transfer_upto(v.acc.liquid, sums.sold, to_micro_floor(v.sell_fraction * to_tokens(v.acc.liquid)));
      // Exit after patience_days of negative trailing income (MODEL.md 1);
      // the probe mines through the horizon (ASSUMPTION: it measures returns).
      if (under_water && v.probe == Probe::none) {
        if (v.attacker) stop_attacker(v, price, sums);
        begin_cooldown(p, t, v, sums);
      }
    } else if (v.status == Status::cooling_down && v.cooldown.total == 0) {
      // The stake released: sell everything and Stop (the slot is vacated).
      transfer_upto(v.acc.liquid, sums.sold, v.acc.liquid);
      if (v.acc.total() == 0) {
        v = Miner{};
        return;
      }
    }
  }
  if (v.status == Status::mining) {
    sums.mining += 1;
    sums.income_ema_sum += to_micro_signed(v.income.ema_usd_per_day);
    sums.capex_sum += to_micro_floor(v.capex_usd);
    if (v.attacker) count_live_attacker(sums.attack, to_micro_signed(attack_gain_of(v, price)), true, attacker_mark_to_market(v, price));
  }
  sums.miners_total += v.acc.total();
}

// ---------------------------------------------------------------- N3

// Returns the number of entrants of the day (0 on other steps).
TS_HD_INLINE std::int32_t network_end_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net,
                                           const SettleSums& s) {
  net.acc.clearing -= s.gas_taken;
  transfer_upto(net.acc.clearing, net.acc.dust, net.acc.clearing);
  // Stake withheld at final payouts goes to the treasury (ASSUMPTION: as
  // Substrate's slashes do).
  net.acc.treasury += s.withheld;
  net.slashed_cum += s.withheld;
  if (s.sold > 0) {
    Micro selling = s.sold;
    amm_sell_tokens(net.amm, net.acc.amm_tokens, selling, s.sold);
  }
  // The treasury's obligations of the day (models/mechanisms/treasury.hpp).
  const bool insolvent = is_day_end(p, t) && pay_treasury_day(net.acc, net.amm, p.treasury_burn_usd_per_day, net.treasury_obligations);
  net.price = amm_price(net.amm, net.acc.amm_tokens);

  // Conservation invariant, exact, every step (MODEL.md 1); nothing is minted.
  check_conservation(net.event_first, net.residual_max_abs, ledger_residual(net.acc, s.miners_total, p.genesis, 0), t);
  record_event(net.event_first, Event::provider_collapse, t,
               static_cast<double>(s.mining) < p.collapse_fraction * static_cast<double>(net.initial_miners));
  record_event(net.event_first, Event::price_crash, t, net.price < p.crash_fraction * p.p0);
  record_event(net.event_first, Event::treasury_insolvent, t, insolvent);
  net.attacker_profit_gone += static_cast<double>(s.profit_gone) * 1e-6;
  record_event(net.event_first, Event::attack_profitable, t, close_attack_step(net.attack, s.attack));

  // Entry, daily (MODEL.md 1): Poisson(lambda_entry * clamp((R - hurdle) / hurdle, 0, 3)).
  if (!is_day_end(p, t)) return 0;
  return draw_daily_entrants(ctx.key, ctx.path, t, p.lambda_entry,
                             entry_pull(s.income_ema_sum, s.capex_sum, p.entry_hurdle));
}

// Entrants take the lowest vacant slots, in slot order; they start in the
// next step's P1.
TS_HD_INLINE void mark_entrants(const Params& p, Miner* slots, std::int32_t entrants) {
  place_entrants(
      slots, p.max_miners, entrants, [](const Miner& v) { return v.status == Status::vacant; },
      [](Miner& v) { v.status = Status::entering; });
}

}  // namespace ts::phala
