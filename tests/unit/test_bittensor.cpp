// Bittensor (MODEL.md 2.3): the halving schedule, the tempo's emission and
// split through the model, the delegate take, registration with immunity and
// pruning, and the properties of Yuma in whole paths: honest validators pay
// miners by quality; a cartel below kappa gains nothing, above it captures
// the miners' emission; conservation in every path of every scenario.
#include <gtest/gtest.h>

#include "tests/unit/shipped_scenarios.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/bittensor_params.hpp"
#include "host/protocols/registry.hpp"
#include "models/metrics.hpp"
#include "models/protocols/bittensor/model.hpp"

namespace {

namespace bt = ts::bittensor;
using ts::Metric;
using ts::Micro;
using Model = bt::BittensorModel;
constexpr Micro kTao = ts::kMicroPerToken;

std::string config(const std::string& name) { return std::string(TS_SOURCE_DIR) + "/configs/" + name; }

bt::Params load(const std::string& file, const std::vector<std::string>& overrides, std::size_t point = 0) {
  const auto sc = ts::config::load_scenario(config(file), overrides, ts::protocol_registry());
  return ts::build_bittensor_params(sc, ts::config::expand_sweep(sc).at(point));
}

// One path stepped by hand, so tests can look at validators and miners.
struct Path {
  bt::Params p;
  ts::PathContext ctx;
  bt::Network net;
  std::vector<bt::Miner> miners;
  std::int32_t t = 0;

