#pragma once
// The metrics of one Akash path at a snapshot (MODEL.md 1 and 2.2).
#include "models/core/population_stats.hpp"
#include "models/core/sort.hpp"
#include "models/engine/path_context.hpp"
#include "models/metrics.hpp"
#include "models/protocols/akash/step.hpp"

namespace ts::akash {

TS_HD_INLINE void take_snapshot(const Params& p, const Network& n, const Provider* slots, SnapshotScratch scratch,
                                Snapshot& out) {
  int active = 0, attackers = 0;
  double attacker_profit = n.attacker_profit_gone;
  for (std::int32_t i = 0; i < p.max_providers; ++i) {
    const Provider& v = slots[i];
    if (v.status != Status::active) continue;
    if (v.self_leaser) {
      ++attackers;
      attacker_profit += v.profit_usd;
    }
    scratch.real_a[active] = v.income.ema_usd_per_day;
    scratch.real_b[active] = payback_days(v.capex_usd, v.income.ema_usd_per_day);
    scratch.amount_a[active] = v.rewards_cum;
    ++active;
  }
  heap_sort(scratch.real_a, active);
  heap_sort(scratch.real_b, active);
  heap_sort(scratch.amount_a, active);
  const NetworkAccounts& a = n.acc;
  const Micro supply = supply_total(p, n);
  const Micro circulating = supply - a.reward_reserve - a.treasury - a.community_pool - a.amm_tokens - a.clearing;
  double* m = out.value;
  auto set = [&](Metric id, double x) { m[static_cast<int>(id)] = x; };
  set(Metric::providers_active, active);
  set(Metric::providers_online, active);
  set(Metric::stake_total, to_tokens(n.bonded));
  set(Metric::staked_ratio, circulating > 0 ? static_cast<double>(n.bonded) / static_cast<double>(circulating) : 0.0);
  set(Metric::supply_total, to_tokens(supply));
  set(Metric::supply_circulating, to_tokens(circulating));
  set(Metric::minted_cum, to_tokens(n.minted_cum));
  set(Metric::emitted_cum, to_tokens(n.emitted_cum));
  set(Metric::reward_reserve, to_tokens(a.reward_reserve));
  set(Metric::burned_cum, to_tokens(a.burned));
  const double treasury_usd = to_tokens(a.treasury) * n.price + n.treasury_usd;
  set(Metric::treasury, treasury_usd);
  set(Metric::treasury_runway_days, treasury_runway_days(treasury_usd, p.treasury_burn_usd_per_day));
  set(Metric::treasury_unpaid_usd_cum, n.treasury_obligations.unpaid_usd_cum);
  set(Metric::price_usd, n.price);
  set(Metric::market_cap_usd, n.price * to_tokens(circulating));
  set(Metric::demand_units, n.demand_units);
  set(Metric::served_units, n.leased_units);
  set(Metric::utilization, n.capacity_units > 0.0 ? n.leased_units / n.capacity_units : 0.0);
  set(Metric::fees_usd_cum, n.fees_usd_cum);
  set(Metric::provider_income_usd_median, sorted_median(scratch.real_a, active));
  set(Metric::provider_payback_days_median, active > 0 ? sorted_median(scratch.real_b, active) : kPaybackCapDays);
  set(Metric::reward_gini, gini_of_sorted(scratch.amount_a, active));
  set(Metric::ledger_residual, static_cast<double>(n.residual_max_abs));
  set(Metric::outside_unfilled_usd_cum, n.amm.outside_unfilled_usd_cum);
  set(Metric::inflation_rate, n.inflation);
  set(Metric::staking_apy, n.staking_apy);
  set(Metric::security_budget_usd, to_tokens(n.bonded) * n.price);
  set(Metric::lease_price_usd, n.leased_units > 0.0 ? n.lease_revenue_usd / n.leased_units : 0.0);
  set(Metric::incentive_pool_cum, to_tokens(n.pool_cum));
  set(Metric::attackers_active, attackers);
  set(Metric::attacker_profit_usd, attacker_profit);
  set(Metric::attack_gain_usd, attack_gain_usd(n.attack));
  set(Metric::attackers_in_profit_share, n.attack.in_profit_share);
  set(Metric::self_dealt_usd_cum, static_cast<double>(n.self_lease_usd_cum) * 1e-6);
}

}  // namespace ts::akash
