// Phala whole paths (MODEL.md 2.6): exact conservation in every path of every
// shipped phala scenario; the subsidy never pays more than its budget; the
// stake-split probe against the rules (the old rule's 1/sqrt(k), the new
// rule's shares, V_max); contracts only on the tiers developers allow, gas
// paid exactly; CoolingDown and the final payout; thread-count independence.
#include <gtest/gtest.h>

#include "tests/unit/shipped_scenarios.hpp"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/phala_params.hpp"
#include "host/protocols/registry.hpp"
#include "models/metrics.hpp"
#include "models/protocols/phala/model.hpp"

namespace {

namespace ph = ts::phala;
using ts::Metric;
using ts::Micro;
using Model = ph::PhalaModel;

std::string config(const std::string& name) { return std::string(TS_SOURCE_DIR) + "/configs/" + name; }

ph::Params load(const std::string& file, const std::vector<std::string>& overrides, std::size_t point = 0) {
  const auto sc = ts::config::load_scenario(config(file), overrides, ts::protocol_registry());
  return ts::build_phala_params(sc, ts::config::expand_sweep(sc).at(point));
}

ts::PointPaths run(const ph::Params& p, std::int64_t paths, std::uint64_t seed = 11, int threads = 2) {
  ts::PointPaths out;
  ts::CpuOptions opt;
  opt.threads = threads;
  ts::run_paths_cpu<Model>(p, seed, 0, paths, opt, nullptr, out);
  return out;
}

double metric(const ts::PointPaths& r, std::int64_t path, std::int32_t t, Metric m) {
  return r.value(path, t, static_cast<int>(m));
}

// The engine's sequential step (models/engine/path_driver.hpp), calling
// `look` after agent phases 2 and 3 with the phase's number and its sums.
template <class Look>
struct PhaseLook : ts::StepWatcher {
  using ts::StepWatcher::phase_done;
  Look& look;
  const std::vector<ph::Miner>& m;
  const ph::WorkSums* s2 = nullptr;
  PhaseLook(Look& l, const std::vector<ph::Miner>& miners) : look(l), m(miners) {}
  void phase_done(int, std::int32_t t, const ph::Network& net, const ph::WorkSums& s) {
    s2 = &s;
    look(2, t, net, m, &s, nullptr);
  }
  void phase_done(int, std::int32_t t, const ph::Network& net, const ph::SettleSums& s) { look(3, t, net, m, s2, &s); }
};

template <class Look>
void drive(const ph::Params& p, std::uint64_t seed, std::uint32_t path, Look look) {
  const ts::PathContext ctx{ts::RandomKey{seed}, path};
  ph::Network net;
  std::vector<ph::Miner> m(p.max_miners);
  Model::init(p, ctx, net, m.data());
  PhaseLook<Look> watch(look, m);
  for (std::int32_t t = 0; t < p.n_steps; ++t) ts::simulate_step<Model>(p, ctx, t, net, m.data(), watch);
}

// ---- conservation

// Conservation residual exactly 0 in every path of every shipped phala
// scenario and every point of its sweep (MODEL.md 1), on short horizons.
TEST(PhalaConservation, EveryShippedScenarioEveryPathResidualZero) {
  const int scenarios = ts::test::for_each_shipped_point(
      "phala", {"simulation.horizon=35d", "simulation.snapshot_every=1d"},
      [&](const std::string& name, const ts::config::Scenario& sc, std::size_t i, const ts::config::Point& point) {
    const auto r = run(ts::build_phala_params(sc, point), 3);
    ts::test::expect_exact_ledger(r, name + " point " + std::to_string(i));
      });
  EXPECT_GE(scenarios, 2);
}

// Conservation after every step of a stressed year: the subsidy budget
// halving and the pool running dry, a price crash, a demand collapse, exits
// and CoolingDown; the payouts of a step never exceed the miners' budget, the
// treasury gets its share of the budget, the reserve is never negative.
TEST(PhalaConservation, SubsidyWithinItsBudgetAndResidualZeroAfterEveryStep) {
  auto p = load("phala.toml", {"simulation.horizon=400d", "network.initial_miners=24", "network.max_miners=48",
                               "subsidy.budget=2000000", "mining.cooldown=3d"});
  p.n_shocks = 1;
  p.shocks[0] = ph::Shock{100 * 24, 160 * 24, 0.2, 0.4};
  std::int64_t steps = 0, paid_steps = 0;
  for (std::uint32_t path = 0; path < 2; ++path) {
    drive(p, 5, path, [&](int phase, std::int32_t t, const ph::Network& net, const std::vector<ph::Miner>&,
                          const ph::WorkSums* s2, const ph::SettleSums*) {
      if (phase != 3) return;
      ASSERT_LE(s2->reward_paid, net.budget_step) << "step " << t;
      ASSERT_GE(net.acc.reward_reserve, 0) << "step " << t;
      paid_steps += s2->reward_paid > 0;
      ++steps;
    });
  }
  EXPECT_EQ(steps, 2 * 400 * 24);
  EXPECT_GT(paid_steps, 2 * 30 * 24);   // the 2M pool pays for more than a month
  const auto r = run(p, 4);
  for (std::int64_t path = 0; path < r.n_paths; ++path) {
    for (std::int32_t t = 0; t < r.n_time; ++t) ASSERT_EQ(metric(r, path, t, Metric::ledger_residual), 0.0);
    // The pool (2M) runs dry within the year: emitted (payouts and the
    // treasury's 20%) is at most the pool, and all of it but dust is spent.
    const double emitted = metric(r, path, r.n_time - 1, Metric::emitted_cum);
    EXPECT_LE(emitted, 2000000.0 + 1e-6);
    EXPECT_GT(emitted, 1990000.0);
  }
}

// The treasury's share is exactly floor(20% of the step's budget), and the
// budget is the schedule's amount while the pool lasts.
TEST(PhalaConservation, TreasuryTakesItsShareOfEveryStepsBudget) {
  const auto p = load("phala.toml", {"simulation.horizon=3d", "simulation.snapshot_every=1d", "network.initial_miners=8"});
  const ts::PathContext ctx{ts::RandomKey{3}, 0};
  ph::Network net;
  std::vector<ph::Miner> m(p.max_miners);
  Model::init(p, ctx, net, m.data());
  // Checked right after the network's begin_step; the model's own phases finish the step.
  struct Budget : ts::StepWatcher {
    using ts::StepWatcher::begun;
    const ph::Params& p;
    Micro treasury = 0, reserve = 0;
    explicit Budget(const ph::Params& params) : p(params) {}
    void begun(std::int32_t t, const ph::Network& net) {
      const Micro budget = ts::period_scheduled_between(p.subsidy, t, t + 1);
      EXPECT_EQ(net.acc.treasury - treasury, ts::apply_fraction(budget, p.treasury_share)) << "step " << t;
      EXPECT_EQ(net.budget_step, budget - ts::apply_fraction(budget, p.treasury_share));
      EXPECT_EQ(reserve - net.acc.reward_reserve, ts::apply_fraction(budget, p.treasury_share));
    }
  } watch(p);
  for (std::int32_t t = 0; t < 72; ++t) {
    watch.treasury = net.acc.treasury;
    watch.reserve = net.acc.reward_reserve;
    ts::simulate_step<Model>(p, ctx, t, net, m.data(), watch);
  }
}

// ---- the stake-split probe (MODEL.md 2.6 stress)

// The probe of phala-stake-split.toml in the preset's network, without gas
// and with workers that are (almost) always online, so that its rewards are
// the subsidy split alone.
ph::Params probe(int k, int by_share, const std::string& horizon = "7d") {
  return load("phala.toml",
              {"simulation.horizon=" + horizon, "simulation.snapshot_every=1d", "demand.contracts0=0",
               "providers.p_up_alpha=10000", "providers.p_up_beta=0.001", "split.k=" + std::to_string(k),
               "selection.by_share=" + std::to_string(by_share)});
}

double final_ratio(const ph::Params& p, std::int64_t paths = 2) {
  const auto r = run(p, paths);
  double sum = 0.0;
  for (std::int64_t path = 0; path < r.n_paths; ++path)
    sum += metric(r, path, r.n_time - 1, Metric::whale_return_ratio);
  return sum / static_cast<double>(r.n_paths);
}

// Old rule: the whale's return per staked PHA is 1/sqrt(k) of the small
// miners' (weights sqrt(k s) against k sqrt(s)), k = 1, 4, 16: 1, 0.5, 0.25.
TEST(PhalaStakeSplit, OldRuleWhaleEarnsOneOverSqrtKPerStakedToken) {
  for (int k : {1, 4, 16}) {
    const double ratio = final_ratio(probe(k, 0));
    EXPECT_NEAR(ratio, 1.0 / std::sqrt(static_cast<double>(k)), 0.01 / std::sqrt(static_cast<double>(k)))
        << "k = " << k;
  }
}

// New rule: the ratio of the genesis shares per staked PHA. For k = 4 the
// whale has V^e = 1.5 (10,000 + 1,200) = 16,800 and share sqrt(16,800^2 +
// 4,000^2) = 17,269.6 for 10,000 PHA; a small miner V^e = 1.5 (2,500 +
// 1,200) = 5,550, share sqrt(5,550^2 + 4,000^2) = 6,841.2 for 2,500 PHA:
// (1.72696) / (2.73648) = 0.6311. For k = 16 the whale's V^e, 61,800, is
// capped at V_max = 30,000: sqrt(30,000^2 + 4,000^2) / 40,000 = 0.75664, and
// 0.75664 / 2.73648 = 0.2765, below the old rule's 1/4: past V_max the extra
// stake earns nothing. Over a week V grows ~3% (the whale's stays at V_max).
TEST(PhalaStakeSplit, NewRuleWhaleEarnsByItsShareAndNothingPastValueMax) {
  const double expected[] = {0.6311, 0.2765};
  const int ks[] = {4, 16};
  for (int i = 0; i < 2; ++i) {
    const auto p = probe(ks[i], 1);
    // The prediction from the rules at genesis (p0 = 0.5, C = 1,200 PHA).
    const auto& h = p.hardware[p.split_hardware];
    const double rig = ph::rig_cost_tokens(p.rig_cost_usd_per_score, h.score, p.p0);
    const double f = ph::confidence_multiplier(p.stake_multiplier, p.tiers[p.split_tier].factor);
    const double perf = p.share_performance_weight * h.score * p.tiers[p.split_tier].factor;
    const Micro whale = p.split_stake * ks[i], small = p.split_stake;
    const double rate_whale =
        static_cast<double>(ph::share_weight(ph::initial_value(whale, rig, f, p.value_max), perf)) / whale;
    const double rate_small =
        static_cast<double>(ph::share_weight(ph::initial_value(small, rig, f, p.value_max), perf)) / small;
    EXPECT_NEAR(rate_whale / rate_small, expected[i], 5e-4) << "k = " << ks[i];
    EXPECT_NEAR(final_ratio(p), expected[i], 0.03) << "k = " << ks[i];
  }
}

// Below V_max the new rule punishes a whale less than the old one; the old
// rule's ratio falls with k.
TEST(PhalaStakeSplit, NewRuleFavoursSplittingLessThanTheOldRuleBelowValueMax) {
  double previous = 2.0;
  for (int k : {2, 4, 8}) {
    const double old_rule = final_ratio(probe(k, 0), 1);
    const double new_rule = final_ratio(probe(k, 1), 1);
    EXPECT_GT(new_rule, old_rule) << "k = " << k;
    EXPECT_LT(old_rule, previous) << "k = " << k;
    previous = old_rule;
  }
}

// The scenario's other output (MODEL.md 2.6 stress): the Nakamoto
// coefficient of stake over workers. The rule moves rewards, not stake, so
// both rules give the same coefficient; with thousands of workers a single
// whale of 16 s cannot bring it near 1.
double final_mean(const ph::Params& p, Metric m, std::int64_t paths = 2) {
  const auto r = run(p, paths);
  double sum = 0.0;
  for (std::int64_t path = 0; path < r.n_paths; ++path) sum += metric(r, path, r.n_time - 1, m);
  return sum / static_cast<double>(r.n_paths);
}

TEST(PhalaStakeSplit, StakeNakamotoIsTheSameUnderBothRules) {
  for (int k : {1, 16}) {
    const double old_rule = final_mean(probe(k, 0), Metric::nakamoto_coefficient);
    EXPECT_EQ(old_rule, final_mean(probe(k, 1), Metric::nakamoto_coefficient)) << "k = " << k;
    EXPECT_GT(old_rule, 100.0) << "k = " << k;
  }
}

// Idle and Active: without contracts every online worker is Idle; with
// contracts some are Active, never more than all.
TEST(PhalaStates, ActiveOnlyWithContracts) {
  EXPECT_EQ(final_mean(probe(1, 1), Metric::workers_active_share), 0.0);   // probe(): demand.contracts0 = 0
  const auto p = load("phala.toml", {"simulation.horizon=7d", "simulation.snapshot_every=1d"});
  const double active = final_mean(p, Metric::workers_active_share);
  EXPECT_GT(active, 0.0);
  EXPECT_LE(active, 1.0);
}

// ---- contracts and gas

// Developers who restrict their contracts to tiers 1..max_restricted_tier
// never see them run elsewhere: with every contract restricted to tiers 1-2,
// no miner of tier 3, 4 or 5 runs one; the gas miners receive is exactly
// the contract-hours that ran times the gas of a contract-hour.
TEST(PhalaContracts, RestrictedContractsRunOnlyOnAllowedTiersAndGasIsExact) {
  const auto p = load("phala.toml", {"simulation.horizon=10d", "network.initial_miners=32", "demand.contracts0=3000",
                                     "contracts.restricted_share=1", "contracts.max_restricted_tier=2"});
  std::int64_t on_allowed = 0, steps_with_gas = 0;
  drive(p, 9, 0, [&](int phase, std::int32_t t, const ph::Network& net, const std::vector<ph::Miner>& m,
                     const ph::WorkSums* s2, const ph::SettleSums* s3) {
    if (phase == 2) {
      for (const ph::Miner& v : m) {
        if (v.status != ph::Status::mining) continue;
        if (v.tier >= 2) ASSERT_EQ(v.contracts, 0) << "tier " << v.tier + 1 << " step " << t;
        else on_allowed += v.contracts;
      }
    } else {
      ASSERT_EQ(s3->gas_taken, s2->contract_hours * net.gas_per_contract) << "step " << t;
      steps_with_gas += s3->gas_taken > 0;
    }
  });
  EXPECT_GT(on_allowed, 10000);
  EXPECT_GT(steps_with_gas, 200);
}

// Open contracts run on every tier, in proportion to weight: tiers 4 and 5
// (30% of miners, factors 0.8 and 0.7) run a share of them.
TEST(PhalaContracts, OpenContractsRunOnEveryTier) {
  const auto p = load("phala.toml", {"simulation.horizon=5d", "simulation.snapshot_every=1d", "network.initial_miners=32",
                                     "demand.contracts0=3000",
                                     "contracts.restricted_share=0"});
  std::int64_t low_tier = 0, all = 0;
  drive(p, 9, 0, [&](int phase, std::int32_t, const ph::Network&, const std::vector<ph::Miner>& m,
                     const ph::WorkSums*, const ph::SettleSums*) {
    if (phase != 2) return;
    for (const ph::Miner& v : m) {
      all += v.contracts;
      if (v.tier >= 3) low_tier += v.contracts;
    }
  });
  EXPECT_GT(low_tier, all / 10);
  EXPECT_LT(low_tier, all / 2);
}

// ---- CoolingDown and the final payout

// Miners whose running costs exceed their income leave (MODEL.md 1 exit):
// each enters CoolingDown with min(V / V^e, 1) of its stake queued, the rest
// withheld, and gets the queued stake back at the start of the 8th day after
// (a 7-day cooldown), then Stops (its slot is vacated).
TEST(PhalaCooldown, ExitQueuesTheFinalPayoutAndReleasesItAfterTheCooldown) {
  auto p = load("phala.toml", {"simulation.horizon=60d", "network.initial_miners=16", "providers.lambda_entry=0",
                               "providers.patience_days=3"});
  for (std::int32_t h = 0; h < p.n_hardware; ++h) p.hardware[h].opex_usd_per_step = 5.0;   // under water at once
  std::vector<std::int32_t> exit_day(p.max_miners, -1);
  std::vector<Micro> queued(p.max_miners, 0);
  std::int64_t exits = 0, releases = 0, stops = 0;
  std::vector<ph::Status> before(p.max_miners, ph::Status::vacant);
  drive(p, 4, 0, [&](int phase, std::int32_t t, const ph::Network&, const std::vector<ph::Miner>& m,
                     const ph::WorkSums*, const ph::SettleSums*) {
    if (phase != 3) return;
    const std::int32_t day = t / p.steps_per_day;
    for (std::int32_t i = 0; i < p.max_miners; ++i) {
      const ph::Miner& v = m[i];
      if (before[i] == ph::Status::mining && v.status == ph::Status::cooling_down) {
        ++exits;
        exit_day[i] = day;
        queued[i] = v.acc.unbonding_own;
        EXPECT_EQ(v.acc.bonded, 0);
        EXPECT_EQ(v.cooldown.total, queued[i]);
        EXPECT_EQ(queued[i], ph::final_payout(v.stake_per_worker * v.workers, v.value, v.value_initial));
      }
      if (v.status == ph::Status::cooling_down && exit_day[i] >= 0) {
        // Locked until the start of day exit + 8.
        if (day < exit_day[i] + 8) {
          EXPECT_EQ(v.acc.unbonding_own, queued[i]) << "slot " << i << " day " << day;
        }
        if (day == exit_day[i] + 8 && t % p.steps_per_day == 0) {
          EXPECT_EQ(v.acc.unbonding_own, 0);
          ++releases;
        }
      }
      if (before[i] == ph::Status::cooling_down && v.status == ph::Status::vacant) {
        EXPECT_EQ(t % p.steps_per_day, p.steps_per_day - 1);   // Stop at a day's end, after the release
        EXPECT_EQ(day, exit_day[i] + 8);
        ++stops;
      }
      before[i] = v.status;
    }
  });
  EXPECT_EQ(exits, 16);
  EXPECT_EQ(releases, 16);
  EXPECT_EQ(stops, 16);
}

// ---- determinism

// A path's result does not depend on the thread count (integer sums, keyed
// draws): 1 and 2 threads give the same bits.
TEST(PhalaPaths, ResultsDoNotDependOnTheThreadCount) {
  const auto p = load("phala-stake-split.toml", {"simulation.horizon=10d", "simulation.snapshot_every=1d"}, 7);
  const auto a = run(p, 3, 17, 1);
  const auto b = run(p, 3, 17, 2);
  ASSERT_EQ(a.values.size(), b.values.size());
  EXPECT_EQ(std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)), 0);
  EXPECT_EQ(a.event_step, b.event_step);
}

}  // namespace
