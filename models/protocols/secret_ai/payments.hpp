#pragma once
// Secret AI's payment rules (MODEL.md 2.5, seed 000 "Economics"), as small
// integer evaluators that the step and the tests share:
// - work W_i = input_tokens + 4 * output_tokens;
// - at an epoch's end a service's user payments, less the protocol fee, are
//   split among its workers in proportion to W_i;
// - protocol rewards (the subsidy) are split in proportion to uptime;
// - the protocol fee goes to SCRT stakers in proportion to stake.
// Every split rounds each share down (the remainder never exceeds the pool)
// and the fee rounds up, so workers are never paid more than the rule's exact
// share and nothing is created by rounding.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/protocols/secret_ai/params.hpp"

namespace ts::secret_ai {

// W = input + 4 * output (seed 000). Test: A (1,000 in, 500 out) -> 3,000;
// B (2,000 in, 0 out) -> 2,000.
TS_HD_INLINE std::int64_t work_weight(std::int64_t input_tokens, std::int64_t output_tokens) {
  return input_tokens + kOutputTokenWeight * output_tokens;
}

// Input and output tokens of `work` units of W served at a service whose
// output tokens make `output_w_share` of W: output = floor(work * share / 4),
// input = the rest, so that work_weight(input, output) == work exactly.
struct TokenSplit {
  std::int64_t input;
  std::int64_t output;
};
TS_HD_INLINE TokenSplit split_work(std::int64_t work, Fraction32 output_w_share) {
  const std::int64_t output = apply_fraction(work, output_w_share) / kOutputTokenWeight;
  return TokenSplit{work - kOutputTokenWeight * output, output};
}

// A worker's share of a service's epoch payments: floor(pool * W_i / W).
// Test: a $500 epoch with W_A = 3,000 and W_B = 2,000 pays $300 and $200.
TS_HD_INLINE MicroUsd work_payout(MicroUsd pool, std::int64_t work_i, std::int64_t work_total) {
  if (pool <= 0 || work_i <= 0 || work_total <= 0) return 0;
  return mul_div_floor(pool, work_i, work_total);
}

// The protocol fee on a pool: ceil(pool * fee), so the workers' part is at
// most (1 - fee) * pool.
TS_HD_INLINE MicroUsd protocol_fee_of(MicroUsd pool, Fraction32 fee) {
  if (pool <= 0 || fee == 0) return 0;
  const unsigned __int128 p = static_cast<unsigned __int128>(pool) * fee;
  return static_cast<MicroUsd>((p + (kFractionOne - 1)) >> 32);
}

// A worker's share of the epoch's protocol rewards: floor(budget * u_i / U),
// u the identity-steps online with the minimum stake (seed 000: "distributed
// between Workers proportional to their uptime").
TS_HD_INLINE Micro uptime_reward(Micro budget, std::int64_t uptime_i, std::int64_t uptime_total) {
  if (budget <= 0 || uptime_i <= 0 || uptime_total <= 0) return 0;
  return mul_div_floor(budget, uptime_i, uptime_total);
}

// Identities of a worker that count for uptime in a step: those online, but
// never more than its stake covers at the minimum stake per identity. This is
// what bounds a sybil: k identities earn k shares only with k minimum stakes.
TS_HD_INLINE std::int64_t staked_identities(std::int64_t online_identities, Micro bonded, Micro min_stake) {
  if (online_identities <= 0 || bonded <= 0) return 0;
  if (min_stake <= 0) return online_identities;
  const std::int64_t covered = bonded / min_stake;
  return online_identities < covered ? online_identities : covered;
}

// What one service's epoch looked like, for the self-dealing account below.
struct ServiceEpoch {
  MicroUsd pool;          // user payments of the epoch (fake jobs included)
  std::int64_t work;      // W of all its workers (fake jobs included)
};

// A self-dealer's profit from its fake jobs in one epoch, against the same
// epoch without them (MODEL.md 1 "Attackers", 2.5): what it was paid, less
// what it would have been paid for its real work alone, less what it paid
// for the fake jobs, plus the part of the extra protocol fee that came back
// to it as a staker (its stake share of all services' fees, `fee_total`,
// with and without its fake payments).
//
// With pay-as-you-go users only, every unit of W in the pool was paid at the
// service price c, so pool = c W and
//   gain = (1 - fee) c W_fake - c W_fake + (stake share) fee c W_fake
//        = -fee c W_fake (1 - stake share) <= 0,
// i.e. never profitable; it is exactly 0 at fee 0 (integer arithmetic: both
// payouts are then exact multiples of c). The roundings (fee up, shares down)
// can add at most 4 micro-USD an epoch, far below fee c W_fake (1 - stake
// share) for any fee >= 0.1% once the epoch has 20,000 fake weighted tokens
// at $0.20 per million (a GPU serves millions an hour). Flat subscriptions break
// the premise pool = c W when usage falls below what subscribers pay for:
// the pool per unit of W then exceeds c and the fake jobs capture part of it.
TS_HD_INLINE MicroUsd self_dealing_gain(const ServiceEpoch& with_fake, Fraction32 fee, std::int64_t own_work,
                                        std::int64_t fake_work, MicroUsd fake_paid, MicroUsd fee_total,
                                        Micro stake, Micro stake_total) {
  const MicroUsd fee_with = with_fake.work > 0 ? protocol_fee_of(with_fake.pool, fee) : 0;
  const MicroUsd paid_with = work_payout(with_fake.pool - fee_with, own_work, with_fake.work);
  const MicroUsd pool_without = with_fake.pool - fake_paid;
  const std::int64_t work_without = with_fake.work - fake_work;
  const MicroUsd fee_without = work_without > 0 ? protocol_fee_of(pool_without, fee) : 0;
  const MicroUsd paid_without = work_payout(pool_without - fee_without, own_work - fake_work, work_without);
  MicroUsd rebate = 0;
  if (stake > 0 && stake_total > 0) {
    const MicroUsd fee_total_without = fee_total - (fee_with - fee_without);
    rebate = work_payout(fee_total, stake, stake_total) - work_payout(fee_total_without, stake, stake_total);
  }
  return paid_with - paid_without - fake_paid + rebate;
}

}  // namespace ts::secret_ai
