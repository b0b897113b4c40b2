#pragma once
// The metrics of one 2PM.Network path at a snapshot (MODEL.md 1 "Metrics" and
// the twopm section of models/metrics.hpp). Node statistics that need an
// order (medians, Gini, Nakamoto) sort the scratch arrays the executor
// provides (agent_slots entries of each kind).
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/population_stats.hpp"
#include "models/core/sort.hpp"
#include "models/engine/path_context.hpp"
#include "models/metrics.hpp"
#include "models/protocols/twopm/data_score.hpp"
#include "models/protocols/twopm/params.hpp"
#include "models/protocols/twopm/state.hpp"

namespace ts::twopm {

TS_HD_INLINE double ratio_or_zero(double num, double den) { return den > 0.0 ? num / den : 0.0; }

// Mean of a sum of fixed-point scores over `count` batches, in nats.
TS_HD_INLINE double mean_score_nats(Score sum, std::int32_t count) {
  return count > 0 ? static_cast<double>(sum) / static_cast<double>(kScoreOne) / static_cast<double>(count) : 0.0;
}

TS_HD_INLINE void take_snapshot(const Params& p, const Network& net, const Participant* slots,
                                SnapshotScratch scratch, Snapshot& out) {
  int active = 0;
  Micro stake = 0;
  double* income = scratch.real_a;
  double* payback = scratch.real_b;
  Micro* received = scratch.amount_a;
  Micro* stakes = scratch.amount_b;
  for (std::int32_t i = 0; i < p.max_nodes; ++i) {
    const Participant& v = slots[i];
    if (v.status == Status::vacant || v.status == Status::entering) continue;
    stake += v.acc.bonded;
    if (v.status != Status::active) continue;
    income[active] = v.income.ema_usd_per_day;
    payback[active] = payback_days(v.capex_usd, v.income.ema_usd_per_day);
    received[active] = v.reward_cum;
    stakes[active] = v.acc.bonded;
    ++active;
  }
  heap_sort(income, active);
  heap_sort(payback, active);
  heap_sort(received, active);
  heap_sort(stakes, active);

  // Contributors: poison against honest, trailing income received per
  // contributor (micro-USD sums: the order cannot matter).
  IncomeEdge edge;
  double attacker_received = 0.0;
  for (std::int32_t i = p.max_nodes; i < slot_count(p); ++i) {
    const Participant& v = slots[i];
    edge.add(v.kind == Kind::poison, to_micro_signed(v.income.ema_usd_per_day), 1);
    if (v.kind == Kind::poison) attacker_received += v.received_usd_cum;
  }

  const NetworkAccounts& a = net.acc;
  const Micro supply_total = p.genesis - a.burned;
  // Circulating: everything but the vaults, the AMM's reserve and the
  // within-step accounts.
  const Micro circulating = supply_total - net.compute_vault - net.data_vault - a.amm_tokens - a.clearing - a.dust;
  double* m = out.value;
  auto set = [&](Metric id, double v) { m[static_cast<int>(id)] = v; };
  set(Metric::providers_active, active);
  set(Metric::providers_online, net.nodes_online);
  set(Metric::nodes_online, net.nodes_online);
  set(Metric::attackers_active, p.poison_contributors);
  set(Metric::stake_total, to_tokens(stake));
  set(Metric::staked_ratio, circulating > 0 ? static_cast<double>(stake) / static_cast<double>(circulating) : 0.0);
  set(Metric::supply_total, to_tokens(supply_total));
  set(Metric::supply_circulating, to_tokens(circulating));
  set(Metric::emitted_cum, to_tokens(net.compute_paid_cum + net.data_paid_cum));
  set(Metric::reward_reserve, to_tokens(net.compute_vault + net.data_vault));
  set(Metric::reward_scale, net.reward_scale);
  set(Metric::burned_cum, to_tokens(a.burned));
  set(Metric::slashed_cum, to_tokens(net.slashed_cum));
  set(Metric::price_usd, net.price);
  set(Metric::market_cap_usd, net.price * to_tokens(circulating));
  set(Metric::provider_income_usd_median, sorted_median(income, active));
  set(Metric::provider_payback_days_median, active > 0 ? sorted_median(payback, active) : kPaybackCapDays);
  set(Metric::attacker_profit_usd, attacker_received);
  set(Metric::attack_gain_usd, attack_gain_usd(net.attack));
  set(Metric::attackers_in_profit_share, net.attack.in_profit_share);
  set(Metric::attacker_income_edge_usd, edge.edge_usd());
  set(Metric::reward_gini, gini_of_sorted(received, active));
  set(Metric::nakamoto_coefficient, nakamoto_of_sorted(stakes, active));
  set(Metric::ledger_residual, static_cast<double>(net.residual_max_abs));
  set(Metric::outside_unfilled_usd_cum, net.amm.outside_unfilled_usd_cum);

  set(Metric::compute_pool_paid, to_tokens(net.compute_paid_round));
  set(Metric::data_pool_paid, to_tokens(net.data_paid_round));
  set(Metric::compute_vault, to_tokens(net.compute_vault));
  set(Metric::data_vault, to_tokens(net.data_vault));
  set(Metric::poison_data_share,
      ratio_or_zero(static_cast<double>(net.poison_paid_round), static_cast<double>(net.data_paid_round)));
  set(Metric::poison_data_share_cum,
      ratio_or_zero(static_cast<double>(net.poison_paid_cum), static_cast<double>(net.data_paid_cum)));
  const double per_poison =
      ratio_or_zero(static_cast<double>(net.poison_paid_cum), static_cast<double>(net.batches_poison_cum));
  const double per_honest =
      ratio_or_zero(static_cast<double>(net.honest_paid_cum), static_cast<double>(net.batches_honest_cum));
  set(Metric::poison_pay_ratio, ratio_or_zero(per_poison, per_honest));
  set(Metric::kl_score_honest_mean, mean_score_nats(net.raw_score_honest, net.batches_honest));
  set(Metric::kl_score_poison_mean, mean_score_nats(net.raw_score_poison, net.batches_poison));
  set(Metric::honest_capped_share, ratio_or_zero(net.honest_capped, net.batches_honest));
  set(Metric::honest_contributor_income,
      ratio_or_zero(to_tokens(net.honest_paid_round), static_cast<double>(p.honest_contributors)));
}

}  // namespace ts::twopm
