// 2PM.Network whole paths (MODEL.md 2.8): exact conservation in every path of
// every shipped twopm scenario; the vaults never pay more than their budgets
// and run dry in the round the schedule exhausts them; an FHE task's node
// takes its whole pool, federated learning shares by work, the FHE lottery
// follows stake; and the poisoning stress: poison's share of the data pool
// grows with its number and falls with tighter score caps, while no cap
// makes a junk batch earn less than an honest one.
#include <gtest/gtest.h>

#include "tests/unit/shipped_scenarios.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/registry.hpp"
#include "host/protocols/twopm_params.hpp"
#include "models/metrics.hpp"
#include "models/protocols/twopm/model.hpp"

namespace {

namespace tp = ts::twopm;
using ts::Metric;
using ts::Micro;
using Model = tp::TwopmModel;

std::string config(const std::string& name) { return std::string(TS_SOURCE_DIR) + "/configs/" + name; }

tp::Params load(const std::string& file, const std::vector<std::string>& overrides, std::size_t point = 0) {
  const auto sc = ts::config::load_scenario(config(file), overrides, ts::protocol_registry());
  return ts::build_twopm_params(sc, ts::config::expand_sweep(sc).at(point));
}

ts::PointPaths run(const tp::Params& p, std::int64_t paths, std::uint64_t seed = 11) {
  ts::PointPaths out;
  ts::CpuOptions opt;
  opt.threads = 2;
  ts::run_paths_cpu<Model>(p, seed, 0, paths, opt, nullptr, out);
  return out;
}

double metric(const ts::PointPaths& r, std::int64_t path, std::int32_t t, Metric m) {
  return r.value(path, t, static_cast<int>(m));
}

// The sequential driver of models/engine/path_driver.hpp with hooks around
// the phases, so that a test can look at the path between them.
struct Hooks {
  virtual ~Hooks() = default;
  // After phase 2: the round's payouts are in the slots, the vaults not yet debited.
  virtual void after_payouts(std::int32_t, const tp::Network&, const std::vector<tp::Participant>&) {}
  virtual void after_step(std::int32_t, const tp::Network&, const std::vector<tp::Participant>&) {}
};

// The hooks at the engine's watch points of a step.
struct HookWatch : ts::StepWatcher {
  using ts::StepWatcher::phase_done;
  Hooks& h;
  const std::vector<tp::Participant>& v;
  HookWatch(Hooks& hooks, const std::vector<tp::Participant>& slots) : h(hooks), v(slots) {}
  void phase_done(int, std::int32_t t, const tp::Network& net, const tp::PayoutSums&) { h.after_payouts(t, net, v); }
};

void drive(const tp::Params& p, std::uint64_t seed, std::uint32_t path, Hooks& h) {
  const ts::PathContext ctx{ts::RandomKey{seed}, path};
  tp::Network net;
  std::vector<tp::Participant> v(Model::agent_slots(p));
  Model::init(p, ctx, net, v.data());
  HookWatch watch(h, v);
  for (std::int32_t t = 0; t < p.n_steps; ++t) {
    ts::simulate_step<Model>(p, ctx, t, net, v.data(), watch);
    h.after_step(t, net, v);
  }
}

// ---- conservation

// Conservation residual exactly 0 in every path of every shipped twopm
// scenario and every point of its sweep (MODEL.md 1), on short horizons;
// no vault ever pays more than its budget (cap_breach).
TEST(TwopmConservation, EveryShippedScenarioEveryPathResidualZero) {
  const int scenarios = ts::test::for_each_shipped_point(
      "twopm", {"simulation.horizon=35d", "simulation.snapshot_every=1d"},
      [&](const std::string& name, const ts::config::Scenario& sc, std::size_t i, const ts::config::Point& point) {
    const auto r = run(ts::build_twopm_params(sc, point), 3);
    ts::test::expect_exact_ledger(r, name + " point " + std::to_string(i));
      });
  EXPECT_GE(scenarios, 2);
}

// After every round of a stressed mix (two rounds a day, unreliable nodes,
// heavy slashing, poison under a cap, a data vault that runs dry): the
// ledger balances, and what left the vaults is exactly what participants
// were paid plus the dust of the splits.
TEST(TwopmConservation, VaultsPayExactlyWhatParticipantsReceivePlusDust) {
  struct Check : Hooks {
    const tp::Params* p = nullptr;
    std::int64_t rounds = 0;
    void after_step(std::int32_t t, const tp::Network& net, const std::vector<tp::Participant>&) override {
      ASSERT_EQ(net.residual_max_abs, 0) << "round " << t;
      ASSERT_GE(net.compute_vault, 0);
      ASSERT_GE(net.data_vault, 0);
      const Micro left_vaults = p->compute.budget + p->data.budget - net.compute_vault - net.data_vault;
      ASSERT_EQ(left_vaults, net.compute_paid_cum + net.data_paid_cum + net.acc.dust) << "round " << t;
      ++rounds;
    }
  } check;
  const auto p = load("twopm.toml", {"simulation.horizon=60d", "simulation.dt_hours=12", "contributors.poison=20",
                                     "score.cap=0.1", "providers.p_up_alpha=3", "slashing.failed_round=0.2",
                                     "royalty.lambda_data=0.05", "royalty.lambda_compute=0.02"});
  check.p = &p;
  for (std::uint32_t path = 0; path < 2; ++path) drive(p, 5, path, check);
  EXPECT_EQ(check.rounds, 2 * 120);
}

// ---- the vaults

// With lambda_data = 0.05 the seed's density promises 1.025 budgets; the
// data vault pays each round's pool in full (less under one micro-token of
// dust per batch) until round 74, where the schedule's running sum
// 0.05 (1 - e^(-0.05 n)) / (1 - e^(-0.05)) first reaches 1: it pays the rest
// there and nothing after, and the cumulative paid is the budget, never more.
TEST(TwopmPaths, DataVaultPaysTheScheduleAndRunsDryInRound74) {
  struct Check : Hooks {
    const tp::Params* p = nullptr;
    std::int32_t dry = -1;
    void after_step(std::int32_t t, const tp::Network& net, const std::vector<tp::Participant>&) override {
      const Micro scheduled = tp::scheduled_pool(p->data, t);
      const Micro batches = net.batches_honest + net.batches_poison;
      ASSERT_GT(batches, 0);
      if (dry < 0) {
        const Micro due = net.data_vault > 0 ? scheduled : net.data_pool;
        ASSERT_LE(net.data_paid_round, due);
        ASSERT_GT(net.data_paid_round, due - batches) << "round " << t;
        if (net.data_vault == 0) dry = t;
      } else {
        ASSERT_EQ(net.data_paid_round, 0) << "round " << t;
        ASSERT_LT(net.reward_scale, 1.0);
      }
      ASSERT_LE(net.data_paid_cum, p->data.budget);
    }
  } check;
  const auto p = load("twopm.toml", {"simulation.horizon=100d", "royalty.lambda_data=0.05"});
  check.p = &p;
  drive(p, 3, 0, check);
  EXPECT_EQ(check.dry, 74);
}

// ---- compute tasks

// One FHE task a round: a single committed node, drawn by the lottery, takes
// the whole compute pool when it delivers; when it fails nobody is paid, the
// pool stays in the vault and the node is slashed.
TEST(TwopmPaths, FheNodeTakesTheWholeTaskPool) {
  struct Check : Hooks {
    const tp::Params* p = nullptr;
    int delivered = 0, failed = 0;
    void after_payouts(std::int32_t t, const tp::Network& net, const std::vector<tp::Participant>& v) override {
      const std::int32_t w = net.fhe_winner[0];
      ASSERT_GE(w, 0) << "round " << t;
      ASSERT_TRUE(v[w].committed);
      for (std::int32_t i = 0; i < p->max_nodes; ++i) {
        if (i == w) continue;
        ASSERT_EQ(v[i].paid_round, 0) << "round " << t << " node " << i;
      }
      if (v[w].online) {
        ASSERT_EQ(v[w].paid_round, net.compute_pool);
        ++delivered;
      } else {
        ASSERT_EQ(v[w].paid_round, 0);
        ++failed;
      }
    }
  } check;
  const auto p = load("twopm.toml", {"simulation.horizon=120d", "tasks.per_round=1", "tasks.fhe_share=1",
                                     "providers.p_up_alpha=9"});   // reliability 90%: failures happen
  check.p = &p;
  drive(p, 7, 0, check);
  EXPECT_GT(check.failed, 0);
  EXPECT_GT(check.delivered, 5 * check.failed);
}

// Federated learning only: every node that delivered gets
// floor(pool * work / total work); a committed node that failed gets nothing
// and loses exactly floor(stake * failed_round) of its stake.
TEST(TwopmPaths, FederatedLearningSharesByWorkAndSlashesFailedRounds) {
  struct Check : Hooks {
    const tp::Params* p = nullptr;
    std::vector<Micro> bonded_before;
    int slashed = 0;
    void after_step(std::int32_t, const tp::Network&, const std::vector<tp::Participant>& v) override {
      bonded_before.resize(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) bonded_before[i] = v[i].acc.bonded;
    }
    void after_payouts(std::int32_t t, const tp::Network& net, const std::vector<tp::Participant>& v) override {
      ASSERT_EQ(net.n_fhe, 0);
      for (std::int32_t i = 0; i < p->max_nodes; ++i) {
        const tp::Participant& n = v[i];
        if (!n.committed) continue;
        if (n.online) {
          ASSERT_EQ(n.paid_round, ts::mul_div_floor(net.fl_pool, n.work, net.fl_work)) << "round " << t;
        } else {
          ASSERT_EQ(n.paid_round, 0);
          if (!bonded_before.empty()) {
            const Micro before = bonded_before[i];
            ASSERT_EQ(before - n.acc.bonded, ts::apply_fraction(before, p->failed_round_slash)) << "round " << t;
            ++slashed;
          }
        }
      }
    }
  } check;
  const auto p = load("twopm.toml", {"simulation.horizon=60d", "tasks.fhe_share=0", "providers.p_up_alpha=9"});
  check.p = &p;
  drive(p, 9, 0, check);
  EXPECT_GT(check.slashed, 20);
}

// The FHE lottery follows stake inside whole paths: over 8 FHE tasks a round
// for 150 rounds, the nodes in the upper half of stake win what their stake
// shares predict, within 4 standard deviations (and clearly more than half).
TEST(TwopmPaths, FheWinsFollowStake) {
  struct Check : Hooks {
    const tp::Params* p = nullptr;
    double expected_high = 0, variance = 0, wins_high = 0, tasks = 0;
    void after_payouts(std::int32_t, const tp::Network& net, const std::vector<tp::Participant>& v) override {
      std::vector<Micro> stakes;
      double total = 0;
      for (std::int32_t i = 0; i < p->max_nodes; ++i)
        if (v[i].committed) {
          stakes.push_back(v[i].acc.bonded);
          total += static_cast<double>(v[i].acc.bonded);
        }
      std::sort(stakes.begin(), stakes.end());
      const Micro median = stakes[stakes.size() / 2];
      double share_high = 0;
      for (std::int32_t i = 0; i < p->max_nodes; ++i)
        if (v[i].committed && v[i].acc.bonded >= median) share_high += static_cast<double>(v[i].acc.bonded) / total;
      for (std::int32_t k = 0; k < p->tasks_per_round; ++k) {
        if (!net.task_is_fhe[k]) continue;
        const std::int32_t w = net.fhe_winner[k];
        wins_high += v[w].acc.bonded >= median ? 1 : 0;
        expected_high += share_high;
        variance += share_high * (1 - share_high);
        tasks += 1;
      }
    }
  } check;
  // Slashing off so that the stakes the lottery saw are the stakes read here.
  const auto p = load("twopm.toml", {"simulation.horizon=150d", "tasks.per_round=8", "tasks.fhe_share=1",
                                     "slashing.failed_round=0"});
  check.p = &p;
  drive(p, 13, 0, check);
  EXPECT_EQ(check.tasks, 8 * 150);
  EXPECT_NEAR(check.wins_high, check.expected_high, 4 * std::sqrt(check.variance));
  EXPECT_GT(check.wins_high / check.tasks, 0.6);   // stakes span 1x-5x: the upper half holds ~65%
}

// ---- the poisoning stress (configs/twopm-poisoning.toml)

struct SweepShares {
  std::map<std::pair<double, int>, double> share;   // (cap, poison) -> mean cumulative poison share
  std::map<std::pair<double, int>, double> honest_score;
};

SweepShares run_poisoning() {
  const auto sc = ts::config::load_scenario(config("twopm-poisoning.toml"),
                                            {"simulation.horizon=28d", "simulation.snapshot_every=1w"},
                                            ts::protocol_registry());
  SweepShares out;
  for (const auto& point : ts::config::expand_sweep(sc)) {
    const auto p = ts::build_twopm_params(sc, point);
    const auto r = run(p, 4);
    double share = 0, score = 0;
    for (std::int64_t path = 0; path < r.n_paths; ++path) {
      share += metric(r, path, r.n_time - 1, Metric::poison_data_share_cum) / r.n_paths;
      score += metric(r, path, r.n_time - 1, Metric::kl_score_honest_mean) / r.n_paths;
    }
    const auto key = std::make_pair(point.values.at("score.cap"), p.poison_contributors);
    out.share[key] = share;
    out.honest_score[key] = score;
  }
  return out;
}

// Poison's share of the data pool: 0 without poison; strictly growing with
// the number of poison contributors under every cap; strictly falling as the
// cap tightens for every number; and under the seed's rule (no cap) one junk
// contributor among 200 honest ones already takes over a tenth of the pool,
// 20x its head-count share. The honest contributors are the same in every
// point (common random numbers): their scores do not depend on the point.
TEST(TwopmPoisoning, ShareGrowsWithNumberAndFallsWithTighterCaps) {
  const SweepShares s = run_poisoning();
  const std::vector<double> caps = {0.0, 1.0, 0.25, 0.1};   // loosest to tightest
  const std::vector<int> numbers = {0, 1, 2, 5, 10, 20, 50};
  ASSERT_EQ(s.share.size(), caps.size() * numbers.size());
  const double honest = s.honest_score.begin()->second;
  for (const auto& [key, score] : s.honest_score) EXPECT_EQ(score, honest);
  for (double cap : caps) {
    EXPECT_EQ(s.share.at({cap, 0}), 0.0);
    for (std::size_t i = 1; i < numbers.size(); ++i)
      EXPECT_GT(s.share.at({cap, numbers[i]}), s.share.at({cap, numbers[i - 1]})) << "cap " << cap;
  }
  for (std::size_t i = 1; i < numbers.size(); ++i)
    for (std::size_t c = 1; c < caps.size(); ++c)
      EXPECT_LT(s.share.at({caps[c], numbers[i]}), s.share.at({caps[c - 1], numbers[i]})) << numbers[i];
  EXPECT_GT(s.share.at({0.0, 1}), 0.1);
  EXPECT_GT(s.share.at({0.0, 50}), 0.9);
}

// Under any cap, in every round, a junk batch earns at least as much as the
// best honest batch (its score is the cap, or the largest possible), and it
// earns exactly floor(pool * cap / total) when a cap binds: the cap bounds
// junk's advantage, never removes it.
TEST(TwopmPoisoning, NoCapMakesJunkEarnLessThanHonestData) {
  for (const char* cap : {"0", "0.25", "0.05"}) {
    struct Check : Hooks {
      const tp::Params* p = nullptr;
      int rounds = 0;
      void after_payouts(std::int32_t t, const tp::Network& net, const std::vector<tp::Participant>& v) override {
        Micro best_honest = 0, worst_poison = INT64_MAX;
        for (std::int32_t i = p->max_nodes; i < tp::slot_count(*p); ++i) {
          if (!v[i].submitted) continue;
          if (v[i].kind == tp::Kind::poison) {
            worst_poison = std::min(worst_poison, v[i].paid_round);
            if (p->score_cap > 0) {
              ASSERT_EQ(v[i].paid_round, ts::mul_div_floor(net.data_pool, p->score_cap, net.score_total));
            }
          } else {
            best_honest = std::max(best_honest, v[i].paid_round);
          }
        }
        if (worst_poison == INT64_MAX) return;
        ASSERT_GE(worst_poison, best_honest) << "round " << t;
        ++rounds;
      }
    } check;
    const auto p = load("twopm.toml", {"simulation.horizon=40d", "contributors.poison=5",
                                       std::string("score.cap=") + cap});
    check.p = &p;
    drive(p, 21, 0, check);
    EXPECT_GE(check.rounds, 35) << "cap " << cap;
  }
}

}  // namespace
