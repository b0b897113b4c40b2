#pragma once
// The metrics of one Phala path at a snapshot (MODEL.md 1 "Metrics" that
// apply, and the phala section of models/metrics.hpp). Phala stakes per
// worker, so the population statistics are over workers: a cohort counts as
// its workers, each with the cohort's per-worker figures (the group
// statistics of models/core/population_stats.hpp); the probe's miners are
// workers like any other.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/population_stats.hpp"
#include "models/core/quotient.hpp"
#include "models/core/sort.hpp"
#include "models/engine/path_context.hpp"
#include "models/metrics.hpp"
#include "models/protocols/phala/attacker.hpp"
#include "models/protocols/phala/params.hpp"
#include "models/protocols/phala/state.hpp"

namespace ts::phala {

// The probe's return ratio (MODEL.md 2.6 stress): the whale's rewards
// (payouts and gas) per staked PHA over the k small miners' together; 1 is
// neutral, below 1 the rule favours splitting stake. 0 without a probe.
TS_HD_INLINE double whale_return_ratio(const Params& p, const Miner* slots) {
  if (p.split_k <= 0) return 0.0;
  const Miner& whale = slots[0];
  Micro small_reward = 0, small_stake = 0;
  for (std::int32_t i = 1; i <= p.split_k; ++i) {
    small_reward += slots[i].reward_cum;
    small_stake += slots[i].stake_per_worker;
  }
  if (small_reward <= 0 || whale.stake_per_worker <= 0) return 0.0;
  const double whale_rate = static_cast<double>(whale.reward_cum) / static_cast<double>(whale.stake_per_worker);
  const double small_rate = static_cast<double>(small_reward) / static_cast<double>(small_stake);
  return whale_rate / small_rate;
}

// A per-worker figure `of(miner)` of every mining cohort into `x`, with the
// cohort's worker count into `workers`, sorted by the figure; returns the
// number of cohorts.
template <class T, class Of>
TS_HD_INLINE int sorted_per_worker(const Params& p, const Miner* slots, T* x, Micro* workers, Of of) {
  return sorted_per_operator(
      slots, p.max_miners, x, workers, [](const Miner& v) { return v.status == Status::mining; }, of,
      [](const Miner& v) { return static_cast<Micro>(v.workers); });
}

// The median over mining workers of a per-worker figure.
template <class Of>
TS_HD_INLINE double worker_median(const Params& p, const Miner* slots, SnapshotScratch scratch, Of of) {
  const int n = sorted_per_worker(p, slots, scratch.real_a, scratch.amount_b, of);
  return median_of_sorted_groups(scratch.real_a, scratch.amount_b, n);
}

TS_HD_INLINE void take_snapshot(const Params& p, const Network& net, const Miner* slots, SnapshotScratch scratch,
                                Snapshot& out) {
  int mining = 0, attackers = 0;
  std::int64_t cooling_workers = 0;
  Micro stake = 0;
  double attacker_profit = net.attacker_profit_gone;
  for (std::int32_t i = 0; i < p.max_miners; ++i) {
    const Miner& v = slots[i];
    if (v.status == Status::cooling_down) cooling_workers += v.workers;
    if (v.status != Status::mining) continue;
    ++mining;
    stake += v.acc.bonded;
    if (v.attacker) {
      ++attackers;
      attacker_profit += attacker_mark_to_market(v, net.price);
    }
  }
  const double income = worker_median(p, slots, scratch,
                                      [](const Miner& v) { return v.income.ema_usd_per_day / v.workers; });
  const double payback = worker_median(p, slots, scratch, [](const Miner& v) {
    return payback_days(v.capex_usd / v.workers, v.income.ema_usd_per_day / v.workers);
  });
  const double value = worker_median(p, slots, scratch, [](const Miner& v) { return to_tokens(v.value); });
  Micro* amount = scratch.amount_a;
  Micro* workers = scratch.amount_b;
  int n = sorted_per_worker(p, slots, amount, workers, [](const Miner& v) { return v.stake_per_worker; });
  const double nakamoto = nakamoto_of_sorted_groups(amount, workers, n);
  n = sorted_per_worker(p, slots, amount, workers, [](const Miner& v) { return quotient_or(v.reward_cum, v.workers, 0); });
  const double reward_gini = gini_of_sorted_groups(amount, workers, n);
  const double reward_nakamoto = nakamoto_of_sorted_groups(amount, workers, n);

  const NetworkAccounts& a = net.acc;
  const Micro supply_total = p.genesis - a.burned;
  const Micro circulating = circulating_supply(a, supply_total);
  const double capacity = static_cast<double>(net.workers_online) * p.max_contracts_per_worker;
  double* m = out.value;
  auto set = [&](Metric id, double x) { m[static_cast<int>(id)] = x; };
  set(Metric::providers_active, mining);
  set(Metric::providers_online, net.providers_online);
  set(Metric::nodes_online, net.workers_online);
  set(Metric::stake_total, to_tokens(stake));
  set(Metric::staked_ratio, circulating > 0 ? static_cast<double>(stake) / static_cast<double>(circulating) : 0.0);
  set(Metric::supply_total, to_tokens(supply_total));
  set(Metric::supply_circulating, to_tokens(circulating));
  set(Metric::emitted_cum, to_tokens(net.emitted_cum));
  set(Metric::reward_reserve, to_tokens(a.reward_reserve));
  set(Metric::reward_scale, net.reward_scale);
  set(Metric::slashed_cum, to_tokens(net.slashed_cum));
  const double treasury_usd = to_tokens(a.treasury) * net.price;
  set(Metric::treasury, treasury_usd);
  set(Metric::treasury_runway_days, treasury_runway_days(treasury_usd, p.treasury_burn_usd_per_day));
  set(Metric::treasury_unpaid_usd_cum, net.treasury_obligations.unpaid_usd_cum);
  set(Metric::price_usd, net.price);
  set(Metric::market_cap_usd, net.price * to_tokens(circulating));
  set(Metric::demand_units, net.demand_units);
  set(Metric::served_units, net.served_units);
  set(Metric::utilization, capacity > 0.0 ? net.served_units / capacity : 0.0);
  set(Metric::fees_usd_cum, net.fees_usd_cum);
  set(Metric::provider_income_usd_median, income);
  set(Metric::provider_payback_days_median, mining > 0 ? payback : kPaybackCapDays);
  set(Metric::reward_gini, reward_gini);
  set(Metric::nakamoto_coefficient, nakamoto);
  set(Metric::ledger_residual, static_cast<double>(net.residual_max_abs));
  set(Metric::attackers_active, attackers);
  set(Metric::attacker_profit_usd, attacker_profit);
  set(Metric::attack_gain_usd, attack_gain_usd(net.attack));
  set(Metric::attackers_in_profit_share, net.attack.in_profit_share);
  set(Metric::outside_unfilled_usd_cum, net.amm.outside_unfilled_usd_cum);
  set(Metric::whale_return_ratio, whale_return_ratio(p, slots));
  set(Metric::reward_nakamoto, reward_nakamoto);
  set(Metric::mining_value_median, value);
  set(Metric::workers_active_share,
      net.workers_online > 0 ? static_cast<double>(net.workers_active) / net.workers_online : 0.0);
  set(Metric::workers_cooling_down, static_cast<double>(cooling_workers));
}

}  // namespace ts::phala
