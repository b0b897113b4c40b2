#pragma once
// The metrics of one Secret AI path at a snapshot (MODEL.md 1 "Metrics" and
// the secret_ai section of models/metrics.hpp). Population statistics that
// need an order (medians, Gini, Nakamoto) sort the scratch arrays the
// executor provides (max_workers entries of each kind).
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/population_stats.hpp"
#include "models/core/sort.hpp"
#include "models/engine/path_context.hpp"
#include "models/metrics.hpp"
#include "models/protocols/secret_ai/params.hpp"
#include "models/protocols/secret_ai/state.hpp"

namespace ts::secret_ai {

TS_HD_INLINE void take_snapshot(const Params& p, const Network& net, const Worker* slots, SnapshotScratch scratch,
                                Snapshot& out) {
  int active = 0;
  int attackers = 0;
  Micro stake = 0;
  double attacker_profit = net.attacker_profit_gone;
  // Trailing income per node of attackers and of honest workers, summed in
  // micro-USD so that the order of the sum cannot matter.
  IncomeEdge edge;   // attackers against honest providers, per node
  double* income = scratch.real_a;
  double* payback = scratch.real_b;
  Micro* received = scratch.amount_a;
  Micro* stakes = scratch.amount_b;
  for (std::int32_t i = 0; i < p.max_workers; ++i) {
    const Worker& v = slots[i];
    if (v.status == Status::vacant || v.status == Status::entering) continue;
    stake += v.acc.bonded;
    if (v.strategy != Strategy::honest) {
      attacker_profit += mark_to_market(v, net.price);
    }
    if (v.status != Status::active) continue;
    const double ema = v.income.ema_usd_per_day;
    income[active] = ema;
    payback[active] = payback_days(v.capex_usd, ema);
    received[active] = v.income_cum > 0 ? v.income_cum : 0;
    stakes[active] = v.acc.bonded;
    ++active;
    if (v.strategy != Strategy::honest) {
      ++attackers;
      edge.add(true, to_micro_signed(ema), v.nodes);
    } else {
      edge.add(false, to_micro_signed(ema), v.nodes);
    }
  }
  heap_sort(income, active);
  heap_sort(payback, active);
  heap_sort(received, active);
  heap_sort(stakes, active);

  const NetworkAccounts& a = net.acc;
  const Micro supply_total = p.genesis - a.burned;
  // Circulating: everything but the reward reserve, the community pool, the
  // AMM's reserve and the within-step accounts (the chain's stake circulates).
  const Micro circulating = supply_total - a.reward_reserve - a.locked_vesting - a.treasury - a.community_pool -
                            a.insurance - a.amm_tokens - a.clearing - a.dust;
  const double median_income = sorted_median(income, active);
  double* m = out.value;
  auto set = [&](Metric id, double v) { m[static_cast<int>(id)] = v; };
  set(Metric::providers_active, active);
  set(Metric::providers_online, net.providers_online);
  set(Metric::nodes_online, net.identities_online);
  set(Metric::attackers_active, attackers);
  set(Metric::stake_total, to_tokens(stake));
  set(Metric::staked_ratio, circulating > 0 ? static_cast<double>(stake) / static_cast<double>(circulating) : 0.0);
  set(Metric::supply_total, to_tokens(supply_total));
  set(Metric::supply_circulating, to_tokens(circulating));
  set(Metric::minted_cum, 0.0);
  set(Metric::emitted_cum, to_tokens(net.emitted_cum));
  set(Metric::reward_reserve, to_tokens(a.reward_reserve));
  set(Metric::reward_scale, net.reward_scale);
  set(Metric::burned_cum, to_tokens(a.burned));
  set(Metric::slashed_cum, to_tokens(net.slashed_cum));
  const double treasury_usd = to_tokens(a.treasury) * net.price;
  set(Metric::treasury, treasury_usd);
  set(Metric::treasury_runway_days, treasury_runway_days(treasury_usd, p.treasury_burn_usd_per_day));
  set(Metric::treasury_unpaid_usd_cum, net.treasury_obligations.unpaid_usd_cum);
  set(Metric::price_usd, net.price);
  set(Metric::market_cap_usd, net.price * to_tokens(circulating));
  set(Metric::demand_units, net.demand_units);
  set(Metric::served_units, net.served_units);
  set(Metric::utilization, net.utilization_all);
  // The rent index of the services, weighted by their share of demand.
  double rent_index = 0.0;
  for (std::int32_t k = 0; k < p.n_services; ++k) rent_index += p.services[k].demand_weight * net.rent[k].index;
  set(Metric::rent_index, rent_index);
  set(Metric::fees_usd_cum, static_cast<double>(net.fees_cum) * 1e-6);
  set(Metric::provider_income_usd_median, median_income);
  set(Metric::provider_payback_days_median, active > 0 ? sorted_median(payback, active) : kPaybackCapDays);
  set(Metric::attacker_profit_usd, attacker_profit);
  set(Metric::attacker_income_edge_usd, edge.edge_usd());
  set(Metric::reward_gini, gini_of_sorted(received, active));
  set(Metric::nakamoto_coefficient, nakamoto_of_sorted(stakes, active));
  set(Metric::ledger_residual, static_cast<double>(net.residual_max_abs));
  set(Metric::outside_unfilled_usd_cum, net.amm.outside_unfilled_usd_cum);
  set(Metric::subsidy_usd_cum, net.subsidy_usd_cum);
  set(Metric::worker_income_usd_median, median_income);
  set(Metric::user_payments_usd_cum, static_cast<double>(net.user_payments_cum) * 1e-6);
  set(Metric::self_dealt_usd_cum, static_cast<double>(net.self_dealt_cum) * 1e-6);
  set(Metric::attack_gain_usd, attack_gain_usd(net.attack));
  set(Metric::attackers_in_profit_share, net.attack.in_profit_share);
  set(Metric::subsidy_dependence, net.subsidy_dependence);
}

}  // namespace ts::secret_ai
