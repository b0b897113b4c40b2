#pragma once
// A weighted lottery drawn in parallel over agent slots (the exponential race
// of Efraimidis and Spirakis 2006, "Weighted random sampling with a
// reservoir"): every entrant with weight w > 0 draws a key E = -ln(U) / w,
// an exponential variate with rate w, and the smallest key wins. The minimum
// of independent exponentials is entrant i with probability w_i / sum w,
// exactly, so a stake-weighted lottery needs no prefix sums over slots: each
// slot draws its own key from its own Philox counter and the population's
// minimum of (key, slot) is the same in any order of reduction (a tie of keys,
// probability ~0, goes to the lower slot), on any backend (portable log).
#include <cstdint>

#include "models/core/macros.hpp"
#include "models/core/ordered_extrema.hpp"
#include "models/core/portable_math.hpp"

namespace ts {

// An entrant's key: -ln(u) / weight for u in (0, 1) and weight > 0.
TS_HD_INLINE double lottery_key(double weight, double u) { return -pmath::log(u) / weight; }

// The best ticket so far: the smallest key, then the lowest slot; slot -1
// while nobody has entered. add() is the order-free reduction of the Sums.
struct LotteryTicket {
  double key = 0.0;
  std::int32_t slot = -1;

  TS_HD_INLINE void enter(double k, std::int32_t s) { add(LotteryTicket{k, s}); }
  TS_HD_INLINE void add(const LotteryTicket& o) {
    if (o.slot < 0) return;
    if (slot < 0 || ordered_less(o.key, key) || (!ordered_less(key, o.key) && o.slot < slot)) {
      key = o.key;
      slot = o.slot;
    }
  }
};

}  // namespace ts
