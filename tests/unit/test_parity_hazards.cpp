// Tests of the three helpers that remove the places where the CPU and the
// GPU would part ways (issue 9, "parity hazards"): order-free max/min of
// doubles (models/core/ordered_extrema.hpp), double-to-integer conversion
// defined for NaN and out-of-range values (models/core/saturating_cast.hpp),
// and integer division defined for a zero divisor and MIN / -1
// (models/core/quotient.hpp); then the model code that uses them.
//
// The expected values are the GPU's (PTX cvt.rzi saturates and maps NaN to
// 0) and the order-free reductions are checked over every permutation and
// in the two reduction orders the executors use (a sequential loop on the
// CPU, CUB's warp tree on the GPU).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "models/core/amount.hpp"
#include "models/core/ordered_extrema.hpp"
#include "models/core/portable_math.hpp"
#include "models/core/quotient.hpp"
#include "models/core/saturating_cast.hpp"
#include "models/mechanisms/day_calendar.hpp"
#include "models/mechanisms/weighted_lottery.hpp"
#include "models/protocols/hanzo/state.hpp"
#include "models/protocols/ionet/state.hpp"
#include "models/protocols/phala/rules.hpp"

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTwo63 = 9223372036854775808.0;
constexpr double kTwo64 = 18446744073709551616.0;

std::uint64_t bits(double x) { return ts::pmath::bits_of(x); }
double nan_with_payload(std::uint64_t payload) { return ts::pmath::double_of(0x7ff8000000000000ULL | payload); }
double negative_nan() { return ts::pmath::double_of(0xfff8000000000000ULL); }
constexpr std::uint64_t kCanonicalNaN = 0x7ff8000000000000ULL;

// ------------------------------------------------------------ trunc_to

TEST(TruncTo, OrdinaryValuesTruncateTowardZero) {
  EXPECT_EQ(ts::trunc_to<std::int64_t>(1.9), 1);
  EXPECT_EQ(ts::trunc_to<std::int64_t>(-1.9), -1);
  EXPECT_EQ(ts::trunc_to<std::int64_t>(-0.0), 0);
  EXPECT_EQ(ts::trunc_to<std::int32_t>(-2147483648.0), INT32_MIN);
  EXPECT_EQ(ts::trunc_to<std::int32_t>(2147483647.9), INT32_MAX);
  EXPECT_EQ(ts::trunc_to<std::uint16_t>(65535.4), 65535);
  EXPECT_EQ(ts::trunc_to<std::uint32_t>(4294967295.5), 4294967295u);
  // The largest double below 2^63 is exact in int64.
  EXPECT_EQ(ts::trunc_to<std::int64_t>(9223372036854774784.0), INT64_C(9223372036854774784));
  EXPECT_EQ(ts::trunc_to<std::int64_t>(-kTwo63), INT64_MIN);
  EXPECT_EQ(ts::trunc_to<std::uint64_t>(18446744073709549568.0), UINT64_C(18446744073709549568));
}

TEST(TruncTo, NaNGivesZeroForEveryType) {
  const double nans[] = {std::numeric_limits<double>::quiet_NaN(), nan_with_payload(0x1234), negative_nan()};
  for (double x : nans) {
    EXPECT_EQ(ts::trunc_to<std::int64_t>(x), 0);
    EXPECT_EQ(ts::trunc_to<std::int32_t>(x), 0);
    EXPECT_EQ(ts::trunc_to<std::uint64_t>(x), 0u);
    EXPECT_EQ(ts::trunc_to<std::uint16_t>(x), 0u);
  }
}

