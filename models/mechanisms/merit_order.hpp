#pragma once
// A pay-as-bid merit-order market over integer capacity (MODEL.md 2.7
// "cheaper offers rent first"; the reverse auctions of 2.2 have the same
// shape). Sellers' asks fall into price buckets of a fixed grid; the network
// sums the capacity of each bucket over sellers (integers, so the order of
// the sum cannot matter, DESIGN.md principle 4), finds the clearing bucket
// where cumulative capacity from the cheapest bucket first covers demand, and
// rents every seller below it in full, every seller in it by one fixed-point
// fill fraction, and none above it. Every renter pays the seller's own ask.
// The bucket width is the resolution of the rationing; prices paid are exact.
#include <cstdint>

#include "models/core/amount.hpp"

namespace ts {

inline constexpr int kMeritBuckets = 64;

// Bucket of an ask on an ascending grid edge[0..kMeritBuckets]: -1 when the
// ask is at or above the ceiling edge[kMeritBuckets] (no renter pays that),
// else the largest b with edge[b] <= ask (asks below edge[0] fall in bucket
// 0). A binary search of comparisons: the same on every backend.
TS_HD_INLINE int merit_bucket(const double* edge, double ask) {
  if (!(ask < edge[kMeritBuckets])) return -1;
  int lo = 0, hi = kMeritBuckets;
  while (hi - lo > 1) {
    const int mid = (lo + hi) / 2;
    if (edge[mid] <= ask) lo = mid;
    else hi = mid;
  }
  return lo;
}

struct MeritClearing {
  std::int32_t bucket = 0;       // below: rented in full; above: not rented
  Fraction32 fill = 0;           // share of the clearing bucket's capacity rented
  std::int64_t offered = 0;      // capacity offered below the ceiling
  std::int64_t cleared = 0;      // capacity rented (before per-seller rounding)
};

// Demand (integer capacity units) against the capacity of each bucket,
// cheapest first. Demand above everything offered rents everything
// (bucket = kMeritBuckets); the rest of demand goes unserved.
template <typename Capacity>
TS_HD_INLINE MeritClearing merit_clear(const Capacity* capacity, std::int64_t demand) {
  MeritClearing c;
  std::int64_t total = 0;
  for (int b = 0; b < kMeritBuckets; ++b) total += static_cast<std::int64_t>(capacity[b]);
  c.offered = total;
  if (demand <= 0) return c;                       // bucket 0, fill 0: nothing rented
  std::int64_t cum = 0;
  for (int b = 0; b < kMeritBuckets; ++b) {
    const std::int64_t cap = static_cast<std::int64_t>(capacity[b]);
    if (cum + cap >= demand) {
      c.bucket = b;
      c.fill = fraction_from_ratio(demand - cum, cap);
      c.cleared = demand;
      return c;
    }
    cum += cap;
  }
  c.bucket = kMeritBuckets;
  c.fill = kFractionOne;
  c.cleared = total;
  return c;
}

// What a seller with `quantity` in bucket `b` rents: all of it below the
// clearing bucket, floor(quantity * fill) in it, nothing above it.
TS_HD_INLINE std::int64_t merit_rented(std::int64_t quantity, int b, const MeritClearing& c) {
  if (b < 0 || quantity <= 0) return 0;
  if (b < c.bucket) return quantity;
  if (b == c.bucket) return static_cast<std::int64_t>((static_cast<unsigned __int128>(quantity) * c.fill) >> 32);
  return 0;
}

// The same with the clearing bucket's share rounded stochastically by the
// uniform word `draw` (up with probability equal to the fraction), exact in
// the mean: for sellers whose capacity is a few units, where the floor would
// rent nothing in the clearing bucket.
TS_HD_INLINE std::int64_t merit_rented_rounded(std::int64_t quantity, int b, const MeritClearing& c,
                                               std::uint32_t draw) {
  if (b < 0 || quantity <= 0) return 0;
  if (b < c.bucket) return quantity;
  if (b > c.bucket) return 0;
  const unsigned __int128 exact = static_cast<unsigned __int128>(quantity) * c.fill;
  return static_cast<std::int64_t>(exact >> 32) +
         (static_cast<std::uint64_t>(draw) < static_cast<std::uint64_t>(exact & 0xFFFFFFFFull) ? 1 : 0);
}

// An ascending grid of kMeritBuckets + 1 edges from lo to hi (hi: the
// ceiling), linear; built once on the host.
inline void linear_merit_edges(double lo, double hi, double* edge) {
  for (int b = 0; b <= kMeritBuckets; ++b) edge[b] = lo + (hi - lo) * b / kMeritBuckets;
}

}  // namespace ts
