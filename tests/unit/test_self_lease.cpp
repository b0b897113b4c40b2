// self_lease in Akash (MODEL.md 1 "Attackers"): an attacker leases its own
// free capacity to itself, paying the take and make fees in AKT, to farm the
// provider subsidy the incentive pool pays by leased capacity. Its profit
// against honest play (the same provider leasing only to tenants) rises step
// by step exactly when the subsidy on a leased unit-hour is worth more than
// what the self-lease costs: the fees plus the AMM's fee on the tokens it
// buys as the tenant. The test computes that level from the network's state
// in each step and checks the sign of every attacker's gain against it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/akash_params.hpp"
#include "host/protocols/protocol_run.hpp"
#include "host/protocols/registry.hpp"
#include "models/engine/path_driver.hpp"
#include "models/metrics.hpp"
#include "models/protocols/akash/model.hpp"
#include "tests/unit/attack_steps.hpp"
#include "tests/unit/preset_paths.hpp"

namespace {

using ts::akash::AkashModel;
using ts::Metric;

// The scenario's sweep over pool.provider_subsidy: point 0 pays none,
// point 1 the preset's 0.4.
ts::akash::Params load(std::size_t point, const std::vector<std::string>& overrides) {
  return ts::test::preset<ts::akash::Params>("akash-self-lease.toml", overrides, &ts::build_akash_params, point);
}
constexpr std::size_t kNoSubsidy = 0, kPresetSubsidy = 1;

// Looks at the network once the step's pool and subsidy are known.
struct SubsidyWatch : ts::StepWatcher {
  using ts::StepWatcher::network_done;
  double subsidy_usd_per_unit = 0.0;   // this step: the subsidy of one leased unit, at the step's price
  void network_done(int phase, std::int32_t, const ts::akash::Network& n) {
    if (phase != 2) return;
    subsidy_usd_per_unit = n.leased_total > 0 ? ts::to_tokens(n.subsidy_total) / static_cast<double>(n.leased_total) * n.price
                                              : 0.0;
  }
};

// Every self-leasing attacker's gain in every step, against the break-even:
// a unit-hour self-leased at bid b costs b (1 - (1 - f)(1 - a)) (f the
// network's fee share in AKT, a the AMM fee) and earns the subsidy of one
// leased unit; the margin of BreakEvenTally covers the dilution of the other
// units' subsidy.
ts::test::BreakEvenTally check_against_break_even(const ts::akash::Params& p, std::uint32_t paths) {
  ts::test::BreakEvenTally tally;
  const double f = ts::akash::fee_share(p, p.discount_akt);
  ts::test::for_each_agent_step<AkashModel, SubsidyWatch>(
      p, paths, 20261203, [&](const SubsidyWatch& watch, std::int32_t t, const ts::akash::Provider& v, double step_gain) {
        if (v.status != ts::akash::Status::active || !v.self_leaser || v.self_leased == 0 || v.joined_step == t) return;
        tally.count(watch.subsidy_usd_per_unit, v.bid_usd * p.dt_hours * (1.0 - (1.0 - f) * (1.0 - p.amm_fee)), step_gain);
      });
  return tally;
}

TEST(AkashSelfLease, GainsExactlyAboveTheSubsidyLevel) {
  // No subsidy: every self-lease loses its fees.
  const ts::test::BreakEvenTally none = check_against_break_even(load(kNoSubsidy, {"simulation.horizon=20d"}), 2);
  EXPECT_GT(none.below, 1000);
  EXPECT_EQ(none.above, 0);
  EXPECT_EQ(none.wrong, 0);
  // The preset's pool share: the subsidy on a unit-hour is above the level.
  const ts::test::BreakEvenTally preset = check_against_break_even(load(kPresetSubsidy, {"simulation.horizon=20d"}), 2);
  EXPECT_GT(preset.above, 1000);
  EXPECT_EQ(preset.wrong, 0) << preset.above << " steps above, " << preset.below << " below";
}

ts::PointPaths run(const ts::akash::Params& p, std::int64_t paths) { return ts::test::run_preset_paths<AkashModel>(p, paths); }

double at(const ts::PointPaths& r, std::int64_t path, std::int32_t t, Metric m) { return ts::test::metric_at(r, path, t, m); }

// The stress scenario's outcome (configs/akash-self-lease.toml): without a
// subsidy the attack loses in every path and never fires attack_profitable;
// at the preset's subsidy it gains in every path, and the attackers' own
// profit stays below 0 all the same (capex), which the old definition of
// attack_profitable would have called unprofitable.
TEST(AkashSelfLease, StressScenarioOutcome) {
  const auto none = run(load(kNoSubsidy, {"simulation.horizon=60d"}), 4);
  const auto paid = run(load(kPresetSubsidy, {"simulation.horizon=60d"}), 4);
  const std::int32_t last = none.n_time - 1;
  for (std::int64_t path = 0; path < 4; ++path) {
    EXPECT_GT(at(none, path, last, Metric::self_dealt_usd_cum), 0.0);
    EXPECT_LT(at(none, path, last, Metric::attack_gain_usd), 0.0);
    EXPECT_EQ(none.event_step[path * ts::kEventCount + static_cast<int>(ts::Event::attack_profitable)], ts::kNeverReached);
    EXPECT_GT(at(paid, path, last, Metric::attack_gain_usd), 0.0);
    EXPECT_NE(paid.event_step[path * ts::kEventCount + static_cast<int>(ts::Event::attack_profitable)], ts::kNeverReached);
    EXPECT_LT(at(paid, path, last, Metric::attacker_profit_usd), 0.0);
    EXPECT_EQ(at(paid, path, last, Metric::ledger_residual), 0.0);
  }
}

// No attackers (the preset): no self-leases, nothing attributed.
TEST(AkashSelfLease, NoAttackersNoSelfLeases) {
  const auto r = run(load(kPresetSubsidy, {"simulation.horizon=10d", "network.attacker_share=0"}), 2);
  for (std::int64_t path = 0; path < 2; ++path)
    for (std::int32_t t = 0; t < r.n_time; ++t) {
      EXPECT_EQ(at(r, path, t, Metric::self_dealt_usd_cum), 0.0);
      EXPECT_EQ(at(r, path, t, Metric::attackers_active), 0.0);
      EXPECT_EQ(at(r, path, t, Metric::attack_gain_usd), 0.0);
    }
}

// Akash now carries attack_profitable (it has attackers); it states that it
// cannot carry the stake's concentration, and why, instead of leaving it out
// silently (MODEL.md 1 "Operators").
TEST(AkashSelfLease, CarriesTheAttackAndSaysWhyNotTheNakamotoCoefficient) {
  const auto run = ts::make_protocol_run(
      ts::config::load_scenario(ts::test::config_path("akash.toml"), {}, ts::protocol_registry()));
  for (const auto& n : run->events_not_carried()) EXPECT_NE(n.event, ts::Event::attack_profitable);
  const auto& filled = run->metrics();
  EXPECT_NE(std::find(filled.begin(), filled.end(), Metric::attack_gain_usd), filled.end());
  EXPECT_EQ(std::find(filled.begin(), filled.end(), Metric::nakamoto_coefficient), filled.end());
  ASSERT_EQ(run->metrics_not_carried().size(), 1u);
  EXPECT_EQ(run->metrics_not_carried()[0].metric, Metric::nakamoto_coefficient);
  EXPECT_NE(run->metrics_not_carried()[0].reason.find("validators"), std::string::npos);
}

}  // namespace