TEST(TruncTo, OutOfRangeSaturatesLikeTheGpuNotLikeX86) {
  // x86's cvttsd2si gives INT64_MIN for all of these; the GPU saturates.
  EXPECT_EQ(ts::trunc_to<std::int64_t>(kTwo63), INT64_MAX);
  EXPECT_EQ(ts::trunc_to<std::int64_t>(1e300), INT64_MAX);
  EXPECT_EQ(ts::trunc_to<std::int64_t>(kInf), INT64_MAX);
  EXPECT_EQ(ts::trunc_to<std::int64_t>(-1e300), INT64_MIN);
  EXPECT_EQ(ts::trunc_to<std::int64_t>(-kInf), INT64_MIN);
  EXPECT_EQ(ts::trunc_to<std::int32_t>(2147483648.0), INT32_MAX);
  EXPECT_EQ(ts::trunc_to<std::int32_t>(-2147483649.0), INT32_MIN);
  EXPECT_EQ(ts::trunc_to<std::uint64_t>(kTwo64), UINT64_MAX);
  EXPECT_EQ(ts::trunc_to<std::uint64_t>(-5.0), 0u);
  EXPECT_EQ(ts::trunc_to<std::uint64_t>(-kInf), 0u);
  EXPECT_EQ(ts::trunc_to<std::uint16_t>(65536.0), 65535u);
  EXPECT_EQ(ts::trunc_to<std::uint16_t>(-0.5), 0u);
  EXPECT_EQ(ts::trunc_to<std::int16_t>(40000.0), 32767);
  EXPECT_EQ(ts::trunc_to<std::int16_t>(-40000.0), -32768);
}

// Phala's worker weights (rules.hpp): a runaway performance term or value
// used to become INT64_MIN on the CPU (a negative weight in the lottery) and
// INT64_MAX on the GPU.
TEST(TruncTo, PhalaWeightsOfRunawayInputsSaturateInsteadOfTurningNegative) {
  EXPECT_EQ(ts::phala::share_weight(0, 1e300), INT64_MAX);
  EXPECT_EQ(ts::phala::share_weight(0, kInf), INT64_MAX);
  EXPECT_EQ(ts::phala::share_weight(0, std::numeric_limits<double>::quiet_NaN()), 0);
  EXPECT_GT(ts::phala::share_weight(INT64_MAX, 0.0), 0);
  EXPECT_GT(ts::phala::sqrt_stake_weight(INT64_MAX), 0);
  EXPECT_EQ(ts::phala::share_weight(ts::kMicroPerToken * 3, 4.0), 5 * 1000);  // sqrt(3^2 + 4^2) in 1/1000
}

// ------------------------------------------------------------ quotient_or

TEST(QuotientOr, OrdinaryDivisionTruncatesTowardZeroAsInCpp) {
  EXPECT_EQ(ts::quotient_or(7, 2, -99), 3);
  EXPECT_EQ(ts::quotient_or(-7, 2, -99), -3);
  EXPECT_EQ(ts::quotient_or(7, -2, -99), -3);
  EXPECT_EQ(ts::remainder_or(-7, 2, -99), -1);
  EXPECT_EQ(ts::remainder_or(7, -2, -99), 1);
  EXPECT_EQ(ts::remainder_or(24, 24, -99), 0);
}

TEST(QuotientOr, ZeroDivisorGivesTheStatedValueInsteadOfATrap) {
  EXPECT_EQ(ts::quotient_or(7, 0, -99), -99);
  EXPECT_EQ(ts::quotient_or(INT64_C(0), INT64_C(0), INT64_C(5)), 5);
  EXPECT_EQ(ts::remainder_or(7, 0, -99), -99);
  EXPECT_EQ(ts::quotient_or(7u, 0u, 3u), 3u);
}

TEST(QuotientOr, MinOverMinusOneSaturatesInsteadOfOverflowing) {
  EXPECT_EQ(ts::quotient_or(INT64_MIN, INT64_C(-1), INT64_C(0)), INT64_MAX);
  EXPECT_EQ(ts::remainder_or(INT64_MIN, INT64_C(-1), INT64_C(7)), 0);
  EXPECT_EQ(ts::quotient_or(INT32_MIN, -1, 0), INT32_MAX);
  EXPECT_EQ(ts::remainder_or(INT32_MIN, -1, 7), 0);
  EXPECT_EQ(ts::quotient_or(INT64_MIN, INT64_C(1), INT64_C(0)), INT64_MIN);
  EXPECT_EQ(ts::quotient_or(INT64_MIN + 1, INT64_C(-1), INT64_C(0)), INT64_MAX);
}

TEST(QuotientOr, MixedOperandsTakeTheirCommonTypeAndTheFallbackIsNotDeduced) {
  // A Micro over an int32 divisor stays 64-bit although the fallback is a plain 0.
  const std::int64_t big = INT64_C(1) << 40;
  const auto q = ts::quotient_or(big, std::int32_t{2}, 0);
  static_assert(std::is_same<decltype(q), const std::int64_t>::value, "common type of int64 and int32");
  EXPECT_EQ(q, INT64_C(1) << 39);
}

