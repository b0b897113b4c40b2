#pragma once
// The metrics of one Hanzo path at a snapshot (MODEL.md 1 "Metrics", 2.4).
// Population statistics sort the executor's scratch arrays (max_providers
// entries of each kind); the governance coalitions reuse one of them.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/population_stats.hpp"
#include "models/core/sort.hpp"
#include "models/engine/path_context.hpp"
#include "models/metrics.hpp"
#include "models/protocols/hanzo/governance.hpp"
#include "models/protocols/hanzo/params.hpp"
#include "models/protocols/hanzo/rules.hpp"
#include "models/protocols/hanzo/state.hpp"

namespace ts::hanzo {

TS_HD_INLINE void take_snapshot(const Params& p, const Network& net, const Provider* slots, SnapshotScratch scratch,
                                Snapshot& out) {
  int active = 0;
  int attackers = 0;
  int voters = 0;
  Micro stake = 0;
  Micro delegated = 0;
  double attacker_profit = net.attacker_realized_usd;
  IncomeEdge edge;   // attackers against honest providers, per node
  double* income = scratch.real_a;
  double* payback = scratch.real_b;
  for (std::int32_t i = 0; i < p.max_providers; ++i) {
    const Provider& v = slots[i];
    if (v.status == Status::vacant) continue;
    stake += v.acc.stake();
    delegated += v.acc.delegated + v.acc.unbonding_delegated;
    // An attacker leaving still owns what it has not sold (its realised
    // profit is booked when the slot is freed).
    if (is_attacker(v) && v.status == Status::exiting) attacker_profit += mark_to_market(v, net.price);
    if (v.status != Status::active) continue;
    income[active] = v.income.ema_usd_per_day;
    payback[active] = payback_days(v.capex_usd, v.income.ema_usd_per_day);
    ++active;
    if (is_attacker(v)) {
      ++attackers;
      attacker_profit += mark_to_market(v, net.price);   // own tokens, never its delegators'
      edge.add(true, to_micro_signed(v.income.ema_usd_per_day), v.nodes);
    } else {
      edge.add(false, to_micro_signed(v.income.ema_usd_per_day), v.nodes);
    }
  }
  heap_sort(income, active);
  heap_sort(payback, active);
  const double income_median = sorted_median(income, active);
  const double payback_median = active > 0 ? sorted_median(payback, active) : kPaybackCapDays;

  // Governance (seed: voting_power = sqrt(balance) + 2 sqrt(staked)). Every
  // provider agent votes with its wallet and own stake; the delegators are
  // the synthetic holder accounts, which hold `holders` (less the team's
  // unlocked tokens) and the delegated stake in the same shares; team members
  // hold the unlocked team tokens equally. Locked and protocol-owned tokens
  // (reserve, treasury, pools, AMM) do not vote (assumption).
  double* power = scratch.real_a;
  for (std::int32_t i = 0; i < p.max_providers; ++i) {
    const Provider& v = slots[i];
    if (v.status == Status::vacant) continue;
    power[voters++] = voting_power(to_tokens(v.acc.liquid), to_tokens(v.acc.bonded + v.acc.unbonding_own));
  }
  heap_sort(power, voters);
  const NetworkAccounts& a = net.acc;
  const Micro holders = a.holders > 0 ? a.holders : 0;
  Micro team = p.team_members > 0 ? net.team_unlocked : 0;
  if (team > holders) team = holders;
  VoterGroups g;
  g.provider_power_asc = power;
  g.n_providers = voters;
  g.holder_sqrt_weight_desc = p.holder_sqrt_weight;
  g.n_holders = p.n_holder_accounts;
  g.holder_scale = voting_power(to_tokens(holders - team), to_tokens(delegated));
  g.n_team = p.team_members;
  g.team_power = p.team_members > 0 ? voting_power(to_tokens(team) / static_cast<double>(p.team_members), 0.0) : 0.0;
  double coalition[kQuorums];
  smallest_coalitions(g, p.quorum, coalition);

  const Micro supply_total = p.genesis - a.burned;
  const Micro circulating = supply_total - a.reward_reserve - a.locked_vesting - a.treasury - a.community_pool -
                            a.insurance - a.amm_tokens - a.clearing - a.dust - net.provider_pool;
  double* m = out.value;
  auto set = [&](Metric id, double x) { m[static_cast<int>(id)] = x; };
  set(Metric::providers_active, active);
  set(Metric::providers_online, net.providers_online);
  set(Metric::nodes_online, net.nodes_online);
  set(Metric::attackers_active, attackers);
  set(Metric::stake_total, to_tokens(stake));
  set(Metric::staked_ratio, circulating > 0 ? static_cast<double>(stake) / static_cast<double>(circulating) : 0.0);
  set(Metric::supply_total, to_tokens(supply_total));
  set(Metric::supply_circulating, to_tokens(circulating));
  set(Metric::emitted_cum, to_tokens(net.emitted_cum));
  set(Metric::fee_rewards_paid_cum, to_tokens(net.fee_rewards_paid_cum));
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
  set(Metric::utilization, net.utilization);
  set(Metric::fees_usd_cum, net.fees_usd_cum);
  set(Metric::provider_income_usd_median, income_median);
  set(Metric::provider_payback_days_median, payback_median);
  set(Metric::attacker_profit_usd, attacker_profit);
  set(Metric::unlock_dump_usd_cum, net.unlock_dump.dumped_usd);
  set(Metric::unlock_holders_value_usd, unlock_holders_value_usd(net.unlock_dump, net.price));
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
  set(Metric::inference_price, net.inference_price);
  set(Metric::quorum_coalition_51, coalition[0]);
  set(Metric::quorum_coalition_60, coalition[1]);
  set(Metric::quorum_coalition_75, coalition[2]);
  set(Metric::network_factor, net.nf);
  set(Metric::emission_due_cum, to_tokens(net.emission_due_cum));
}

}  // namespace ts::hanzo
