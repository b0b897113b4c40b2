#pragma once
// The metrics of one IO.net path at a snapshot (MODEL.md 1 "Metrics").
// Population statistics that need an order (medians, Gini, Nakamoto) sort a
// scratch array the executor provides (max_providers entries of each kind).
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/population_stats.hpp"
#include "models/core/sort.hpp"
#include "models/engine/path_context.hpp"
#include "models/metrics.hpp"
#include "models/protocols/ionet/params.hpp"
#include "models/protocols/ionet/state.hpp"
#include "models/protocols/ionet/step.hpp"

namespace ts::ionet {

TS_HD_INLINE void take_snapshot(const Params& p, const Network& net, const Provider* slots,
                                SnapshotScratch scratch, Snapshot& out) {
  int active = 0;
  int attackers = 0;
  Micro stake = 0;
  double attacker_profit = net.attacker_realized_usd;
  // Income per node of attackers and of honest providers, summed in
  // micro-USD so the order of the sum cannot matter.
  IncomeEdge edge;   // attackers against honest providers, per node
  double* income = scratch.real_a;   // per active provider, sorted below
  double* payback = scratch.real_b;
  for (std::int32_t i = 0; i < p.max_providers; ++i) {
    const Provider& v = slots[i];
    if (v.status == Status::vacant) continue;
    stake += v.acc.stake();
    if (v.status != Status::active) continue;
    income[active] = v.income.ema_usd_per_day;
    payback[active] =
        payback_days(v.capex_usd, v.income.ema_usd_per_day);
    ++active;
    if (v.strategy != Strategy::honest) {
      ++attackers;
      attacker_profit += attacker_mark_to_market(v, net.price);
      edge.add(true, to_micro_signed(v.income.ema_usd_per_day), v.nodes);
    } else {
      edge.add(false, to_micro_signed(v.income.ema_usd_per_day), v.nodes);
    }
  }
  heap_sort(income, active);
  heap_sort(payback, active);

  const NetworkAccounts& a = net.acc;
  const Micro supply_total = p.genesis + net.minted_cum - a.burned;
  const Micro circulating = supply_total - a.reward_reserve - a.locked_vesting - a.treasury - a.community_pool -
                            a.insurance - a.amm_tokens - a.clearing - a.dust;
  double* m = out.value;
  auto set = [&](Metric id, double v) { m[static_cast<int>(id)] = v; };
  set(Metric::providers_active, active);
  set(Metric::providers_online, net.providers_online);
  set(Metric::nodes_online, net.nodes_online);
  set(Metric::attackers_active, attackers);
  set(Metric::stake_total, to_tokens(stake));
  set(Metric::staked_ratio, circulating > 0 ? static_cast<double>(stake) / static_cast<double>(circulating) : 0.0);
  set(Metric::supply_total, to_tokens(supply_total));
  set(Metric::supply_circulating, to_tokens(circulating));
  set(Metric::minted_cum, to_tokens(net.minted_cum));
  set(Metric::emitted_cum, to_tokens(net.emitted_cum));
  set(Metric::reward_reserve, to_tokens(a.reward_reserve));
  set(Metric::reward_scale, net.reward_scale);
  set(Metric::burned_cum, to_tokens(a.burned));
  set(Metric::slashed_cum, to_tokens(net.slashed_cum));
  const double treasury_usd = to_tokens(a.treasury) * net.price + net.treasury_usd;
  set(Metric::treasury, treasury_usd);
  set(Metric::treasury_runway_days, treasury_runway_days(treasury_usd, p.treasury_burn_usd_per_day));
  set(Metric::treasury_unpaid_usd_cum, net.treasury_obligations.unpaid_usd_cum);
  set(Metric::price_usd, net.price);
  set(Metric::market_cap_usd, net.price * to_tokens(circulating));
  set(Metric::demand_units, net.demand_units);
  set(Metric::served_units, net.served_units);
  set(Metric::utilization, net.utilization);
  set(Metric::rent_index, net.rent.index);
  set(Metric::unlock_dump_usd_cum, net.unlock_dump.dumped_usd);
  set(Metric::unlock_holders_value_usd, unlock_holders_value_usd(net.unlock_dump, net.price));
  set(Metric::fees_usd_cum, net.fees_usd_cum);
  set(Metric::provider_income_usd_median, sorted_median(income, active));
  set(Metric::provider_payback_days_median, active > 0 ? sorted_median(payback, active) : kPaybackCapDays);
  set(Metric::attacker_profit_usd, attacker_profit);
  set(Metric::attack_gain_usd, attack_gain_usd(net.attack));
  set(Metric::attackers_in_profit_share, net.attack.in_profit_share);
  set(Metric::attacker_income_edge_usd, edge.edge_usd());
  // Over operators: a cohort of `nodes` counts as that many equal operators
  // (over agents, IO.net's ~41 was ~17,000 nodes and moved with nodes_per_agent).
  const OperatorConcentration c = cohort_concentration(
      slots, p.max_providers, scratch.amount_a, scratch.amount_b, [](const Provider& v) { return v.status == Status::active; });
  set(Metric::reward_gini, c.reward_gini);
  set(Metric::nakamoto_coefficient, c.stake_nakamoto);
  set(Metric::ledger_residual, static_cast<double>(net.residual_max_abs));
  set(Metric::outside_unfilled_usd_cum, net.amm.outside_unfilled_usd_cum);
}

}  // namespace ts::ionet