struct CalendarParams {
  std::int32_t steps_per_day;
  std::int32_t dt_hours;
};

TEST(DayCalendar, StepsOfADayAndAZeroStepsPerDayThatDoesNotTrap) {
  const CalendarParams hourly{24, 1};
  EXPECT_TRUE(ts::is_day_start(hourly, 0));
  EXPECT_FALSE(ts::is_day_start(hourly, 1));
  EXPECT_TRUE(ts::is_day_end(hourly, 23));
  EXPECT_FALSE(ts::is_day_end(hourly, 24));
  EXPECT_EQ(ts::day_of(hourly, 47), 1);
  EXPECT_EQ(ts::day_of(hourly, 48), 2);
  EXPECT_EQ(ts::hour_of_step(CalendarParams{6, 4}, 5), 20);
  const CalendarParams broken{0, 1};  // rejected by the host; here it must not kill the run
  EXPECT_TRUE(ts::is_day_start(broken, 5));
  EXPECT_TRUE(ts::is_day_end(broken, 5));
  EXPECT_EQ(ts::day_of(broken, 5), 5);
}

TEST(MulDivFloor, ZeroTotalGivesNothingInsteadOfATrap) {
  EXPECT_EQ(ts::mul_div_floor(5, 7, 0), 0);
  EXPECT_EQ(ts::mul_div_floor(5, 7, 2), 17);
}

// ------------------------------------------------------------ ordered extrema

TEST(OrderedExtrema, SignedZerosAreOrderedMinusBeforePlus) {
  EXPECT_EQ(bits(ts::ordered_max(-0.0, 0.0)), bits(0.0));
  EXPECT_EQ(bits(ts::ordered_max(0.0, -0.0)), bits(0.0));
  EXPECT_EQ(bits(ts::ordered_min(-0.0, 0.0)), bits(-0.0));
  EXPECT_EQ(bits(ts::ordered_min(0.0, -0.0)), bits(-0.0));
  EXPECT_TRUE(ts::ordered_less(-0.0, 0.0));
  EXPECT_FALSE(ts::ordered_less(0.0, -0.0));
}

TEST(OrderedExtrema, NaNPropagatesAsTheCanonicalNaN) {
  const double nans[] = {nan_with_payload(1), nan_with_payload(0x5555), negative_nan()};
  for (double n : nans) {
    EXPECT_EQ(bits(ts::ordered_max(n, 1.0)), kCanonicalNaN);
    EXPECT_EQ(bits(ts::ordered_max(1.0, n)), kCanonicalNaN);
    EXPECT_EQ(bits(ts::ordered_min(n, -kInf)), kCanonicalNaN);
    EXPECT_EQ(bits(ts::ordered_min(-kInf, n)), kCanonicalNaN);
    EXPECT_TRUE(ts::ordered_less(kInf, n));
    EXPECT_FALSE(ts::ordered_less(n, kInf));
    EXPECT_FALSE(ts::ordered_less(n, nan_with_payload(7)));  // all NaNs rank alike
  }
}

TEST(OrderedExtrema, OrdinaryValuesKeepTheirOrder) {
  const double v[] = {-kInf, -1e300, -1.0, -5e-324, -0.0, 0.0, 5e-324, 1.0, 1e300, kInf};
  for (std::size_t i = 0; i < std::size(v); ++i)
    for (std::size_t j = 0; j < std::size(v); ++j) {
      EXPECT_EQ(ts::ordered_less(v[i], v[j]), i < j) << v[i] << " " << v[j];
      EXPECT_EQ(bits(ts::ordered_max(v[i], v[j])), bits(v[std::max(i, j)]));
      EXPECT_EQ(bits(ts::ordered_min(v[i], v[j])), bits(v[std::min(i, j)]));
    }
}

