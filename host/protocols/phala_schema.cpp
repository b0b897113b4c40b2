// The Phala scenario schema (MODEL.md 2.6, seed 001). Ranges reject values
// the model cannot run (negative rates, shares above one), not values an
// analyst might want to explore.
#include "host/protocols/phala_schema.hpp"

#include "host/protocols/schema_keys.hpp"
#include "models/protocols/phala/params.hpp"

namespace ts {
namespace {

using namespace schema;

config::Schema make_schema() {
  config::Schema s;
  s.protocol = "phala";
  s.description =
      "Phala: SGX miners' V and P scores, confidence tiers, subsidy split by share or sqrt(stake), developers' "
      "gas on tier-restricted contracts, CoolingDown (seed 001)";
  add_simulation_keys(s);
  s.keys.insert(s.keys.end(), {
      // network
      integer("network.max_miners", 1, 4096, "miner agent slots per path (probe included)"),
      integer("network.initial_miners", 0, 4096, "background miner agents at genesis"),
      integer("network.workers_per_agent", 1, 1e5, "workers (SGX machines) per background miner agent"),
      share("network.attacker_share", "share of entering miner cohorts that attack"),
      choice("network.attacker_strategy", {"benchmark_inflation"}, "attack strategy of attackers (MODEL.md 2.6)"),
      number("attack.benchmark_factor", 1, 100, "1", "benchmark_inflation: reported P over the real P"),
      duration("attack.rebench_days", 24, 8766, "benchmark_inflation: time between re-benchmarks"),
      share("attack.detect_prob", "benchmark_inflation: P(a re-benchmark catches an inflated P)"),
      integer("attack.slash_level", 1, 4, "caught: Khala slash level 1-4 (0.1%, 1%, 10%, 100% of the stake)"),
      // the stake-split probe
      integer("split.k", 0, phala::kMaxSplitMiners,
              "stake-split probe: a whale worker with stake k x split.stake against k workers with split.stake "
              "(0: no probe)"),
      positive("split.stake", kInf, "token", "stake s of each of the probe's small workers"),
      choice("split.hardware", {}, "the probe's hardware class (a [[hardware]] name)"),
      integer("split.tier", 1, phala::kTiers, "the probe's confidence level"),
      // supply (PHA)
      positive("supply.genesis", kInf, "token", "PHA supply"),
      number("supply.treasury", 0, kInf, "token", "treasury at genesis"),
      // subsidy budget
      number("subsidy.budget", 0, kInf, "token", "mining subsidy pool at genesis (the reward reserve)"),
      number("subsidy.first_month", 0, kInf, "token", "subsidy budget of the first month (730.5 h)"),
      duration("subsidy.halving_period", 24, 21 * 8766.0, "the budget per hour is cut every period"),
      share("subsidy.halving_discount", "cut of the budget per hour at the end of each period"),
      share("subsidy.treasury_share", "share of each step's budget paid to the treasury"),
      // mining
      integer("selection.by_share", 0, 1,
              "selection rule of the reward split and the contract lottery: 0 = sqrt_stake (old rule, weight "
              "sqrt(stake)), 1 = share (new rule, weight sqrt(V^2 + (w P c)^2))"),
      positive("mining.min_stake_k", kInf, "token", "k of the minimum stake k sqrt(P) per worker"),
      number("mining.stake_multiplier", 1, 100, "1", "R^e of V^e = (1 + c (R^e - 1)) (S + C)"),
      number("mining.rig_cost_usd_per_score", 0, kInf, "USD", "C = this x P / price: the rig's cost in PHA"),
      number("mining.value_growth_per_hour", 0, 1, "1/h", "rho - 1: V's growth per hour of mining"),
      positive("mining.value_max", 1e9, "token", "V_max: V never grows past it (and V^e is capped at it)"),
      share("mining.offline_slash_per_hour", "share of V lost per hour a worker misses its heartbeats"),
      number("mining.share_performance_weight", 0, 1e6, "1", "w in share = sqrt(V^2 + (w P c)^2)"),
      number("mining.stake_multiple_min", 1, 1e6, "1", "entrants stake at least this x the minimum stake"),
      number("mining.stake_multiple_max", 1, 1e6, "1", "entrants stake at most this x the minimum stake"),
      share("mining.stake_bought_share", "share of an entrant's stake bought on the AMM (the rest from PHA it holds)"),
      duration("mining.cooldown", 0, phala::kMaxCooldownDays * 24.0,
               "CoolingDown before the stake is released (whole days)"),
      // contracts
      number("contracts.gas_per_contract_hour", 0, kInf, "token", "gas a contract pays its worker per hour"),
      share("contracts.restricted_share", "share of contracts whose developers allow only tiers 1..max_restricted_tier"),
      integer("contracts.max_restricted_tier", 1, phala::kTiers, "the worst tier restricted contracts accept"),
      integer("contracts.max_per_worker", 1, 1e6, "contracts one worker can run at once"),
  });
  add_market_keys(s);
  s.keys.insert(s.keys.end(), {
      number("demand.contracts0", 0, kInf, "1", "contracts wanting to run at genesis (D0)"),
  });
  add_demand_process_keys(s);
  add_provider_lifecycle_keys(s);
  s.keys.insert(s.keys.end(), {
      positive("providers.p_up_alpha", 1e4, "1", "reliability Beta(a, b): a"),
      positive("providers.p_up_beta", 1e4, "1", "reliability Beta(a, b): b"),
  });
  add_event_keys(s);
  add_treasury_keys(s);

  config::TableArraySpec hw;
  hw.name = "hardware";
  hw.doc = "SGX machine classes of miners (drawn by weight)";
  hw.min_rows = 1;
  hw.max_rows = phala::kMaxHardwareClasses;
  hw.fields = {
      choice("name", {}, "class name"),
      positive("score", kInf, "1", "performance test score P"),
      positive("capex_usd", kInf, "USD", "machine cost per worker"),
      number("opex_usd_per_hour", 0, kInf, "USD/h", "running cost per worker online (Idle or Active alike)"),
      positive("weight", kInf, "1", "relative frequency among miners"),
  };
  config::TableArraySpec tier;
  tier.name = "confidence_tier";
  tier.doc = "confidence levels 1..5 of miners' SGX platforms, each once";
  tier.min_rows = phala::kTiers;
  tier.max_rows = phala::kTiers;
  tier.fields = {
      integer("level", 1, phala::kTiers, "confidence level"),
      number("factor", 0, 1, "1", "confidence factor c (share and initial V)"),
      number("weight", 0, kInf, "1", "relative frequency among miners"),
  };
  s.arrays = {hw, tier, shock_array()};
  return s;
}

}  // namespace

const config::Schema& phala_schema() {
  static const config::Schema schema = make_schema();
  return schema;
}

}  // namespace ts
