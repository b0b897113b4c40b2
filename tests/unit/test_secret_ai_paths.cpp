// Secret AI whole paths (MODEL.md 2.5): exact conservation in every path of
// every shipped secret_ai scenario, exact USD conservation, the subsidy's
// end, the fee's share, and the two attack properties of MODEL.md 2.5:
// self_dealing never profitable under the rules (users pay per unit of
// work), sybil against uptime rewards bounded by the minimum stake.
#include <gtest/gtest.h>

#include "tests/unit/shipped_scenarios.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/registry.hpp"
#include "host/protocols/secret_ai_params.hpp"
#include "models/metrics.hpp"
#include "models/protocols/secret_ai/model.hpp"

namespace {

namespace sai = ts::secret_ai;
using ts::Metric;
using ts::Micro;
using Model = sai::SecretAiModel;

std::string config(const std::string& name) { return std::string(TS_SOURCE_DIR) + "/configs/" + name; }

sai::Params load(const std::string& file, const std::vector<std::string>& overrides, std::size_t point = 0) {
  const auto sc = ts::config::load_scenario(config(file), overrides, ts::protocol_registry());
  return ts::build_secret_ai_params(sc, ts::config::expand_sweep(sc).at(point));
}

ts::PointPaths run(const sai::Params& p, std::int64_t paths, std::uint64_t seed = 11) {
  ts::PointPaths out;
  ts::CpuOptions opt;
  opt.threads = 2;
  ts::run_paths_cpu<Model>(p, seed, 0, paths, opt, nullptr, out);
  return out;
}

double metric(const ts::PointPaths& r, std::int64_t path, std::int32_t t, Metric m) {
  return r.value(path, t, static_cast<int>(m));
}

std::int32_t event(const ts::PointPaths& r, std::int64_t path, ts::Event e) {
  return r.event_step[path * ts::kEventCount + static_cast<int>(e)];
}

// A demand crash (usage x0.3 from week 4 for 4 weeks): the stress under
// which flat subscriptions overpay the work.
void add_demand_crash(sai::Params& p) {
  p.n_shocks = 1;
  p.shocks[0] = sai::Shock{4 * 168 / p.dt_hours, 8 * 168 / p.dt_hours, 0.3, 1.0};
}

// The sequential driver of models/engine/path_driver.hpp with hooks around
// the phases, so that a test can look at the path between them.
struct Hooks {
  virtual ~Hooks() = default;
  virtual void before_online(std::int32_t, const sai::Network&, const std::vector<sai::Worker>&) {}
  virtual void after_online(std::int32_t, const sai::Network&, const std::vector<sai::Worker>&) {}
  virtual void before_settle(std::int32_t, const sai::Network&, const std::vector<sai::Worker>&) {}
  virtual void after_step(std::int32_t, const sai::Network&, const std::vector<sai::Worker>&,
                          const sai::SettleSums&) {}
};

// The hooks at the engine's watch points of a step.
struct HookWatch : ts::StepWatcher {
  using ts::StepWatcher::begun;
  using ts::StepWatcher::network_done;
  using ts::StepWatcher::phase_done;
  Hooks& h;
  const std::vector<sai::Worker>& w;
  HookWatch(Hooks& hooks, const std::vector<sai::Worker>& workers) : h(hooks), w(workers) {}
  void begun(std::int32_t t, const sai::Network& net) { h.before_online(t, net, w); }
  void network_done(int k, std::int32_t t, const sai::Network& net) {
    if (k == 1) h.after_online(t, net, w);
    if (k == 2) h.before_settle(t, net, w);
  }
};

void drive(const sai::Params& p, std::uint64_t seed, std::uint32_t path, Hooks& h) {
  const ts::PathContext ctx{ts::RandomKey{seed}, path};
  sai::Network net;
  std::vector<sai::Worker> w(p.max_workers);
  Model::init(p, ctx, net, w.data());
  HookWatch watch(h, w);
  for (std::int32_t t = 0; t < p.n_steps; ++t) {
    const sai::SettleSums s3 = ts::simulate_step<Model>(p, ctx, t, net, w.data(), watch);
    h.after_step(t, net, w, s3);
  }
}

// ---- conservation

// Conservation residual exactly 0 in every path of every shipped secret_ai
// scenario and every point of its sweep (MODEL.md 1), on short horizons.
TEST(SecretAiConservation, EveryShippedScenarioEveryPathResidualZero) {
  const int scenarios = ts::test::for_each_shipped_point(
      "secret_ai", {"simulation.horizon=35d", "simulation.snapshot_every=1d"},
      [&](const std::string& name, const ts::config::Scenario& sc, std::size_t i, const ts::config::Point& point) {
    const auto r = run(ts::build_secret_ai_params(sc, point), 3);
    ts::test::expect_exact_ledger(r, name + " point " + std::to_string(i));
      });
  EXPECT_GE(scenarios, 5);
}

// User payments (micro-USD) are exactly what workers and stakers were paid,
// plus rounding dust and pools not yet settled, after every step; SCRT is
// conserved after every step too. A stressed mix: subscriptions, a fee half
// swapped to SCRT, self-dealers, a demand crash.
TEST(SecretAiConservation, UsdAndScrtConservedAfterEveryStep) {
  struct Check : Hooks {
    std::int64_t steps = 0;
    void after_step(std::int32_t t, const sai::Network& net, const std::vector<sai::Worker>&,
                    const sai::SettleSums&) override {
      ASSERT_EQ(sai::usd_residual(net), 0) << "step " << t;
      ASSERT_EQ(net.residual_max_abs, 0) << "step " << t;
      ASSERT_GE(net.usd_dust, 0);
      ++steps;
    }
  } check;
  auto p = load("secret_ai.toml", {"simulation.horizon=10w", "network.attacker_share=0.3", "fees.protocol_fee=0.07",
                                   "fees.fee_in_scrt=0.5", "payments.subscription_share=0.4"});
  add_demand_crash(p);
  for (std::uint32_t path = 0; path < 2; ++path) drive(p, 5, path, check);
  EXPECT_EQ(check.steps, 2 * 10 * 168);
}

// ---- the subsidy and the fee

// Stress "the subsidy ends": nothing is paid for epochs starting after the
// end, and the reserve returns to the community pool.
TEST(SecretAiPaths, SubsidyStopsAtItsEndAndTheReserveReturns) {
  const auto p = load("secret_ai-subsidy-end.toml", {"simulation.horizon=10w", "subsidy.end=4w"});
  const auto r = run(p, 2);
  for (std::int64_t path = 0; path < r.n_paths; ++path) {
    // Snapshots are weekly, on epoch ends: 4 epochs of 20,000 SCRT (the
    // splits' rounding, a few micro-SCRT an epoch, stays in the reserve).
    const double emitted = metric(r, path, 4, Metric::emitted_cum);
    EXPECT_NEAR(emitted, 80000.0, 1e-3);
    EXPECT_NEAR(metric(r, path, 3, Metric::reward_reserve), 2500000.0 - 60000.0, 1e-3);
    for (std::int32_t t = 4; t < r.n_time; ++t) {
      EXPECT_EQ(metric(r, path, t, Metric::emitted_cum), emitted) << "week " << t;
      EXPECT_EQ(metric(r, path, t, Metric::reward_reserve), 0.0) << "week " << t;
    }
    EXPECT_EQ(metric(r, path, 6, Metric::subsidy_dependence), 0.0);
    EXPECT_GT(metric(r, path, 3, Metric::subsidy_dependence), 0.0);
  }
}

// The protocol fee is its share of the settled user payments (rounded up per
// service and epoch, so within a few micro-USD).
TEST(SecretAiPaths, ProtocolFeeIsItsShareOfSettledPayments) {
  const auto p = load("secret_ai.toml", {"simulation.horizon=6w", "fees.protocol_fee=0.1"});
  const auto r = run(p, 2);
  for (std::int64_t path = 0; path < r.n_paths; ++path) {
    const double paid = metric(r, path, 6, Metric::user_payments_usd_cum);
    EXPECT_GT(paid, 1000.0);
    EXPECT_NEAR(metric(r, path, 6, Metric::fees_usd_cum), 0.1 * paid, 1e-6 * paid);
  }
  // Off by default (seed): nothing is charged.
  const auto off = run(load("secret_ai.toml", {"simulation.horizon=2w"}), 1);
  EXPECT_EQ(metric(off, 0, 2, Metric::fees_usd_cum), 0.0);
}

// ---- self_dealing is never profitable under the rules

// Property (MODEL.md 2.5): with users paying per unit of work (no flat
// subscriptions), a self-dealer's profit from its fake jobs, measured against
// the same epochs without them, is <= 0 in every path, for any protocol fee,
// subsidy and network size: 0 at fee 0 (it gets back exactly what it paid,
// see SelfDealingBreaksEvenExactlyAtZeroFee) and negative with a fee (it
// loses the fee on its fake payments, less its stake share of it); a caught
// self-dealer also loses the slashed stake. Through a demand crash, with 2%
// of attackers caught per epoch.
class SelfDealingNeverProfitable : public ::testing::TestWithParam<std::tuple<double, int, int>> {};

TEST_P(SelfDealingNeverProfitable, InEveryPath) {
  const auto [fee, subsidy, workers] = GetParam();
  auto p = load("secret_ai.toml",
                {"simulation.horizon=10w", "network.attacker_share=0.5", "network.attacker_strategy=self_dealing",
                 "attack.detect_prob=0.02", "payments.subscription_share=0", "fees.protocol_fee=" + std::to_string(fee),
                 "subsidy.per_epoch=" + std::to_string(subsidy), "network.initial_workers=" + std::to_string(workers),
                 "network.max_workers=" + std::to_string(3 * workers + 8)});
  add_demand_crash(p);
  const std::uint64_t seed = 1000 + static_cast<std::uint64_t>(fee * 1000) + subsidy + workers;
  const auto r = run(p, 3, seed);
  for (std::int64_t path = 0; path < r.n_paths; ++path) {
    bool attackers = false;
    for (std::int32_t t = 0; t < r.n_time; ++t) {
      const double gain = metric(r, path, t, Metric::attack_gain_usd);
      ASSERT_LE(gain, 0.0) << "path " << path << " week " << t;
      attackers = attackers || metric(r, path, t, Metric::attackers_active) > 0;
    }
    EXPECT_EQ(event(r, path, ts::Event::attack_profitable), ts::kNeverReached) << "path " << path;
    const double fake = metric(r, path, r.n_time - 1, Metric::self_dealt_usd_cum);
    if (attackers) {
      EXPECT_GT(fake, 0.0) << "path " << path << ": attackers present but no fake jobs";
    }
    if (fee > 0.0 && fake > 0.0) {
      EXPECT_LT(metric(r, path, r.n_time - 1, Metric::attack_gain_usd), 0.0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(SecretAiProperty, SelfDealingNeverProfitable,
                         ::testing::Combine(::testing::Values(0.0, 0.005, 0.02, 0.1, 0.3),   // protocol fee
                                            ::testing::Values(0, 20000, 200000),             // subsidy, SCRT/epoch
                                            ::testing::Values(2, 8, 32)),                    // initial workers
                         [](const auto& info) {
                           return "fee" + std::to_string(static_cast<int>(std::get<0>(info.param) * 1000)) +
                                  "permil_subsidy" + std::to_string(std::get<1>(info.param)) + "_workers" +
                                  std::to_string(std::get<2>(info.param));
                         });

// Without detection and fee, the fake jobs are an exact wash in integer
// micro-USD: every epoch pays the self-dealer back exactly what it paid.
TEST(SecretAiProperty, SelfDealingBreaksEvenExactlyAtZeroFee) {
  auto p = load("secret_ai.toml", {"simulation.horizon=10w", "network.attacker_share=0.5",
                                   "attack.detect_prob=0", "payments.subscription_share=0"});
  add_demand_crash(p);
  const auto r = run(p, 3);
  for (std::int64_t path = 0; path < r.n_paths; ++path) {
    EXPECT_GT(metric(r, path, r.n_time - 1, Metric::self_dealt_usd_cum), 0.0);
    for (std::int32_t t = 0; t < r.n_time; ++t) ASSERT_EQ(metric(r, path, t, Metric::attack_gain_usd), 0.0);
  }
}

// Where the property ends: its premise is that the pool holds the price of
// exactly the work it splits. Flat subscriptions keep paying when usage
// crashes, so the pool per unit of work exceeds the price and fake jobs
// capture part of the subscribers' money. The simulator must show it.
TEST(SecretAiProperty, SelfDealingPaysWhenFlatSubscriptionsOutlastAUsageCrash) {
  auto p = load("secret_ai.toml", {"simulation.horizon=10w", "network.attacker_share=0.5",
                                   "payments.subscription_share=0.5", "attack.detect_prob=0"});
  add_demand_crash(p);
  const auto r = run(p, 3);
  double best = -1e300;
  for (std::int64_t path = 0; path < r.n_paths; ++path)
    best = std::max(best, metric(r, path, r.n_time - 1, Metric::attack_gain_usd));
  EXPECT_GT(best, 0.0);
}

// ---- sybil against uptime rewards is bounded by the minimum stake

// The bound, stated precisely. Rules: an identity-step counts for uptime only
// while the worker's bonded stake S covers the minimum stake m for it, and an
// epoch's protocol rewards B are split by counted identity-steps u (total U):
// R_i = floor(B u_i / U). Hence in every step u_i grows by at most
// floor(S_i / m), and over an epoch of H steps
//   R_i <= B H floor(S_max,i / m) / U,
// i.e. no worker, however it splits its stake into identities, earns more
// per staked SCRT than B H / (U m): what one minimum-stake identity with full
// uptime earns. A sybil that splits the same capital as an honest worker into
// k = floor(S / m) identities earns at most k honest shares, and nothing
// extra once m >= S. Checked for every worker, step and epoch of sybil-heavy
// paths, with the model's payments compared to the rule.
TEST(SecretAiProperty, SybilUptimeRewardBoundedByMinimumStake) {
  for (const char* min_stake : {"1000", "2500"}) {
    struct Check : Hooks {
      const sai::Params* p = nullptr;
      std::vector<std::int64_t> uptime_before;
      std::vector<Micro> max_stake;   // the most bonded stake of the epoch
      Micro expected_paid = 0;
      Micro emitted_before = 0;
      double sybil_reward = 0, sybil_nodes = 0, honest_reward = 0, honest_nodes = 0;
      std::int64_t epochs_checked = 0;

      void before_online(std::int32_t, const sai::Network& net, const std::vector<sai::Worker>& w) override {
        if (uptime_before.empty()) {
          uptime_before.assign(w.size(), 0);
          max_stake.assign(w.size(), 0);
        }
        for (std::size_t i = 0; i < w.size(); ++i) uptime_before[i] = w[i].epoch_uptime;
        emitted_before = net.emitted_cum;
      }
      void after_online(std::int32_t t, const sai::Network&, const std::vector<sai::Worker>& w) override {
        for (std::size_t i = 0; i < w.size(); ++i) {
          const sai::Worker& v = w[i];
          if (v.status != sai::Status::active) continue;
          const std::int64_t counted = v.epoch_uptime - uptime_before[i];
          ASSERT_LE(counted, v.acc.bonded / p->min_stake) << "slot " << i << " step " << t;
          ASSERT_LE(counted, static_cast<std::int64_t>(v.online_nodes) * (v.identities / v.nodes));
          max_stake[i] = std::max(max_stake[i], v.acc.bonded);
        }
      }
      void before_settle(std::int32_t t, const sai::Network& net, const std::vector<sai::Worker>& w) override {
        if (!net.settling) return;
        expected_paid = 0;
        for (std::size_t i = 0; i < w.size(); ++i) {
          const sai::Worker& v = w[i];
          if (v.status == sai::Status::vacant || v.epoch_uptime == 0) continue;
          const Micro reward = sai::uptime_reward(net.subsidy, v.epoch_uptime, net.epoch_uptime);
          expected_paid += reward;
          // R_i U <= B H floor(S_max / m), in 128 bits.
          const __int128 lhs = static_cast<__int128>(reward) * net.epoch_uptime;
          const __int128 rhs = static_cast<__int128>(net.subsidy) * p->epoch_steps * (max_stake[i] / p->min_stake);
          ASSERT_LE(lhs, rhs) << "slot " << i << " epoch ending at step " << t;
          (v.strategy == sai::Strategy::sybil ? sybil_reward : honest_reward) += static_cast<double>(reward);
          (v.strategy == sai::Strategy::sybil ? sybil_nodes : honest_nodes) += v.nodes;
        }
        ++epochs_checked;
      }
      void after_step(std::int32_t t, const sai::Network& net, const std::vector<sai::Worker>& w,
                      const sai::SettleSums& s) override {
        if (s.reward_paid > 0 || expected_paid > 0) {
          // The model pays exactly the rule's shares.
          ASSERT_EQ(net.emitted_cum - emitted_before, expected_paid) << "step " << t;
          expected_paid = 0;
        }
        if ((t + 1) % p->epoch_steps == 0)
          for (std::size_t i = 0; i < w.size(); ++i) max_stake[i] = w[i].acc.bonded;
      }
    } check;
    auto p = load("secret_ai.toml", {"simulation.horizon=8w", "network.attacker_share=0.5",
                                     "network.attacker_strategy=sybil", "attack.detect_prob=0.05",
                                     std::string("staking.min_stake=") + min_stake});
    check.p = &p;
    for (std::uint32_t path = 0; path < 2; ++path) drive(p, 3, path, check);
    EXPECT_GE(check.epochs_checked, 16);
    // The attack works within its bound: per node a sybil earns about k =
    // floor(5,000 / m) honest shares (reliabilities differ by a few %).
    const double k = static_cast<double>(p.sybil_identities_per_node);
    const double ratio = (check.sybil_reward / check.sybil_nodes) / (check.honest_reward / check.honest_nodes);
    EXPECT_GT(ratio, 0.9 * k) << "min_stake " << min_stake;
    EXPECT_LT(ratio, 1.1 * k) << "min_stake " << min_stake;
  }
}

// The sybil's excess shrinks with the minimum stake and vanishes when one
// identity needs the whole stake of a node (secret_ai-sybil.toml's sweep).
TEST(SecretAiProperty, SybilGainShrinksWithTheMinimumStakeAndVanishesAtTheStakePerNode) {
  double gain[3];
  for (std::size_t point = 0; point < 3; ++point) {
    const auto p = load("secret_ai-sybil.toml", {"simulation.horizon=8w", "simulation.snapshot_every=1w"}, point);
    const auto r = run(p, 4);
    gain[point] = 0.0;
    for (std::int64_t path = 0; path < r.n_paths; ++path) {
      const double g = metric(r, path, r.n_time - 1, Metric::attack_gain_usd);
      if (point == 2) {
        EXPECT_LE(g, 0.0) << "min_stake = stake_per_node: a sybil is an honest worker (less any slash)";
        for (std::int32_t t = 0; t < r.n_time; ++t) EXPECT_LE(metric(r, path, t, Metric::attack_gain_usd), 0.0);
      }
      gain[point] += g;
    }
  }
  EXPECT_GT(gain[0], gain[1]);   // 5 identities per node against 2
  EXPECT_GT(gain[1], 0.0);
}

}  // namespace
