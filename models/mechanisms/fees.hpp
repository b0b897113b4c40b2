#pragma once
// IO.net rental fees (MODEL.md 2.1 "Fees", seed 003): a reservation fee of
// 0.25% charged to the renter and 0.25% to the supplier, and a payment fee on
// each side (2% in USDC, 0% in IO). All shares are of the rental value F0.
//   renter pays      F0 (1 + reservation_renter + payment)
//   supplier gets    F0 (1 - reservation_supplier - payment)
//   network revenue  F0 (reservation_renter + reservation_supplier + 2 payment)
#include "models/core/macros.hpp"

namespace ts {

TS_HD_INLINE double renter_pays_share(double reservation_renter, double payment_fee) {
  return 1.0 + reservation_renter + payment_fee;
}

TS_HD_INLINE double supplier_receives_share(double reservation_supplier, double payment_fee) {
  return 1.0 - reservation_supplier - payment_fee;
}

TS_HD_INLINE double network_fee_share(double reservation_renter, double reservation_supplier, double payment_fee) {
  return reservation_renter + reservation_supplier + 2.0 * payment_fee;
}

}  // namespace ts
