#include "host/protocols/twopm_params.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/protocols/common_params.hpp"
#include "models/core/portable_math.hpp"
#include "models/protocols/twopm/data_score.hpp"

namespace ts {
namespace {

void build_royalty(const PointValues& v, twopm::Params& p) {
  p.genesis = to_micro_floor(v.num("supply.genesis"));
  const Micro budget = to_micro_floor(v.num("royalty.budget"));
  // Seed 002: compute and data "weighted in a 7:3 ratio".
  // Rounded to the nearest micro-token (exact for budgets in whole tokens).
  p.compute.budget = std::llround(static_cast<double>(budget) * v.num("royalty.compute_share"));
  p.data.budget = budget - p.compute.budget;
  p.compute.lambda = v.num("royalty.lambda_compute");
  p.data.lambda = v.num("royalty.lambda_data");
  // Seed 002: lambda "for computing power is significantly smaller than for
  // data contributions". Equal rates are allowed (then every round splits 7:3).
  if (p.compute.lambda > p.data.lambda)
    v.fail("royalty.lambda_compute",
           "royalty.lambda_compute exceeds royalty.lambda_data (seed: the compute pool decays more slowly)");
  p.tasks_per_round = static_cast<std::int32_t>(v.integer("tasks.per_round"));
  p.fhe_threshold = probability_threshold(v.num("tasks.fhe_share"));
}

void build_nodes(const PointValues& v, const config::Scenario& sc, const Clock& c, twopm::Params& p) {
  p.max_nodes = static_cast<std::int32_t>(v.integer("network.max_nodes"));
  p.initial_nodes = static_cast<std::int32_t>(v.integer("network.initial_nodes"));
  if (p.initial_nodes > p.max_nodes) v.fail("network.initial_nodes", "network.initial_nodes exceeds network.max_nodes");
  p.min_stake = to_micro_floor(v.num("staking.min_stake"));
  p.max_stake = to_micro_floor(v.num("staking.max_stake"));
  if (p.max_stake < p.min_stake) v.fail("staking.max_stake", "staking.max_stake is below staking.min_stake");
  const double unbonding = v.num("staking.unbonding");
  if (std::fmod(unbonding, 24.0) != 0.0) v.fail("staking.unbonding", "staking.unbonding must be whole days");
  p.unbonding_days = static_cast<std::int32_t>(unbonding / 24.0);
  p.failed_round_slash = fraction(v.num("slashing.failed_round"));
  p.p_up_alpha = v.num("providers.p_up_alpha");
  p.p_up_beta = v.num("providers.p_up_beta");

  const auto& rows = sc.arrays.at("hardware");
  const std::vector<std::uint64_t> thresholds = class_thresholds(rows, "weight");
  p.n_hardware = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    twopm::HardwareClass& h = p.hardware[i];
    h.capex_usd = rows[i].at("capex_usd").number;
    h.work_per_round = static_cast<std::int64_t>(std::floor(rows[i].at("work_per_hour").number * c.dt_hours));
    if (h.work_per_round < 1)
      v.fail("hardware", "[[hardware]] " + rows[i].at("name").text + ": less than one work unit per round");
    h.opex_usd_per_round = rows[i].at("opex_usd_per_hour").number * c.dt_hours;
    h.cum_threshold = thresholds[i];
  }
}

void build_contributors(const PointValues& v, twopm::Params& p) {
  p.honest_contributors = static_cast<std::int32_t>(v.integer("contributors.honest"));
  p.poison_contributors = static_cast<std::int32_t>(v.integer("contributors.poison"));
  if (p.honest_contributors + p.poison_contributors < 1)
    v.fail("contributors.honest",
           "contributors.honest + contributors.poison must be at least 1 (someone to pay the data pool)");
  if (p.honest_contributors + p.poison_contributors > 4096)
    v.fail("contributors.poison", "contributors.honest + contributors.poison exceed 4096");
  p.submit_threshold = probability_threshold(v.num("contributors.submit_prob"));
  p.samples_per_batch = v.integer("contributors.samples_per_batch");
  p.dirichlet_alpha = v.num("contributors.dirichlet_alpha");
  p.contributor_sell_fraction = v.num("contributors.sell_fraction");
  p.junk_share = v.num("attack.junk_share");
}

// The reference Q (normalised), its smoothed logarithms (pmath::log, the
// device's own function), the junk bin (argmin Q, the first on ties) and the
// score cap in fixed point.
void build_score(const PointValues& v, const config::Scenario& sc, twopm::Params& p) {
  const auto& rows = sc.arrays.at("data_bin");
  double total = 0.0;
  for (const auto& row : rows) total += row.at("reference").number;
  if (!(total > 0.0)) v.fail("data_bin", "the reference histogram is empty: some [[data_bin]] needs reference > 0");
  p.bins = static_cast<std::int32_t>(rows.size());
  p.smoothing = v.num("score.smoothing");
  p.junk_bin = 0;
  for (std::int32_t k = 0; k < p.bins; ++k) {
    p.reference[k] = rows[k].at("reference").number / total;
    p.log_reference[k] = pmath::log(twopm::smoothed(p.reference[k], p.smoothing, p.bins));
    if (p.reference[k] < p.reference[p.junk_bin]) p.junk_bin = k;
  }
  p.score_cap = twopm::quantise_score(v.num("score.cap"));
}

void check_supply(const PointValues& v, const twopm::Params& p) {
  const double amm_tokens = v.num("market.amm_usd") / v.num("market.p0") * 1e6;
  const double claimed = static_cast<double>(p.compute.budget + p.data.budget) + amm_tokens +
                         static_cast<double>(p.max_stake) * p.initial_nodes;
  if (claimed > static_cast<double>(p.genesis))
    v.fail("supply.genesis",
           "supply.genesis is smaller than royalty.budget + the AMM seed (market.amm_usd / market.p0) + the "
           "initial nodes' stake (network.initial_nodes x staking.max_stake)");
}

}  // namespace

twopm::Params build_twopm_params(const config::Scenario& sc, const config::Point& point) {
  const PointValues v(sc, point);
  twopm::Params p{};
  const Clock c = read_clock(v);
  apply_clock(p, c);
  build_royalty(v, p);
  build_nodes(v, sc, c, p);
  build_contributors(v, p);
  build_score(v, sc, p);
  apply_market(p, read_market(v, c));
  apply_lifecycle(p, read_lifecycle(v));
  check_supply(v, p);
  p.collapse_fraction = v.num("events.collapse_fraction");
  p.crash_fraction = v.num("events.crash_fraction");
  return p;
}

}  // namespace ts
