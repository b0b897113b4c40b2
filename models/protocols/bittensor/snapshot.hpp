#pragma once
// The metrics of one Bittensor path at a snapshot (MODEL.md 1 "Metrics" and
// the bittensor section of models/metrics.hpp). Miners are the providers;
// stake and the Nakamoto coefficient are the validators'.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/population_stats.hpp"
#include "models/core/sort.hpp"
#include "models/engine/path_context.hpp"
#include "models/metrics.hpp"
#include "models/protocols/bittensor/params.hpp"
#include "models/protocols/bittensor/state.hpp"

namespace ts::bittensor {

TS_HD_INLINE void take_snapshot(const Params& p, const Network& net, const Miner* miners, SnapshotScratch scratch,
                                Snapshot& out) {
  int active = 0;
  int cartel = 0;
  IncomeEdge edge;   // the cartel's miners against honest miners
  double* income = scratch.real_a;
  double* payback = scratch.real_b;
  Micro* received = scratch.amount_a;
  Micro* stakes = scratch.amount_b;
  for (std::int32_t j = 0; j < p.max_miners; ++j) {
    const Miner& m = miners[j];
    if (m.status != MinerStatus::active) continue;
    const double ema = m.income.ema_usd_per_day;
    income[active] = ema;
    payback[active] = payback_days(m.capex_usd, ema);
    received[active] = m.rewards_cum;
    ++active;
    edge.add(m.colluding != 0, to_micro_signed(ema), 1);
    if (m.colluding) ++cartel;
  }
  heap_sort(income, active);
  heap_sort(payback, active);
  heap_sort(received, active);
  Micro stake = 0;
  int colluding_validators = 0;
  for (std::int32_t i = 0; i < p.n_validators; ++i) {
    stakes[i] = net.validator_self[i] + net.validator_delegated[i];
    stake += stakes[i];
    if (p.validator_colluding[i]) ++colluding_validators;
  }
  heap_sort(stakes, p.n_validators);

  const NetworkAccounts& a = net.acc;
  const Micro supply_total = p.issuance0 + net.minted_cum - a.burned;
  const Micro circulating = supply_total - a.reward_reserve - a.amm_tokens - a.dust;
  double* m = out.value;
  auto set = [&](Metric id, double v) { m[static_cast<int>(id)] = v; };
  set(Metric::providers_active, active);
  set(Metric::providers_online, net.miners_ranked);
  set(Metric::nodes_online, net.miners_ranked);
  set(Metric::attackers_active, cartel + colluding_validators);
  set(Metric::stake_total, to_tokens(stake));
  set(Metric::staked_ratio, circulating > 0 ? static_cast<double>(stake) / static_cast<double>(circulating) : 0.0);
  set(Metric::supply_total, to_tokens(supply_total));
  set(Metric::supply_circulating, to_tokens(circulating));
  set(Metric::minted_cum, to_tokens(net.minted_cum));
  set(Metric::emitted_cum, to_tokens(net.emitted_cum));
  set(Metric::reward_reserve, to_tokens(a.reward_reserve));
  set(Metric::reward_scale, net.reward_scale);
  set(Metric::burned_cum, to_tokens(a.burned));
  set(Metric::slashed_cum, 0.0);
  set(Metric::treasury, 0.0);
  set(Metric::price_usd, net.price);
  set(Metric::market_cap_usd, net.price * to_tokens(circulating));
  set(Metric::fees_usd_cum, net.registration_usd_cum);
  set(Metric::provider_income_usd_median, sorted_median(income, active));
  set(Metric::provider_payback_days_median, active > 0 ? sorted_median(payback, active) : kPaybackCapDays);
  set(Metric::attacker_profit_usd, net.cartel_profit_usd);
  set(Metric::attack_gain_usd, attack_gain_usd(net.attack));
  set(Metric::attackers_in_profit_share, net.attack.in_profit_share);
  set(Metric::attacker_income_edge_usd, edge.edge_usd());
  set(Metric::reward_gini, gini_of_sorted(received, active));
  set(Metric::nakamoto_coefficient, nakamoto_of_sorted(stakes, p.n_validators));
  set(Metric::ledger_residual, static_cast<double>(net.residual_max_abs));
  set(Metric::outside_unfilled_usd_cum, net.amm.outside_unfilled_usd_cum);
  set(Metric::staking_apy, net.nominator_apy);
  set(Metric::security_budget_usd, to_tokens(stake) * net.price);
  set(Metric::consensus_clip_share, net.clip_share);
  set(Metric::colluder_incentive_share, net.colluder_incentive_share);
  set(Metric::colluder_excess_share, net.colluder_incentive_share - net.colluder_quality_share);
  set(Metric::colluder_dividend_share, net.colluder_dividend_share);
  set(Metric::colluder_stake_share, net.colluder_stake_share);
  set(Metric::block_reward, to_tokens(net.block_reward));
  set(Metric::miners_pruned_cum, net.pruned_cum);
  set(Metric::registrations_cum, net.registrations_cum);
}

}  // namespace ts::bittensor