// What a plain `if (o > x) x = o` gets wrong, and ordered_max does not: the
// result of every permutation of a set with both zeros (and of one with NaNs
// of different payloads) has one bit pattern.
TEST(OrderedExtrema, EveryPermutationGivesTheSameBits) {
  std::vector<std::vector<double>> sets = {
      {-0.0, 0.0, -1.0, -0.0},
      {0.0, -0.0, -kInf},
      {nan_with_payload(3), -0.0, 2.0, negative_nan(), 0.0},
  };
  for (auto values : sets) {
    std::sort(values.begin(), values.end(), [](double a, double b) { return bits(a) < bits(b); });
    std::uint64_t max_bits = 0, min_bits = 0;
    bool first = true, naive_varies = false;
    std::uint64_t naive_first = 0;
    do {
      double mx = -kInf, mn = kInf, naive = -kInf;
      for (double x : values) {
        mx = ts::ordered_max(mx, x);
        mn = ts::ordered_min(mn, x);
        if (x > naive) naive = x;
      }
      if (first) {
        max_bits = bits(mx);
        min_bits = bits(mn);
        naive_first = bits(naive);
        first = false;
      }
      EXPECT_EQ(bits(mx), max_bits);
      EXPECT_EQ(bits(mn), min_bits);
      naive_varies = naive_varies || bits(naive) != naive_first;
    } while (std::next_permutation(values.begin(), values.end(),
                                   [](double a, double b) { return bits(a) < bits(b); }));
    if (values.size() < 5) {
      EXPECT_TRUE(naive_varies) << "the set should show the hazard";
    }
  }
}

// The two reduction orders of the executors: slot by slot (CPU) and CUB's
// warp tree (pairs at distance 1, 2, 4, ...; GPU) over IO.net's and Hanzo's
// settlement sums. The attack's figures are summed in micro-USD, so every
// order gives the same sums, and the event decided from them (whether the
// attack as a whole pays) cannot depend on the backend.
template <class Sums>
void expect_sequential_and_tree_reductions_agree() {
  std::vector<Sums> slots(64);
  for (std::size_t i = 0; i < slots.size(); ++i) {
    ts::count_live_attacker(slots[i].attack, static_cast<ts::MicroUsd>(i % 3 == 0 ? -7 : 5) * 1000003, i % 2 == 0,
                            i % 5 == 0 ? 1.0 : -1.0);
    slots[i].reward_paid = static_cast<ts::Micro>(i);
  }
  Sums sequential;
  for (const Sums& s : slots) sequential.add(s);
  std::vector<Sums> tree = slots;
  for (std::size_t stride = 1; stride < tree.size(); stride *= 2)
    for (std::size_t i = 0; i + stride < tree.size(); i += 2 * stride) tree[i].add(tree[i + stride]);
  Sums reversed;
  for (auto it = slots.rbegin(); it != slots.rend(); ++it) reversed.add(*it);
  for (const Sums* s : {&tree[0], &reversed}) {
    EXPECT_EQ(s->attack.gain_live, sequential.attack.gain_live);
    EXPECT_EQ(s->attack.attackers, sequential.attack.attackers);
    EXPECT_EQ(s->attack.in_profit, sequential.attack.in_profit);
    EXPECT_EQ(s->reward_paid, sequential.reward_paid);
  }
  // 22 slots of -7 and 42 of +5 (x 1000003); 32 active, 7 of them in profit.
  EXPECT_EQ(sequential.attack.gain_live, (42 * 5 - 22 * 7) * 1000003LL);
  EXPECT_EQ(sequential.attack.attackers, 32);
  EXPECT_EQ(sequential.attack.in_profit, 7);
}

TEST(AttackSums, IonetSettlementSumsAreTheSameInEveryReductionOrder) {
  expect_sequential_and_tree_reductions_agree<ts::ionet::SettleSums>();
}

TEST(AttackSums, HanzoSettlementSumsAreTheSameInEveryReductionOrder) {
  expect_sequential_and_tree_reductions_agree<ts::hanzo::SettleSums>();
}

// The contract lottery's best ticket: a NaN key (weight 0 and u = 1 gives
// -log(1)/0 = NaN) used to win or lose depending on where it stood.
TEST(OrderedExtrema, LotteryWinnerDoesNotDependOnEntryOrderEvenWithNaNOrZeroKeys) {
  std::vector<ts::LotteryTicket> tickets = {
      {0.5, 3}, {std::numeric_limits<double>::quiet_NaN(), 1}, {0.0, 7}, {-0.0, 9}, {0.5, 2}};
  std::vector<int> order(tickets.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  int winner = -2;
  do {
    ts::LotteryTicket best;
    for (int i : order) best.add(tickets[i]);
    if (winner == -2) winner = best.slot;
    EXPECT_EQ(best.slot, winner);
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(winner, 9);  // -0.0 ranks below +0.0
}

}  // namespace
