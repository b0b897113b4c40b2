// self_rent in Clore.ai (MODEL.md 1 "Attackers"): a host rents its own idle
// machines as spot orders paid in BTC to farm the hosting reward the
// marketplace pool pays by rented unit-hours (raised by its PoH bonus). Its
// profit against honest play (the same host renting only to renters) rises
// in a step exactly when the reward on a self-rented unit-hour is worth more
// than the fee on it; the test computes both from the network's state in
// every step and checks the sign of each attacker's gain against them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/protocols/clore_params.hpp"
#include "models/engine/path_driver.hpp"
#include "models/metrics.hpp"
#include "models/protocols/clore/model.hpp"
#include "tests/unit/attack_steps.hpp"
#include "tests/unit/preset_paths.hpp"

namespace {

using ts::clore::CloreModel;
using ts::Metric;

ts::clore::Params load(const std::vector<std::string>& overrides) {
  return ts::test::preset<ts::clore::Params>("clore-self-rent.toml", overrides, &ts::build_clore_params);
}

// The value of one unit of hosting-reward weight in this step, USD.
struct PoolWatch : ts::StepWatcher {
  using ts::StepWatcher::network_done;
  double usd_per_weight = 0.0;
  void network_done(int phase, std::int32_t, const ts::clore::Network& n) {
    if (phase != 2) return;
    usd_per_weight = n.weight_total > 0 ? ts::to_tokens(n.host_budget) * n.price / static_cast<double>(n.weight_total) : 0.0;
  }
};

// Per self-rented unit-hour: the reward is kWeightOne (1 + bonus rate) units
// of weight, the fee ask x self_rent_fee; the margin of BreakEvenTally
// covers the dilution of its own renters' weight by its self-rentals.
ts::test::BreakEvenTally check_against_break_even(const ts::clore::Params& p, std::uint32_t paths) {
  ts::test::BreakEvenTally tally;
  ts::test::for_each_agent_step<CloreModel, PoolWatch>(
      p, paths, 20261203, [&](const PoolWatch& watch, std::int32_t, const ts::clore::Provider& v, double step_gain) {
        if (v.status != ts::clore::Status::active || !v.self_renter || v.self_rented == 0) return;
        tally.count(watch.usd_per_weight * static_cast<double>(ts::clore::kWeightOne) * (1.0 + v.bonus_rate),
                    v.ask * p.self_rent_fee, step_gain);
      });
  return tally;
}

TEST(CloreSelfRent, GainsExactlyAboveTheFee) {
  // The preset's marketplace pool: the reward on a unit-hour (a few cents)
  // is many times the fee on it (a fraction of a cent).
  const ts::test::BreakEvenTally preset = check_against_break_even(load({"simulation.horizon=10d"}), 2);
  EXPECT_GT(preset.above, 1000);
  EXPECT_EQ(preset.wrong, 0) << preset.above << " above, " << preset.below << " below";
  RecordProperty("reward_usd_per_unit_hour", std::to_string(preset.mean_income()));
  RecordProperty("fee_usd_per_unit_hour", std::to_string(preset.mean_cost()));
  EXPECT_GT(preset.mean_income(), 5.0 * preset.mean_cost())
      << preset.mean_income() << " vs " << preset.mean_cost();
  // No marketplace pool (all emission to miners and developers): every
  // self-rental loses its fee.
  const ts::test::BreakEvenTally none =
      check_against_break_even(load({"simulation.horizon=10d", "emission.miner_share=0.9", "emission.dev_share=0.1"}), 2);
  EXPECT_GT(none.below, 1000);
  EXPECT_EQ(none.above, 0);
  EXPECT_EQ(none.wrong, 0);
}

// The stress scenario's outcome (configs/clore-self-rent.toml): the attack
// pays against honest play in every path, while the attackers' own profit
// is below 0 (their capex is not paid back in 60 days); without attackers
// nothing is self-rented and nothing is attributed.
TEST(CloreSelfRent, StressScenarioOutcome) {
  const auto r = ts::test::run_preset_paths<CloreModel>(load({"simulation.horizon=60d"}), 4);
  const std::int32_t last = r.n_time - 1;
  for (std::int64_t path = 0; path < 4; ++path) {
    EXPECT_GT(ts::test::metric_at(r, path, last, Metric::self_dealt_usd_cum), 0.0);
    EXPECT_GT(ts::test::metric_at(r, path, last, Metric::attack_gain_usd), 0.0);
    EXPECT_NE(ts::test::first_step(r, path, ts::Event::attack_profitable), ts::kNeverReached);
    EXPECT_LT(ts::test::metric_at(r, path, last, Metric::attacker_profit_usd), 0.0);
    EXPECT_EQ(ts::test::metric_at(r, path, last, Metric::ledger_residual), 0.0);
  }
  const auto honest =
      ts::test::run_preset_paths<CloreModel>(load({"simulation.horizon=10d", "network.attacker_share=0"}), 2);
  for (std::int64_t path = 0; path < 2; ++path) {
    EXPECT_EQ(ts::test::metric_at(honest, path, honest.n_time - 1, Metric::self_dealt_usd_cum), 0.0);
    EXPECT_EQ(ts::test::metric_at(honest, path, honest.n_time - 1, Metric::attack_gain_usd), 0.0);
    EXPECT_EQ(ts::test::first_step(honest, path, ts::Event::attack_profitable), ts::kNeverReached);
  }
}

}  // namespace
