#pragma once
// Data contributors' part of a round (MODEL.md 2.8; seed 002 "Data
// Contribution"): each round a contributor submits a batch with probability
// submit_prob (ASSUMPTION, the same for honest and poison contributors), its
// batch is scored by D_KL(P || Q) on the K bins (data_score.hpp), and the
// round's data pool is split in proportion to the (capped) scores. They hold
// no stake; each day they sell a share of their royalty tokens.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/rng.hpp"
#include "models/engine/path_context.hpp"
#include "models/mechanisms/day_calendar.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/protocols/twopm/data_batch.hpp"
#include "models/protocols/twopm/data_score.hpp"
#include "models/protocols/twopm/params.hpp"
#include "models/protocols/twopm/state.hpp"
#include "models/protocols/twopm/wallet.hpp"

namespace ts::twopm {

// The contributor of slot `slot` (>= max_nodes) at genesis: honest ones
// first, then poison; each with its data source.
TS_HD_INLINE void genesis_contributor(const Params& p, const PathContext& ctx, std::int32_t slot, Participant& v) {
  v = Participant{};
  v.status = Status::active;
  v.kind = slot - p.max_nodes < p.honest_contributors ? Kind::honest : Kind::poison;
  v.sell_fraction = p.contributor_sell_fraction;
  if (v.kind == Kind::honest) honest_source(p, ctx, slot, v.cond);
  else poison_source(p, v.cond);
}

// Phase 1: submit a batch (or not) and score it.
TS_HD_INLINE void contributor_round_phase(const Params& p, const PathContext& ctx, std::int32_t t, Participant& v,
                                          std::int32_t slot, RoundSums& sums) {
  const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                   static_cast<std::uint32_t>(slot), Stream::kScores, 0u);
  if (!bernoulli(w.w[0], p.submit_threshold)) return;
  std::int64_t counts[kMaxBins];
  draw_batch(p, ctx, t, slot, v.cond, counts);
  const double kl = kl_divergence(counts, p.samples_per_batch, p.log_reference, p.bins, p.smoothing);
  v.submitted = 1;
  v.raw_score = quantise_score(kl);
  v.score = capped_score(v.raw_score, p.score_cap);
  sums.score_total += v.score;
  if (v.kind == Kind::poison) {
    sums.batches_poison += 1;
    sums.raw_score_poison += v.raw_score;
  } else {
    sums.batches_honest += 1;
    sums.raw_score_honest += v.raw_score;
    if (v.score < v.raw_score) sums.honest_capped += 1;
  }
}

// Phase 2: the contributor's share of the round's data pool.
TS_HD_INLINE void contributor_payout_phase(const Network& net, Participant& v, PayoutSums& sums) {
  if (!v.submitted) return;
  const Micro paid = data_payout(net.data_pool, v.score, net.score_total);
  (v.kind == Kind::poison ? sums.data_paid_poison : sums.data_paid_honest) += paid;
  receive_royalty(v, paid, net.price);
}

// Phase 3, at the day's end: trailing income received, sales.
TS_HD_INLINE void contributor_settle_phase(const Params& p, std::int32_t t, Participant& v, SettleSums& sums) {
  if (is_day_end(p, t)) {
    close_day(v.income, p.exit_ema_alpha, p.patience_days);   // no exit: the population is fixed (ASSUMPTION)
    transfer_upto(v.acc.liquid, sums.sold, to_micro_floor(v.sell_fraction * to_tokens(v.acc.liquid)));
  }
  sums.participants_total += v.acc.total();
  if (v.kind == Kind::poison && v.received_usd_cum > 0.0) sums.poison_in_profit += 1;
}

}  // namespace ts::twopm
