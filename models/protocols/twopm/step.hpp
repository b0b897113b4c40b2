#pragma once
// One round of a 2PM.Network path (MODEL.md 1 "Time" and 2.8; seed 002
// "Distribution Algorithm"), split into phases so that both executors can run
// the participant phases in parallel across slots and the network phases once
// per path, with integer population sums in between:
//
//   N0 network_begin_step    exogenous market flow; the round's pools from
//                            the vaults' exponential schedules; the task mix
//   P1 round phase           nodes: entry, commitment, delivery, FHE lottery
//                            tickets, federated-learning work; contributors:
//                            batch and KL score
//   N1 network_assign_round  entrants' stake bought; FHE nodes drawn; totals
//                            of work and scores
//   P2 payout phase          FHE and federated-learning pools to nodes, the
//                            data pool by score, slashes of failed rounds
//   N2 network_settle_round  the vaults pay (remainders to dust), slashes burned
//   P3 settle phase          daily: trailing income, sales, stake top-ups, exits
//   N3 network_end_step      sales on the AMM, conservation, risk events, entry
//
// Royalty tokens move only by ledger transfers (micro-tokens); nothing is
// minted: the vaults hold their budgets from genesis.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/rng.hpp"
#include "models/core/variates.hpp"
#include "models/engine/path_context.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/day_calendar.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/risk_events.hpp"
#include "models/protocols/twopm/contributors.hpp"
#include "models/protocols/twopm/nodes.hpp"
#include "models/protocols/twopm/params.hpp"
#include "models/protocols/twopm/royalty_schedule.hpp"
#include "models/protocols/twopm/state.hpp"

namespace ts::twopm {

TS_HD_INLINE bool is_node_slot(const Params& p, std::int32_t slot) { return slot < p.max_nodes; }

// Everything held outside the participants' slots but inside the ledger.
TS_HD_INLINE Micro vaults_total(const Network& net) { return net.compute_vault + net.data_vault; }

// ---------------------------------------------------------------- genesis

// Genesis: the royalty-token supply to holders, of which the royalty budget
// goes to the two vaults (7:3, seed) and the AMM's seed to the pool; the
// initial nodes buy their stake from holders at p0; the contributors are
// placed with their data sources.
TS_HD_INLINE void init_path(const Params& p, const PathContext& ctx, Network& net, Participant* slots) {
  net = Network{};
  net.acc.holders = p.genesis;
  transfer_upto(net.acc.holders, net.compute_vault, p.compute.budget);
  transfer_upto(net.acc.holders, net.data_vault, p.data.budget);
  net.price = amm_open(net.amm, net.acc.amm_tokens, net.acc.holders, p.amm_usd0, p.p0, p.amm_fee);
  for (std::int32_t i = 0; i < p.max_nodes; ++i) slots[i] = Participant{};
  for (std::int32_t i = 0; i < p.initial_nodes; ++i) {
    const Micro stake = draw_node(p, ctx, 0, i, slots[i]);
    transfer_upto(net.acc.holders, slots[i].acc.bonded, stake);
  }
  for (std::int32_t i = p.max_nodes; i < slot_count(p); ++i) genesis_contributor(p, ctx, i, slots[i]);
  for (std::int32_t k = 0; k < kMaxTasks; ++k) net.fhe_winner[k] = -1;
  net.initial_nodes = p.initial_nodes;
  net.reward_scale = 1.0;
  for (int e = 0; e < kEventCount; ++e) net.event_first[e] = kNeverReached;
}

// ---------------------------------------------------------------- N0

TS_HD_INLINE void network_begin_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net) {
  // Exogenous traders: net USD flow amm_usd (mu dt + sigma sqrt(dt) Z) (MODEL.md 1).
  const RandomWords wm = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), kNetworkAgent, Stream::kMarket);
  amm_exogenous_flow(net.amm, net.acc.amm_tokens, net.acc.outside_market, p.flow_mu_dt, p.flow_sigma_sqrt_dt,
                     standard_normal(wm.w[0], wm.w[1]));
  net.price = amm_price(net.amm, net.acc.amm_tokens);

  // The round's pools: the schedules of round x = t, as far as the vaults go.
  net.compute_scheduled = scheduled_pool(p.compute, t);
  net.data_scheduled = scheduled_pool(p.data, t);
  net.compute_pool = pool_payable(net.compute_scheduled, net.compute_vault);
  net.data_pool = pool_payable(net.data_scheduled, net.data_vault);

  // The task mix: each task is FHE with probability fhe_share, else
  // federated learning (ASSUMPTION); the compute pool is shared equally by
  // the round's tasks (ASSUMPTION).
  net.n_fhe = 0;
  RandomWords wt{};
  for (std::int32_t k = 0; k < kMaxTasks; ++k) {
    if (k % 4 == 0)
      wt = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), kNetworkAgent, Stream::kJobs,
                      static_cast<std::uint32_t>(k / 4));
    const bool fhe = k < p.tasks_per_round && bernoulli(wt.w[k % 4], p.fhe_threshold);
    net.task_is_fhe[k] = fhe ? 1 : 0;
    net.n_fhe += fhe ? 1 : 0;
    net.fhe_winner[k] = -1;
  }
  net.task_pool = task_share(net.compute_pool, p.tasks_per_round);
  net.fl_pool = net.task_pool * (p.tasks_per_round - net.n_fhe);
}

