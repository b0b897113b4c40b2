// benchmark_inflation in Phala (MODEL.md 2.6): a miner cohort reports an
// inflated benchmark score P until a periodic re-benchmark catches it; its
// profit against the same cohort reporting the real P (the honest twin:
// its own V, weight, contracts and payouts on the same path).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/protocols/phala_params.hpp"
#include "models/protocols/phala/model.hpp"
#include "tests/unit/preset_paths.hpp"

namespace {

using ts::Metric;
using ts::test::metric_at;

ts::phala::Params load(std::size_t point, const std::vector<std::string>& overrides) {
  return ts::test::preset<ts::phala::Params>("phala-benchmark-inflation.toml", overrides, &ts::build_phala_params, point);
}
constexpr std::size_t kNeverCaught = 0, kAlwaysCaught = 2;

// A factor of 1 is honest play under an attacker's flag: the twin follows
// the same rules with the same numbers, so the gain is exactly 0 throughout.
TEST(PhalaBenchmarkInflation, FactorOneIsHonestPlayExactly) {
  const auto r = ts::test::run_preset_paths<ts::phala::PhalaModel>(
      load(kNeverCaught, {"simulation.horizon=90d", "attack.benchmark_factor=1"}), 3);
  for (std::int64_t path = 0; path < r.n_paths; ++path) {
    EXPECT_GT(metric_at(r, path, r.n_time - 1, Metric::attackers_active), 0.0);
    for (std::int32_t t = 0; t < r.n_time; ++t) ASSERT_EQ(metric_at(r, path, t, Metric::attack_gain_usd), 0.0);
    EXPECT_EQ(ts::test::first_step(r, path, ts::Event::attack_profitable), ts::kNeverReached);
  }
}

// Never caught, the inflated share earns more of the subsidy and of the
// contracts than the real one: a gain in every path. Caught at the first
// re-benchmark (day 30), the cohort loses its V, hence (final payout
// min(V / V^e, 1) S) its stake when it stops, and 10% of it at once: a loss
// in every path, and more stake slashed than without attackers.
TEST(PhalaBenchmarkInflation, PaysOnlyWhileUndetected) {
  const std::vector<std::string> o = {"simulation.horizon=120d"};
  const auto free = ts::test::run_preset_paths<ts::phala::PhalaModel>(load(kNeverCaught, o), 4);
  const auto caught = ts::test::run_preset_paths<ts::phala::PhalaModel>(load(kAlwaysCaught, o), 4);
  const auto honest = ts::test::run_preset_paths<ts::phala::PhalaModel>(
      load(kNeverCaught, ts::test::with(o, {"network.attacker_share=0"})), 4);
  const std::int32_t last = free.n_time - 1;
  for (std::int64_t path = 0; path < 4; ++path) {
    EXPECT_GT(metric_at(free, path, last, Metric::attack_gain_usd), 0.0) << "path " << path;
    EXPECT_LT(metric_at(caught, path, last, Metric::attack_gain_usd), 0.0) << "path " << path;
    EXPECT_GT(metric_at(caught, path, last, Metric::slashed_cum), metric_at(honest, path, last, Metric::slashed_cum));
    EXPECT_EQ(metric_at(honest, path, last, Metric::attackers_active), 0.0);
    EXPECT_EQ(metric_at(caught, path, last, Metric::ledger_residual), 0.0);
  }
}

}  // namespace
