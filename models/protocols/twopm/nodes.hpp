#pragma once
// Compute nodes' part of a round (MODEL.md 2.8; seed 002 "Computing Power
// Contribution" and "Node Staking and Slash Mechanism"):
// - a node is committed to the round's tasks when its stake is at least
//   min_stake; it delivers the round with its reliability p_up;
// - FHE task: "only a single node participates per round" and "receives the
//   full share of computational rewards": the node is drawn by a
//   stake-weighted lottery among committed nodes (ASSUMPTION: the seed does
//   not say how it is chosen; proof-of-stake leader election is the usual
//   rule), before it is known whether it will deliver;
// - federated-learning task: the pool is shared by work among the committed
//   nodes that delivered (seed: "shares it by work", MODEL.md);
// - a committed node that fails its round is slashed `failed_round` of its
//   bonded stake (ASSUMPTION), and an FHE task whose node failed pays nobody:
//   its pool stays in the vault;
// - daily: trailing income, sales, stake top-up, exit (MODEL.md 1 "Agents").
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/rng.hpp"
#include "models/core/saturating_cast.hpp"
#include "models/core/variates.hpp"
#include "models/engine/path_context.hpp"
#include "models/mechanisms/day_calendar.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/weighted_lottery.hpp"
#include "models/protocols/twopm/params.hpp"
#include "models/protocols/twopm/state.hpp"
#include "models/protocols/twopm/wallet.hpp"

namespace ts::twopm {

// Traits of a node entering slot `slot` in round t: hardware class,
// reliability ~ Beta, a stake uniform in [min_stake, max_stake] (ASSUMPTION),
// a daily sell fraction. Returns the stake it buys.
TS_HD_INLINE Micro draw_node(const Params& p, const PathContext& ctx, std::int32_t t, std::int32_t slot,
                             Participant& v) {
  const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                   static_cast<std::uint32_t>(slot), Stream::kProviderTraits);
  std::int32_t hw = 0;
  while (hw + 1 < p.n_hardware && static_cast<std::uint64_t>(w.w[0]) >= p.hardware[hw].cum_threshold) ++hw;
  Participant fresh{};
  fresh.status = Status::active;
  fresh.kind = Kind::node;
  fresh.hardware = static_cast<std::uint8_t>(hw);
  fresh.p_up = beta_variate(p.p_up_alpha, p.p_up_beta, ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                            static_cast<std::uint32_t>(slot));
  fresh.sell_fraction = p.sell_fraction_lo + (p.sell_fraction_hi - p.sell_fraction_lo) * uniform_open32(w.w[1]);
  fresh.capex_usd = p.hardware[hw].capex_usd;
  const double spread = static_cast<double>(p.max_stake - p.min_stake) * uniform_open32(w.w[2]);
  fresh.target_stake = p.min_stake + trunc_to<Micro>(spread);
  fresh.joined_step = t;
  v = fresh;
  return v.target_stake;
}

// Leave: the whole bonded stake enters the unbonding queue.
TS_HD_INLINE void begin_exit(const Params& p, std::int32_t t, Participant& v) {
  v.unbonding.enqueue(v.acc.bonded, day_of(p, t), p.unbonding_days);
  transfer_upto(v.acc.bonded, v.acc.unbonding_own, v.acc.bonded);
  v.status = Status::exiting;
}