// ---------------------------------------------------------------- P1

TS_HD_INLINE void participant_round_phase(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                          Participant& v, std::int32_t slot, RoundSums& sums) {
  v.committed = 0;
  v.online = 0;
  v.submitted = 0;
  v.work = 0;
  v.score = 0;
  v.raw_score = 0;
  v.paid_round = 0;
  if (is_node_slot(p, slot)) node_round_phase(p, ctx, t, net, v, slot, sums);
  else contributor_round_phase(p, ctx, t, v, slot, sums);
}

// ---------------------------------------------------------------- N1

TS_HD_INLINE void network_assign_round(const Params& p, Network& net, const RoundSums& s) {
  // Entrants buy their stake on the AMM (or the day's entry is called off).
  net.entry_cancelled = buy_entrants_tokens(net.amm, net.acc.amm_tokens, net.acc.clearing, s.entry_stake);
  for (std::int32_t k = 0; k < p.tasks_per_round; ++k) net.fhe_winner[k] = net.task_is_fhe[k] ? s.fhe[k].slot : -1;
  net.fl_work = s.fl_work;
  net.score_total = s.score_total;
  net.nodes_online = s.nodes_online;
  net.batches_honest = s.batches_honest;
  net.batches_poison = s.batches_poison;
  net.honest_capped = s.honest_capped;
  net.raw_score_honest = s.raw_score_honest;
  net.raw_score_poison = s.raw_score_poison;
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P2

TS_HD_INLINE void participant_payout_phase(const Params& p, const Network& net, Participant& v, std::int32_t slot,
                                           PayoutSums& sums) {
  if (is_node_slot(p, slot)) node_payout_phase(p, net, v, slot, sums);
  else contributor_payout_phase(net, v, sums);
}

// ---------------------------------------------------------------- N2

// The vaults pay what the participants received; the remainders of the
// splits (the equal split over tasks, the federated-learning split by work,
// the data split by score) go to dust. A pool nobody could earn (an FHE task
// whose node failed or that found no committed node, federated learning
// without work, a round without batches) stays in its vault.
TS_HD_INLINE void network_settle_round(const Params& p, Network& net, const PayoutSums& s) {
  const Micro compute_paid = s.fhe_paid + s.fl_paid;
  Micro compute_dust = net.compute_pool - net.task_pool * p.tasks_per_round;
  if (net.fl_work > 0) compute_dust += net.fl_pool - s.fl_paid;
  net.compute_vault -= compute_paid + compute_dust;
  net.acc.dust += compute_dust;

  const Micro data_paid = s.data_paid_honest + s.data_paid_poison;
  if (net.score_total > 0) {
    net.data_vault -= net.data_pool;
    net.acc.dust += net.data_pool - data_paid;
  }
  net.acc.burned += s.slashed;   // slashes burned (ASSUMPTION)
  net.slashed_cum += s.slashed;
  net.fhe_failed_cum += s.fhe_failed;

  net.compute_paid_round = compute_paid;
  net.data_paid_round = data_paid;
  net.poison_paid_round = s.data_paid_poison;
  net.honest_paid_round = s.data_paid_honest;
  net.compute_paid_cum += compute_paid;
  net.data_paid_cum += data_paid;
  net.poison_paid_cum += s.data_paid_poison;
  // Honest twins (attack_gain.hpp): a poison contributor playing honestly is
  // one more honest contributor, paid what an honest one was this round
  // (contributors are exchangeable: the same submit probability, a source of
  // the honest kind). Without honest contributors there is no twin to price:
  // the twin is paid nothing.
  if (p.poison_contributors > 0) {
    const double twin = p.honest_contributors > 0 ? to_tokens(s.data_paid_honest) *
                                                        static_cast<double>(p.poison_contributors) /
                                                        static_cast<double>(p.honest_contributors)
                                                  : 0.0;
    net.poison_excess_usd_cum += (to_tokens(s.data_paid_poison) - twin) * net.price;
  }
  net.honest_paid_cum += s.data_paid_honest;
  net.batches_honest_cum += net.batches_honest;
  net.batches_poison_cum += net.batches_poison;
  const Micro scheduled = net.compute_scheduled + net.data_scheduled;
  net.reward_scale = scheduled > 0 ? static_cast<double>(compute_paid + data_paid) / static_cast<double>(scheduled) : 0.0;
}

// ---------------------------------------------------------------- P3

TS_HD_INLINE void participant_settle_phase(const Params& p, std::int32_t t, Participant& v, std::int32_t slot,
                                           SettleSums& sums) {
  if (is_node_slot(p, slot)) node_settle_phase(p, t, v, sums);
  else contributor_settle_phase(p, t, v, sums);
}

// ---------------------------------------------------------------- N3

// Returns the number of nodes entering tomorrow (daily).
TS_HD_INLINE std::int32_t network_end_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net,
                                           const SettleSums& s) {
  if (s.sold > 0) {
    Micro selling = s.sold;
    amm_sell_tokens(net.amm, net.acc.amm_tokens, selling, s.sold);
  }
  net.price = amm_price(net.amm, net.acc.amm_tokens);

  // Conservation invariant, exact, every round (MODEL.md 1): nothing is
  // minted, so the accounts sum to the genesis supply.
  const Micro residual = ledger_residual(net.acc, s.participants_total + vaults_total(net), p.genesis, 0);
  check_conservation(net.event_first, net.residual_max_abs, residual, t);

  // Risk events: first time reached. attack_profitable: the poison
  // contributors were paid more than their honest twins (junk costs nothing,
  // ASSUMPTION). cap_breach: a vault paid more than its budget (must never
  // happen). No treasury in the model.
  AttackSums attack;
  attack.gain_live = to_micro_signed(net.poison_excess_usd_cum);
  attack.attackers = p.poison_contributors;
  attack.in_profit = s.poison_in_profit;
  record_event(net.event_first, Event::provider_collapse, t,
               static_cast<double>(s.active) < p.collapse_fraction * static_cast<double>(net.initial_nodes));
  record_event(net.event_first, Event::price_crash, t, net.price < p.crash_fraction * p.p0);
  record_event(net.event_first, Event::attack_profitable, t, close_attack_step(net.attack, attack));
  record_event(net.event_first, Event::cap_breach, t, net.compute_vault < 0 || net.data_vault < 0);

  // Entry, daily: Poisson(lambda_entry * clamp((R - hurdle) / hurdle, 0, 3)).
  if (!is_day_end(p, t)) return 0;
  return draw_daily_entrants(ctx.key, ctx.path, t, p.lambda_entry, s.income_ema_sum, s.capex_sum, p.entry_hurdle);
}

}  // namespace ts::twopm
