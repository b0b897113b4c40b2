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

namespace ts {

// Akash AKT 2.0 take and make fees (MODEL.md 2.2, seed 003 "计算方法"):
//   F_t = F0 R_t (1 - R_d)        take fee, out of the tenant's order
//   F_m = F0 R_m (1 - R_d)        make fee, charged to the provider
//   F_n = F0 (1 - R_d)(R_t + R_m) network income
//   F_p = F0 - F_t                the provider's order value (net: F_p - F_m)
// R_d is the discount of the currency the lease is paid in.
struct TakeMakeFees {
  double take, make, network, provider_order, provider_net;
};

TS_HD_INLINE TakeMakeFees take_make_fees(double f0, double take_rate, double make_rate, double discount) {
  TakeMakeFees f;
  f.take = f0 * take_rate * (1.0 - discount);
  f.make = f0 * make_rate * (1.0 - discount);
  f.network = f.take + f.make;
  f.provider_order = f0 - f.take;
  f.provider_net = f.provider_order - f.make;
  return f;
}

}  // namespace ts
