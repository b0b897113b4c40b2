#pragma once
// Royalty tokens into a participant's wallet: the ledger credit (the vault's
// debit is the network's, from the phase sums) and the income figures that
// the exit rule and the attack metrics read, valued at the round's price.
#include "models/core/amount.hpp"
#include "models/protocols/twopm/state.hpp"

namespace ts::twopm {

TS_HD_INLINE void receive_royalty(Participant& v, Micro amount, double price) {
  if (amount <= 0) return;
  v.acc.liquid += amount;
  v.paid_round += amount;
  v.reward_cum += amount;
  const double usd = to_tokens(amount) * price;
  v.income.today_usd += usd;
  v.received_usd_cum += usd;
}

}  // namespace ts::twopm