  explicit Path(const bt::Params& params, std::uint32_t path = 0) : p(params), miners(params.max_miners) {
    ctx.key = ts::RandomKey{17};
    ctx.path = path;
    Model::init(p, ctx, net, miners.data());
  }
  void step() {
    ts::StepWatcher none;
    ts::simulate_step<Model>(p, ctx, t++, net, miners.data(), none);
  }
};

// ---- emission (MODEL.md 2.3; Bittensor's public halving schedule)

TEST(BittensorEmission, HalvingThresholdsAreHalvesOfTheRemainingSupply) {
  const Micro cap = 21'000'000 * kTao, r0 = kTao;
  EXPECT_EQ(bt::block_reward_at(6'885'398 * kTao, r0, cap), kTao);          // seed's 2024-06-05 issuance
  EXPECT_EQ(bt::block_reward_at(10'500'000 * kTao - 1, r0, cap), kTao);
  EXPECT_EQ(bt::block_reward_at(10'500'000 * kTao, r0, cap), kTao / 2);     // 21M / 2
  EXPECT_EQ(bt::block_reward_at(15'750'000 * kTao, r0, cap), kTao / 4);     // 21M (1 - 1/4)
  EXPECT_EQ(bt::block_reward_at(18'375'000 * kTao, r0, cap), kTao / 8);     // 21M (1 - 1/8)
}

TEST(BittensorEmission, TempoCrossingAThresholdPaysEachBlockItsReward) {
  // 100 TAO below 10.5M: 100 blocks at 1 TAO, then 260 blocks at 0.5 TAO = 230 TAO.
  const Micro cap = 21'000'000 * kTao;
  EXPECT_EQ(bt::emission_of_blocks(10'500'000 * kTao - 100 * kTao, 360, kTao, cap), 230 * kTao);
  // Before any threshold: 360 TAO per tempo, 7,200 per day (20 tempos).
  Micro issued = 6'885'398 * kTao, day = 0;
  for (int k = 0; k < 20; ++k) {
    const Micro m = bt::emission_of_blocks(issued + day, 360, kTao, cap);
    EXPECT_EQ(m, 360 * kTao);
    day += m;
  }
  EXPECT_EQ(day, 7'200 * kTao);
}

TEST(BittensorEmission, NeverPastTheCap) {
  const Micro cap = 21'000'000 * kTao;
  Micro issued = cap - 3 * kTao;
  for (int k = 0; k < 1000; ++k) issued += bt::emission_of_blocks(issued, 360, kTao, cap);
  EXPECT_LE(issued, cap);
  EXPECT_EQ(bt::emission_of_blocks(cap, 360, kTao, cap), 0);
}

// The preset's first tempo with the subnet given all emission: 360 TAO
// minted, 64.8 to the owner, 147.6 to validators, 147.6 to miners (seed 003).
TEST(BittensorEmission, FirstTempoOfThePresetSplits360Tao) {
  Path path(load("bittensor.toml", {"emission.subnet_share=1"}));
  path.step();
  EXPECT_EQ(path.net.minted_cum, 360 * kTao);
  EXPECT_EQ(path.net.owner_wallet, 64'800'000);
  EXPECT_EQ(path.net.validators_budget, 147'600'000);
  EXPECT_EQ(path.net.miners_budget, 147'600'000);
  // The halving's block reward is still 1 TAO.
  EXPECT_EQ(path.net.block_reward, kTao);
}

TEST(BittensorEmission, OtherSubnetsShareReachesStakeAndHolders) {
  // subnet_share 0.025: 9 TAO of the 360 to this subnet, 351 elsewhere;
  // of those, the validators' 41% (143.91 TAO) goes to all stake on the
  // network, this subnet's 4,000,000 of 5,751,813 TAO: 100.08 TAO.
  bt::Params p = load("bittensor.toml", {});
  Path path(p);
  const Micro subnet_before = path.net.acc.reward_reserve + path.net.owner_wallet;
  path.step();
  EXPECT_EQ(path.net.minted_cum, 360 * kTao);
  const Micro subnet = ts::apply_fraction(360 * kTao, p.subnet_share);   // 0.025 rounded down to 2^-32
  EXPECT_NEAR(static_cast<double>(subnet), 9.0 * kTao, 1.0);
  EXPECT_EQ(path.net.owner_wallet - subnet_before, ts::yuma::split_tempo_emission(subnet).owner);
  const double other = ts::to_tokens(360 * kTao - subnet);
  EXPECT_NEAR(ts::to_tokens(path.net.outside_dividends_cum), other * 0.41 * 4'000'000.0 / 5'751'813.0, 1e-3);
  EXPECT_EQ(path.net.residual_max_abs, 0);
}

// ---- delegation (seed 003: a delegate keeps 18% of its nominators' rewards)

TEST(BittensorDelegation, TakeThenStakeShare) {
  // One validator with 10 TAO own and 90 TAO nominated earns 100 TAO:
  // take 18, the remaining 82 shared by stake: owner 8.2, nominators 73.8.
  bt::Params p = load("bittensor.toml", {"validators.count=1", "attack.colluding_validators=0"});
  bt::Network net{};
  net.validator_self[0] = 10 * kTao;
  net.validator_delegated[0] = 90 * kTao;
  net.validators_budget = 100 * kTao;
  net.acc.reward_reserve = 100 * kTao;
  bt::PaySums s;
  s.dividend[0] = ts::yuma::kOne;
  bt::pay_dividends(p, net, s);
  // 0.18 is rounded down to 2^-32, so the take is 18 TAO less one micro-TAO.
  const Micro take = ts::apply_fraction(100 * kTao, p.validator_take);
  EXPECT_EQ(take, 18 * kTao - 1);
  const Micro own = (100 * kTao - take) / 10;   // 8.2 TAO (+ a tenth of the micro-TAO, rounded down)
  EXPECT_EQ(own, 8'200'000);
  EXPECT_EQ(net.validator_self[0], 10 * kTao + take + own);
  EXPECT_EQ(net.validator_delegated[0], 90 * kTao + (100 * kTao - take - own));
  EXPECT_EQ(net.validator_self[0] + net.validator_delegated[0], 200 * kTao);
  EXPECT_EQ(net.acc.reward_reserve, 0);
}

// Nominators (MODEL.md 1 "Stakers"): with the seed's ~15% staking yield
// they add stake against a 10% hurdle; against a 30% hurdle they withdraw,
// 0.5% of each validator's nominated stake a day, to holders.
TEST(BittensorDelegation, NominatorsFollowTheirYieldAgainstTheHurdle) {
  for (double hurdle : {0.10, 0.30}) {
    Path path(load("bittensor.toml", {"stakers.hurdle_apy=" + std::to_string(hurdle)}));
    Micro before = 0, after = 0;
    for (int i = 0; i < path.p.n_validators; ++i) before += path.net.validator_delegated[i];
    for (int k = 0; k < 20 * 5; ++k) path.step();   // five days
    for (int i = 0; i < path.p.n_validators; ++i) after += path.net.validator_delegated[i];
    EXPECT_GT(path.net.nominator_apy, 0.12) << "hurdle " << hurdle;
    EXPECT_LT(path.net.nominator_apy, 0.25) << "hurdle " << hurdle;
    const double change = ts::to_tokens(after) / ts::to_tokens(before) - 1.0;
    // Five days of rewards add ~0.2%; five days of flows move ~2.5% either way.
    if (hurdle < 0.15) {
      EXPECT_GT(change, 0.02) << "hurdle " << hurdle;
    } else {
      EXPECT_LT(change, -0.02) << "hurdle " << hurdle;
    }
    EXPECT_EQ(path.net.residual_max_abs, 0);
  }
}

// ---- registration, immunity, pruning (seed 003)

TEST(BittensorRegistration, VacantUidFirstThenLowestIncentiveOutOfImmunity) {
  bt::Params p = load("bittensor.toml", {"miners.max=64", "miners.initial=4", "attack.colluding_miners=0"});
  p.max_miners = 4;
  std::vector<bt::Miner> m(4);
  for (int j = 0; j < 4; ++j) {
    m[j].status = bt::MinerStatus::active;
    m[j].registered_step = -p.immunity_steps;
    m[j].incentive = (j + 1) * 1000;
  }
  m[2].status = bt::MinerStatus::vacant;
  EXPECT_EQ(bt::registration_slot(p, 10, m.data()), 2);      // a free UID
  m[2].status = bt::MinerStatus::active;
  m[2].incentive = 10;                                        // lowest incentive ...
  m[2].registered_step = 5;                                   // ... but immune until step 5 + 140
  EXPECT_EQ(bt::registration_slot(p, 10, m.data()), 0);      // the lowest out of immunity
  EXPECT_EQ(bt::registration_slot(p, 5 + p.immunity_steps - 1, m.data()), 2);   // immunity over
  for (auto& x : m) x.registered_step = 100;
  EXPECT_EQ(bt::registration_slot(p, 101, m.data()), -1);    // everyone immune: no registration
}

TEST(BittensorRegistration, ImmunityIs140Tempos) {
  EXPECT_EQ(load("bittensor.toml", {}).immunity_steps, 7 * 7200 / 360);
}

// ---- Yuma in whole paths

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

// Honest validators only: after a day, each miner's incentive is close to
// its share of true quality (noise 10% per validator, averaged by stake).
TEST(BittensorYuma, HonestValidatorsPayMinersByQuality) {
  Path path(load("bittensor.toml", {"attack.colluding_miners=0", "providers.lambda_entry=0"}));
  for (int k = 0; k < 20; ++k) path.step();
  std::vector<double> incentive, quality;
  double q_sum = 0;
  for (const auto& m : path.miners)
    if (m.status == bt::MinerStatus::active) q_sum += m.quality;
  for (const auto& m : path.miners) {
    if (m.status != bt::MinerStatus::active) continue;
    incentive.push_back(static_cast<double>(m.incentive) / 4294967296.0);
    quality.push_back(m.quality / q_sum);
  }
  ASSERT_EQ(incentive.size(), 192u);
  EXPECT_GT(correlation(incentive, quality), 0.98);
  for (std::size_t j = 0; j < incentive.size(); ++j)
    EXPECT_NEAR(incentive[j] / quality[j], 1.0, 0.15) << "miner " << j;
  // Clipping removes only the honest noise above consensus.
  EXPECT_LT(path.net.clip_share, 0.08);
}

// test_yuma.cpp's hand-computed case through the model's own phases (u16
// weights, reciprocal row normalisation, column consensus, bonds, payment):
// S = (0.5, 0.3, 0.2), W = V0 (0.4, 0.4, 0.2, 0), V1 (0.5, 0.3, 0.2, 0),
// V2 (0, 0, 0, 1). Incentive R / 0.77 = (0.32, 0.29, 0.16, 0) / 0.77;
// dividends (0.5, 0.27, 0) / 0.77 of the validators' 41%.
TEST(BittensorYuma, ModelPhasesReproduceTheHandComputedCase) {
  bt::Params p = load("bittensor.toml", {"validators.count=3", "miners.max=4", "miners.initial=4",
                                         "emission.subnet_share=1", "providers.lambda_entry=0"});
  const double stake[3] = {50, 30, 20};
  for (int i = 0; i < 3; ++i) {
    p.validator_self[i] = static_cast<Micro>(stake[i] * kTao);
    p.validator_delegated[i] = 0;
  }
  Path path(p);
  const std::uint16_t w[3][4] = {{4000, 4000, 2000, 0}, {5000, 3000, 2000, 0}, {0, 0, 0, 10000}};
  Model::begin_step(p, path.ctx, 0, path.net);
  bt::WeightSums s1;
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 3; ++i) {
      path.miners[j].weight[i] = w[i][j];
      s1.row_sum[i] += w[i][j];
    }
  Model::after1(p, path.ctx, 0, path.net, s1);
  bt::RankSums s2;
  for (int j = 0; j < 4; ++j) Model::phase2(p, path.ctx, 0, path.net, path.miners[j], j, s2);
  Model::after2(p, path.ctx, 0, path.net, s2);
  bt::PaySums s3;
  for (int j = 0; j < 4; ++j) Model::phase3(p, path.ctx, 0, path.net, path.miners[j], j, s3);
  const double incentive[4] = {0.32 / 0.77, 0.29 / 0.77, 0.16 / 0.77, 0.0};
  for (int j = 0; j < 4; ++j) {
    EXPECT_NEAR(static_cast<double>(path.miners[j].incentive) / 4294967296.0, incentive[j], 1e-6) << "miner " << j;
    EXPECT_NEAR(ts::to_tokens(path.miners[j].liquid), 147.6 * incentive[j], 1e-3) << "miner " << j;
  }
  EXPECT_EQ(path.miners[3].liquid, 0);   // the lone colluder's miner is clipped to nothing
  const Micro before[3] = {path.net.validator_self[0], path.net.validator_self[1], path.net.validator_self[2]};
  Model::end_step(p, path.ctx, 0, path.net, s3, path.miners.data());
  const double dividend[3] = {0.5 / 0.77, 0.27 / 0.77, 0.0};
  for (int i = 0; i < 3; ++i)
    EXPECT_NEAR(ts::to_tokens(path.net.validator_self[i] - before[i]), 147.6 * dividend[i], 1e-3) << "validator " << i;
  EXPECT_EQ(path.net.residual_max_abs, 0);
}

// Mean over paths of a metric at the last snapshot, one sweep point.
double final_mean(const bt::Params& p, Metric metric, int paths = 4) {
  ts::PointPaths out;
  ts::CpuOptions opt;
  opt.threads = 2;
  ts::run_paths_cpu<Model>(p, 5, 0, paths, opt, nullptr, out);
  double s = 0;
  for (int k = 0; k < paths; ++k) s += out.value(k, out.n_time - 1, static_cast<int>(metric));
  return s / paths;
}

// The collusion scenario's cartel (8 validators, 16 miners of quality 0.1)
// with stake share f, over 3 days.
bt::Params cartel(double f) {
  return load("bittensor.toml", {"simulation.horizon=3d", "attack.collusion_stake_share=" + std::to_string(f),
                                 "attack.colluding_validators=8", "attack.colluding_miners=16",
                                 "attack.colluder_quality=0.1"});
}

TEST(BittensorYuma, CartelBelowKappaGainsNothing) {
  for (double f : {0.1, 0.3, 0.45}) {
    const auto p = cartel(f);
    EXPECT_LT(final_mean(p, Metric::colluder_excess_share), 0.03) << "f = " << f;
    // Colluders' bonds sit on clipped miners: their dividends fall far below their stake.
    EXPECT_LT(final_mean(p, Metric::colluder_dividend_share), f / 2) << "f = " << f;
  }
}

TEST(BittensorYuma, CartelAboveKappaCapturesTheMinersEmission) {
  for (double f : {0.55, 0.7}) {
    const auto p = cartel(f);
    EXPECT_GT(final_mean(p, Metric::colluder_incentive_share), 0.99) << "f = " << f;
    EXPECT_GT(final_mean(p, Metric::colluder_excess_share), 0.9) << "f = " << f;
    EXPECT_GT(final_mean(p, Metric::colluder_dividend_share), f) << "f = " << f;
  }
}

// ---- conservation in every path of every shipped bittensor scenario

TEST(BittensorConservation, EveryShippedScenarioEveryPathResidualZero) {
  const int scenarios = ts::test::for_each_shipped_point(
      "bittensor", {"simulation.horizon=4d", "simulation.snapshot_every=1d"},
      [&](const std::string& name, const ts::config::Scenario& sc, std::size_t i, const ts::config::Point& point) {
        ts::PointPaths r;
        ts::CpuOptions opt;
        opt.threads = 2;
        ts::run_paths_cpu<Model>(ts::build_bittensor_params(sc, point), 3, 0, 2, opt, nullptr, r);
        ts::test::expect_exact_ledger(r, name + " point " + std::to_string(i));
      },
      3);
  EXPECT_GE(scenarios, 2);
}

// A long path through registrations, pruning and the first halving keeps
// every token: checked after every step, not only at snapshots.
TEST(BittensorConservation, ThroughTheFirstHalving) {
  // Start 5 days of emission below 10.5M so a 10-day path crosses the
  // threshold; entry opens once miners' trailing income has built up.
  Path path(load("bittensor.toml", {"emission.issued=10464000", "providers.lambda_entry=20"}));
  for (int k = 0; k < 200; ++k) {
    path.step();
    ASSERT_EQ(path.net.residual_max_abs, 0) << "step " << k;
  }
  EXPECT_EQ(path.net.block_reward, kTao / 2);
  EXPECT_GT(path.net.registrations_cum, 0);
}

// ---- bad input: cross-key checks name the key

void expect_config_error(const std::vector<std::string>& overrides, const std::string& key) {
  try {
    load("bittensor.toml", overrides);
    ADD_FAILURE() << "no error for " << key;
  } catch (const ts::config::ConfigError& e) {
    EXPECT_EQ(e.key, key) << e.what();
  }
}

TEST(BittensorConfig, CrossKeyErrorsNameTheKey) {
  expect_config_error({"attack.collusion_stake_share=0.3", "attack.colluding_validators=0"},
                      "attack.colluding_validators");
  expect_config_error({"attack.collusion_stake_share=0.3", "attack.colluding_validators=64"},
                      "attack.colluding_validators");
  expect_config_error({"miners.initial=200"}, "miners.initial");
  expect_config_error({"miners.max=32", "miners.initial=32", "attack.colluding_miners=0"}, "miners.max");
  expect_config_error({"chain.block_seconds=7"}, "chain.tempo_blocks");   // 2,520 s does not divide a day
  expect_config_error({"emission.issued=22000000"}, "emission.issued");
  expect_config_error({"validators.total_stake=7000000", "validators.network_stake=8000000"}, "validators.total_stake");
  expect_config_error({"validators.network_stake=1000000"}, "validators.network_stake");
  expect_config_error({"simulation.snapshot_every=1h"}, "simulation.snapshot_every");
}

}  // namespace
