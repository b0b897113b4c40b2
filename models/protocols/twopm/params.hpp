#pragma once
// Immutable parameters of one 2PM.Network point (MODEL.md 2.8, seed 002
// "Monetization and Incentives > Distribution Algorithm"), built and checked
// once on the host (host/protocols/twopm_params.cpp), then copied to the
// device (DESIGN.md principle 2). Probabilities are u32 thresholds, shares of
// integer amounts are Fraction32, logarithms of the reference histogram are
// computed once on the host with ts::pmath::log (the device reads them).
//
// One step is one round of the subnet (seed: "computation rounds"); the
// round index x of the royalty schedule is the step index.
#include <cstdint>

#include "models/core/amount.hpp"

namespace ts::twopm {

inline constexpr int kMaxHardwareClasses = 8;
inline constexpr int kMaxTasks = 8;            // tasks per round
inline constexpr int kMaxBins = 16;            // K, bins of the data histograms
inline constexpr int kMaxUnbondingDays = 15;   // the nodes' daily unbonding ring (UnbondingQueue)

// A compute node's hardware (the seed names none: every field an assumption).
struct HardwareClass {
  double capex_usd;
  std::int64_t work_per_round;    // federated-learning work units a node delivers in a round online
  double opex_usd_per_round;      // running cost of an active node per round
  std::uint64_t cum_threshold;    // draw: first class with u32 < cum_threshold
};

// The royalty vault of one kind of contribution (seed: compute and data
// weighted 7:3): its budget, paid on the exponential schedule
// pool(x) = budget * lambda * exp(-lambda * x) (seed: f(x | lambda)).
struct VaultSchedule {
  Micro budget;
  double lambda;                  // per round
};

struct Params {
  // --- time: one step is one round
  std::int32_t dt_hours;          // round length (divides 24)
  std::int32_t n_steps;           // rounds
  std::int32_t snapshot_every;    // rounds
  std::int32_t steps_per_day;     // rounds per day

  // --- royalty tokens (seed 002): the vault's budget split 7:3
  Micro genesis;                  // royalty-token supply
  VaultSchedule compute;
  VaultSchedule data;

  // --- tasks of a round (seed: FHE tasks have one node per round; federated
  // learning tasks share by work); the mix is an assumption
  std::int32_t tasks_per_round;
  std::uint64_t fhe_threshold;    // P(a task is FHE) as u32 threshold

  // --- compute nodes
  std::int32_t max_nodes;         // node slots: [0, max_nodes)
  std::int32_t initial_nodes;
  Micro min_stake;                // eligible for tasks at or above it
  Micro max_stake;                // a node stakes uniformly in [min_stake, max_stake]
  std::int32_t unbonding_days;
  Fraction32 failed_round_slash;  // of bonded stake, when a committed node fails its round
  double p_up_alpha, p_up_beta;   // reliability per round ~ Beta(a, b)
  std::int32_t n_hardware;
  HardwareClass hardware[kMaxHardwareClasses];

  // --- data contributors: slots [max_nodes, max_nodes + honest + poison),
  // the poison ones last (so the honest population is the same path by path
  // whatever the number of poison contributors: common random numbers)
  std::int32_t honest_contributors;
  std::int32_t poison_contributors;
  std::uint64_t submit_threshold; // P(a contributor submits a batch in a round)
  std::int64_t samples_per_batch; // records in a batch, binned into K bins
  double dirichlet_alpha;         // honest local data ~ Dirichlet(alpha * Q)
  double junk_share;              // poison: share of a batch's records that are junk
  double contributor_sell_fraction;   // share of the wallet sold each day

  // --- data score (seed: D_KL(P || Q) on K bins)
  std::int32_t bins;              // K
  double reference[kMaxBins];     // Q, normalised
  double log_reference[kMaxBins]; // log Q'(k), Q' the smoothed reference (pmath::log, host)
  double smoothing;               // epsilon: P' = (1 - eps) P + eps / K, the same for Q
  std::int32_t junk_bin;          // argmin Q: where poison puts its junk (the largest score)
  std::int64_t score_cap;         // fixed point (kScoreOne = 1 nat); 0: no cap

  // --- market (royalty token / USD AMM)
  double p0;
  double amm_usd0;
  double amm_fee;
  double flow_mu_dt;
  double flow_sigma_sqrt_dt;
  double outside_float;             // outside traders' float, x the AMM's token reserve

  // --- node lifecycle (MODEL.md 1 "Agents")
  double exit_ema_alpha;
  std::int32_t patience_days;
  double lambda_entry;
  double entry_hurdle;
  double sell_fraction_lo, sell_fraction_hi;

  // --- risk-event thresholds (no treasury in the model: no treasury floor)
  double collapse_fraction;
  double crash_fraction;
};

TS_HD_INLINE std::int32_t contributor_count(const Params& p) {
  return p.honest_contributors + p.poison_contributors;
}

TS_HD_INLINE std::int32_t slot_count(const Params& p) { return p.max_nodes + contributor_count(p); }

}  // namespace ts::twopm
