#pragma once
// The metrics of one Clore.ai path at a snapshot (MODEL.md 1 "Metrics" that
// apply, and 2.7's own). Population statistics sort the executor's scratch.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/population_stats.hpp"
#include "models/core/sort.hpp"
#include "models/engine/path_context.hpp"
#include "models/metrics.hpp"
#include "models/protocols/clore/params.hpp"
#include "models/protocols/clore/state.hpp"

namespace ts::clore {

TS_HD_INLINE void take_snapshot(const Params& p, const Network& net, const Provider* slots, SnapshotScratch scratch,
                                Snapshot& out) {
  int active = 0, attackers = 0;
  double attacker_profit = net.attacker_profit_gone;
  double* income = scratch.real_a;
  double* payback = scratch.real_b;
  Micro* rewards = scratch.amount_a;   // trailing daily hosting rewards
  Micro* bonuses = scratch.amount_b;   // trailing daily PoH bonuses
  for (std::int32_t i = 0; i < p.max_providers; ++i) {
    const Provider& v = slots[i];
    if (v.status != Status::active) continue;
    if (v.self_renter) {
      ++attackers;
      attacker_profit += v.profit_usd;
    }
    const double ema = v.income.ema_usd_per_day;
    income[active] = ema;
    payback[active] = payback_days(v.capex_usd, ema);
    rewards[active] = v.reward_trailing;
    bonuses[active] = v.bonus_trailing;
    ++active;
  }
  heap_sort(income, active);
  heap_sort(payback, active);
  heap_sort(rewards, active);
  heap_sort(bonuses, active);

  const NetworkAccounts& a = net.acc;
  const Micro supply_total = p.genesis + net.minted_cum - a.burned;
  const Micro circulating = supply_total - a.reward_reserve - a.locked_vesting - a.treasury - a.community_pool -
                            a.insurance - a.amm_tokens - a.clearing - a.dust;
  double* m = out.value;
  auto set = [&](Metric id, double v) { m[static_cast<int>(id)] = v; };
  set(Metric::providers_active, active);
  set(Metric::providers_online, net.providers_online);
  set(Metric::nodes_online, net.machines_online);
  set(Metric::supply_total, to_tokens(supply_total));
  set(Metric::supply_circulating, to_tokens(circulating));
  set(Metric::minted_cum, to_tokens(net.minted_cum));
  set(Metric::emitted_cum, to_tokens(net.emitted_cum));
  set(Metric::reward_reserve, to_tokens(a.reward_reserve));
  set(Metric::burned_cum, to_tokens(a.burned));
  const double treasury_usd = to_tokens(a.treasury) * net.price + net.treasury_usd;
  set(Metric::treasury, treasury_usd);
  set(Metric::treasury_runway_days, treasury_runway_days(treasury_usd, p.treasury_burn_usd_per_day));
  set(Metric::treasury_unpaid_usd_cum, net.treasury_obligations.unpaid_usd_cum);
  set(Metric::price_usd, net.price);
  set(Metric::market_cap_usd, net.price * to_tokens(circulating));
  set(Metric::demand_units, net.demand_units);
  set(Metric::served_units, net.served_units);
  set(Metric::utilization, net.utilization);
  set(Metric::fees_usd_cum, net.fees_usd_cum);
  set(Metric::provider_income_usd_median, sorted_median(income, active));
  set(Metric::provider_payback_days_median, active > 0 ? sorted_median(payback, active) : kPaybackCapDays);
  set(Metric::reward_gini, gini_of_sorted(rewards, active));
  set(Metric::ledger_residual, static_cast<double>(net.residual_max_abs));
  set(Metric::outside_unfilled_usd_cum, net.amm.outside_unfilled_usd_cum);
  set(Metric::lease_price_usd, net.lease_price);
  set(Metric::outside_income_usd, net.mining_income);
  set(Metric::holding_bonus_gini, gini_of_sorted(bonuses, active));
  // Concentration over operators (MODEL.md 1): a host is one operator with
  // all its machines (the preset's hosts own their rigs); with no stake in
  // Clore.ai, what it controls is the CLORE it holds (Proof of Holding).
  int holders = 0;
  for (std::int32_t i = 0; i < p.max_providers; ++i)
    if (slots[i].status == Status::active) bonuses[holders++] = slots[i].acc.liquid;
  heap_sort(bonuses, holders);
  set(Metric::nakamoto_coefficient, nakamoto_of_sorted(bonuses, holders));
  set(Metric::machines_rented, net.machines_rented);
  set(Metric::offered_units, net.offered_units);
  set(Metric::mining_units, net.mining_units);
  set(Metric::attackers_active, attackers);
  set(Metric::attacker_profit_usd, attacker_profit);
  set(Metric::attack_gain_usd, attack_gain_usd(net.attack));
  set(Metric::attackers_in_profit_share, net.attack.in_profit_share);
  set(Metric::self_dealt_usd_cum, net.self_rent_usd_cum);
}

}  // namespace ts::clore
