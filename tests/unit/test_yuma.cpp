// Yuma consensus in fixed point (MODEL.md 2.3): a hand-computed 3-validator
// x 4-miner case with the arithmetic shown, the emission figures, and the
// collusion threshold at kappa.
#include <gtest/gtest.h>

#include <vector>

#include "models/mechanisms/yuma.hpp"
#include "models/protocols/bittensor/emission.hpp"

namespace {

using ts::yuma::Fixed;
using ts::yuma::kOne;

Fixed fx(double x) { return static_cast<Fixed>(x * 4294967296.0 + 0.5); }
double fl(Fixed x) { return static_cast<double>(x) / 4294967296.0; }

struct Epoch {
  std::vector<Fixed> consensus, incentive, dividends, bonds, scratch;
};

Epoch run(const std::vector<double>& stake_d, const std::vector<std::vector<double>>& w_d, double kappa) {
  const int v = static_cast<int>(stake_d.size()), m = static_cast<int>(w_d[0].size());
  std::vector<Fixed> stake(v), w(v * m);
  for (int i = 0; i < v; ++i) {
    stake[i] = fx(stake_d[i]);
    for (int j = 0; j < m; ++j) w[i * m + j] = fx(w_d[i][j]);
    ts::yuma::normalise(&w[i * m], m);
  }
  ts::yuma::normalise(stake.data(), v);
  Epoch e{std::vector<Fixed>(m), std::vector<Fixed>(m), std::vector<Fixed>(v), std::vector<Fixed>(v * m, 0),
          std::vector<Fixed>(v * m + 2 * v)};
  ts::yuma::epoch(stake.data(), w.data(), e.bonds.data(), v, m, fx(kappa), fx(0.1), e.scratch.data(),
                  {e.consensus.data(), e.incentive.data(), e.dividends.data()});
  return e;
}

// Stakes S = (0.5, 0.3, 0.2), kappa = 0.5, alpha = 0.1, bonds start at 0.
//   W = V0 (0.4, 0.4, 0.2, 0)      V2 puts all its weight on miner 3.
//       V1 (0.5, 0.3, 0.2, 0)
//       V2 (0,   0,   0,   1)
// Consensus: miner 0: c = 0.5 has support 0.3 < 0.5; c = 0.4 has 0.8  -> C0 = 0.4
//            miner 1: c = 0.4 has support 0.5 >= 0.5                  -> C1 = 0.4
//            miner 2: c = 0.2 has support 0.8                         -> C2 = 0.2
//            miner 3: c = 1.0 has support 0.2 < 0.5                   -> C3 = 0
// Clipped S_i W'_ij: V0 (0.20, 0.20, 0.10, 0), V1 (0.12, 0.09, 0.06, 0), V2 all 0.
// Ranks R = (0.32, 0.29, 0.16, 0), sum 0.77; incentive I = R / 0.77.
// Bonds 0.1 * dB: V0 (0.0625, 0.2/2.9, 0.0625, 0), V1 (0.0375, 0.09/2.9, 0.0375, 0).
// Dividends sum_j B_ij I_j: V0 = 0.05 / 0.77, V1 = 0.027 / 0.77 -> normalised
//            D = (0.5/0.77, 0.27/0.77, 0) = (0.649351, 0.350649, 0).
class YumaHandComputed : public ::testing::Test {
 protected:
  Epoch e = run({0.5, 0.3, 0.2}, {{0.4, 0.4, 0.2, 0.0}, {0.5, 0.3, 0.2, 0.0}, {0.0, 0.0, 0.0, 1.0}}, 0.5);
};

TEST_F(YumaHandComputed, Consensus) {
  EXPECT_NEAR(fl(e.consensus[0]), 0.4, 1e-9);
  EXPECT_NEAR(fl(e.consensus[1]), 0.4, 1e-9);
  EXPECT_NEAR(fl(e.consensus[2]), 0.2, 1e-9);
  EXPECT_EQ(e.consensus[3], 0);
}

TEST_F(YumaHandComputed, Incentive) {
  EXPECT_NEAR(fl(e.incentive[0]), 0.32 / 0.77, 1e-8);
  EXPECT_NEAR(fl(e.incentive[1]), 0.29 / 0.77, 1e-8);
  EXPECT_NEAR(fl(e.incentive[2]), 0.16 / 0.77, 1e-8);
  EXPECT_EQ(e.incentive[3], 0);   // the lone colluder's miner gets nothing
}

TEST_F(YumaHandComputed, Bonds) {
  EXPECT_NEAR(fl(e.bonds[0 * 4 + 0]), 0.0625, 1e-8);
  EXPECT_NEAR(fl(e.bonds[0 * 4 + 1]), 0.2 / 2.9, 1e-8);
  EXPECT_NEAR(fl(e.bonds[1 * 4 + 0]), 0.0375, 1e-8);
  EXPECT_NEAR(fl(e.bonds[1 * 4 + 1]), 0.09 / 2.9, 1e-8);
  EXPECT_EQ(e.bonds[2 * 4 + 3], 0);
}

TEST_F(YumaHandComputed, Dividends) {
  EXPECT_NEAR(fl(e.dividends[0]), 0.5 / 0.77, 1e-8);
  EXPECT_NEAR(fl(e.dividends[1]), 0.27 / 0.77, 1e-8);
  EXPECT_EQ(e.dividends[2], 0);
}

// ---- emission figures (MODEL.md 2.3)
TEST(YumaVectors, DailyEmissionIs7200TaoBeforeHalving) {
  // One TAO per 12 s block: 86,400 / 12 = 7,200 blocks a day, 20 tempos of 360.
  const ts::Micro tao = ts::kMicroPerToken, cap = 21'000'000 * tao, issued = 6'885'398 * tao;
  EXPECT_EQ(ts::bittensor::emission_of_blocks(issued, 24 * 3600 / 12, tao, cap), 7'200 * tao);
}

TEST(YumaVectors, TempoSplitOf360Tao) {
  const auto s = ts::yuma::split_tempo_emission(360 * ts::kMicroPerToken);
  EXPECT_EQ(s.owner, 64800000);        // 64.8 TAO
  EXPECT_EQ(s.validators, 147600000);  // 147.6 TAO
  EXPECT_EQ(s.miners, 147600000);      // 147.6 TAO
}

// ---- collusion: colluders with stake share f put all weight on their own
// miner; honest validators spread weight over the other miners. Below kappa
// the colluders' miner is clipped to nothing; above it they capture the
// miners' emission (MODEL.md 2.3).
double colluding_miner_incentive(double f) {
  const int honest = 4, miners = 5;   // miner 4 belongs to the colluders
  std::vector<double> stake;
  std::vector<std::vector<double>> w;
  for (int i = 0; i < honest; ++i) {
    stake.push_back((1.0 - f) / honest);
    w.push_back({0.25, 0.25, 0.25, 0.25, 0.0});
  }
  stake.push_back(f);
  w.push_back({0.0, 0.0, 0.0, 0.0, 1.0});
  return fl(run(stake, w, 0.5).incentive[miners - 1]);
}

TEST(YumaCollusion, BelowKappaTheColludersMinerGetsNothing) {
  for (double f : {0.0, 0.1, 0.3, 0.49}) EXPECT_EQ(colluding_miner_incentive(f), 0.0) << "f = " << f;
}

TEST(YumaCollusion, AtKappaTheColludersTakeTheirStakesWorth) {
  // f = 0.5: both sides reach kappa; colluders' rank 0.5 x 1, honest 4 x 0.5 x 0.25.
  EXPECT_NEAR(colluding_miner_incentive(0.5), 0.5, 1e-6);
}

TEST(YumaCollusion, AboveKappaTheColludersCaptureTheMinersEmission) {
  // The honest validators' support falls below kappa, so their miners'
  // consensus is 0: the colluders' miner takes all the incentive.
  for (double f : {0.51, 0.6, 0.7}) EXPECT_NEAR(colluding_miner_incentive(f), 1.0, 1e-9) << "f = " << f;
}

}  // namespace