// Phase 1 for a node: entry, unbonding releases, commitment, delivery, the
// FHE lotteries and federated-learning work.
TS_HD_INLINE void node_round_phase(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                   Participant& v, std::int32_t slot, RoundSums& sums) {
  if (v.status == Status::vacant) return;
  if (v.status == Status::entering) {
    // Stake credited provisionally; N1 buys it on the AMM (or calls the
    // day's entry off) and phase 2 activates the slot.
    credit_entrant_stake(v, draw_node(p, ctx, t, slot, v), sums.entry_stake);
    return;
  }
  if (is_day_start(p, t) && v.unbonding.total > 0)
    transfer_upto(v.acc.unbonding_own, v.acc.liquid, v.unbonding.release(day_of(p, t)));
  if (v.status != Status::active || v.acc.bonded < p.min_stake) return;

  v.committed = 1;
  const RandomWords up = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                    static_cast<std::uint32_t>(slot), Stream::kUptime);
  v.online = uniform_open32(up.w[0]) < v.p_up;
  // One ticket per FHE task, weighted by the bonded stake (in tokens).
  const double weight = to_tokens(v.acc.bonded);
  for (std::int32_t k = 0; k < p.tasks_per_round; ++k) {
    if (!net.task_is_fhe[k]) continue;
    const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                     static_cast<std::uint32_t>(slot), Stream::kJobs,
                                     static_cast<std::uint32_t>(k / 2));
    const double u = k % 2 == 0 ? uniform_open53(w.w[0], w.w[1]) : uniform_open53(w.w[2], w.w[3]);
    sums.fhe[k].enter(lottery_key(weight, u), slot);
  }
  if (v.online) {
    v.work = p.hardware[v.hardware].work_per_round;
    sums.fl_work += v.work;
    sums.nodes_online += 1;
  }
}

// Slash `fraction` of the bonded stake (burned, ASSUMPTION); returns it.
TS_HD_INLINE Micro slash_bonded(Participant& v, Fraction32 fraction, PayoutSums& sums) {
  Micro slashed = 0;
  transfer_upto(v.acc.bonded, slashed, apply_fraction(v.acc.bonded, fraction));
  sums.slashed += slashed;
  return slashed;
}

// Phase 2 for a node: activation of entrants, FHE and federated-learning
// payouts, the slash of a failed round, running cost.
TS_HD_INLINE void node_payout_phase(const Params& p, const Network& net, Participant& v, std::int32_t slot,
                                    PayoutSums& sums) {
  if (v.status == Status::entering) {
    if (net.entry_cancelled) v = Participant{};
    else v.status = Status::active;
    return;
  }
  if (v.status != Status::active) return;
  if (v.committed) {
    Micro fhe = 0;
    for (std::int32_t k = 0; k < p.tasks_per_round; ++k) {
      if (!net.task_is_fhe[k] || net.fhe_winner[k] != slot) continue;
      if (v.online) fhe += net.task_pool;
      else sums.fhe_failed += 1;
    }
    const Micro fl = v.online && net.fl_work > 0 ? mul_div_floor(net.fl_pool, v.work, net.fl_work) : 0;
    sums.fhe_paid += fhe;
    sums.fl_paid += fl;
    receive_royalty(v, fhe + fl, net.price);
    if (!v.online) slash_bonded(v, p.failed_round_slash, sums);
  }
  // Running cost of an active node, whether it delivered or not (ASSUMPTION).
  v.income.today_usd -= p.hardware[v.hardware].opex_usd_per_round;
}

// Phase 3 for a node, at the day's end: trailing income, sales, stake
// top-up, exit after patience_days under water (MODEL.md 1); a node out of
// the unbonding queue sells what it holds and leaves its slot.
TS_HD_INLINE void node_settle_phase(const Params& p, std::int32_t t, Participant& v, SettleSums& sums) {
  if (v.status == Status::vacant) return;
  if (is_day_end(p, t)) {
    if (v.status == Status::active) {
      const bool under_water = close_day(v.income, p.exit_ema_alpha, p.patience_days);
      transfer_upto(v.acc.liquid, sums.sold, to_micro_floor(v.sell_fraction * to_tokens(v.acc.liquid)));
      if (v.acc.bonded < v.target_stake) transfer_upto(v.acc.liquid, v.acc.bonded, v.target_stake - v.acc.bonded);
      if (under_water) begin_exit(p, t, v);
    } else if (v.status == Status::exiting && v.unbonding.total == 0) {
      transfer_upto(v.acc.liquid, sums.sold, v.acc.liquid);
      if (v.acc.total() == 0) {
        v = Participant{};
        return;
      }
    }
  }
  if (v.status == Status::active) {
    sums.active += 1;
    sums.income_ema_sum += to_micro_signed(v.income.ema_usd_per_day);
    sums.capex_sum += to_micro_floor(v.capex_usd);
  }
  sums.participants_total += v.acc.total();
}

}  // namespace ts::twopm
