// The Hanzo scenario schema (MODEL.md 2.4, seed 004). Ranges reject values
// the model cannot run, not values an analyst might want to explore.
#include "host/protocols/hanzo_schema.hpp"

#include "host/protocols/schema_keys.hpp"
#include "models/mechanisms/unbonding.hpp"
#include "models/protocols/hanzo/params.hpp"

namespace ts {
namespace {

using namespace schema;

config::Schema make_schema() {
  config::Schema s;
  s.protocol = "hanzo";
  s.description =
      "Hanzo: AI-token compute market; jobs routed by staking power, availability rewards from a 250M mining pool "
      "that the 100M*0.9^y schedule empties in year 3, quadratic voting (seed 004)";
  add_simulation_keys(s);
  s.keys.insert(s.keys.end(), {
      // network
      integer("network.max_providers", 1, 4096, "provider agent slots per path"),
      integer("network.initial_providers", 0, 4096, "provider agents active at genesis"),
      integer("network.nodes_per_agent", 1, 1e6, "nodes per provider agent (cohort size)"),
      share("network.attacker_share", "share of entrants that attack"),
      choice("network.attacker_strategy", {"fake_attestation", "fake_uptime"}, "attack strategy of attackers"),
      share("network.attacker_real_uptime", "fake_uptime: share of hours an attacker's nodes really run"),
      // supply
      positive("supply.total", 1e12, "token", "fixed supply, all of it allocated at genesis"),
      share("supply.allocation.community", "genesis share: community and ecosystem"),
      share("supply.allocation.mining_rewards", "genesis share: compute mining rewards (the reward reserve)"),
      share("supply.allocation.team", "genesis share: team and advisors (vesting)"),
      share("supply.allocation.dao_treasury", "genesis share: DAO treasury"),
      share("supply.allocation.initial_liquidity", "genesis share: initial liquidity (the AMM's token side)"),
      // vesting
      integer("vesting.team_cliff_months", 0, 240, "team: months before the first unlock"),
      integer("vesting.team_months", 1, 240, "team: months until fully vested (the cliff's share unlocks at the cliff)"),
      share("vesting.unlock_sell_share", "share of each team unlock sold"),
      duration("vesting.unlock_sell_days", 0, 8766, "window over which an unlock's sold share is sold"),
      share("vesting.unlock_dump_share", "unlock_dump: share of each team unlock whose holders sell it all at once"),
      integer("vesting.community_release_months", 1, 240, "community allocation released evenly over these months"),
      // emission
      positive("emission.base", 1e12, "token/yr", "emission of year 0"),
      number("emission.decay", 0, 1, "1", "yearly factor of the emission"),
      integer("emission.years", 1, kMaxMonths / 12, "years the schedule runs (it stops earlier when the pool is empty)"),
      // jobs and pricing
      positive("jobs.quality_min", 100, "1", "quality multiplier at SLA performance 0"),
      positive("jobs.quality_max", 100, "1", "quality multiplier at SLA performance 1"),
      share("jobs.holder_pay_share", "share of job payments users pay from AI they hold (the rest bought on the AMM)"),
      positive("pricing.initial_price", 1, "token/inference-token", "inference price at genesis"),
      positive("pricing.min_price", 1, "token/inference-token", "lower bound of the inference price"),
      positive("pricing.max_price", 1, "token/inference-token", "upper bound of the inference price"),
      number("pricing.update_elasticity", 0, 2, "1", "update_price elasticity: p * (1 + e (D - S) / S)"),
      number("pricing.max_daily_move", 0, 1, "1", "largest relative change of the inference price in one daily update"),
      // availability
      share("availability.commission", "provider's cut of its delegators' availability reward"),
      choice("availability.network_factor", {"scale_to_emission", "gate_emission"},
             "scale_to_emission: claims scaled to the step's emission (the global factor cancels); "
             "gate_emission: claims = emission * network_factor, unclaimed emission stays in the pool"),
      // staking
      number("staking.min_stake_per_node", 0, kInf, "token", "minimum stake per node"),
      positive("staking.stake_per_node_min", kInf, "token", "entrants' stake per node: lower bound"),
      positive("staking.stake_per_node_max", kInf, "token", "entrants' stake per node: upper bound"),
      duration("staking.lock_min", 0, 10 * 8766.0, "entrants' lock period: lower bound"),
      duration("staking.lock_max", 0, 10 * 8766.0, "entrants' lock period: upper bound"),
      number("staking.duration_bonus_per_year", 0, 100, "1/yr", "duration multiplier 1 + bonus * lock years"),
      number("staking.duration_mult_max", 1, 100, "1", "cap of the duration multiplier"),
      duration("staking.unbonding", 0, 24.0 * (kUnbondingDays - 2), "unstaking delay (whole days)"),
      share("staking.unstake_fee", "unstaking fee, burned"),
      number("staking.initial_delegation_ratio", 0, 100, "1", "genesis delegated stake per own stake"),
      number("staking.staker_hurdle_apy", 0, 1e6, "1/yr", "stakers add stake above this APY, withdraw below"),
      share("staking.restake_rate", "share of delegation that moves per day"),
      // reputation
      number("reputation.initial", 0, 1000, "1", "reputation of an entrant"),
      share("reputation.daily_pull", "daily pull of reputation toward 1000 * SLA performance"),
      number("reputation.penalty", 0, 1000, "1", "reputation lost per slashing event"),
      // slashing
      share("slashing.sla_min", "slash of an SLA violation of severity 0"),
      share("slashing.sla_max", "slash of an SLA violation of severity 1"),
      share("slashing.attestation", "slash of an attestation failure"),
      share("slashing.malicious", "slash of malicious behaviour"),
      share("slashing.violation_prob_at_zero", "P(random SLA violation per day) at SLA performance 0 (linear to 0 at 1)"),
      share("slashing.attestation_fail_prob", "P(attestation failure per day) of an honest TEE provider"),
      share("slashing.detect_prob", "P(an attacker is caught per day)"),
      choice("slashing.slash_to", {"burned", "treasury"}, "where slashed stake goes"),
      // fees
      share("fees.job_fee", "fee on a compute job's payment"),
      share("fees.burn_share", "fee share burned"),
      share("fees.treasury_share", "fee share to the DAO treasury"),
      share("fees.liquidity_share", "fee share to liquidity incentives (liquidity providers)"),
      // governance
      share("governance.quorum_parameter", "quorum of parameter changes"),
      share("governance.quorum_treasury", "quorum of treasury allocations"),
      share("governance.quorum_upgrade", "quorum of protocol upgrades"),
      integer("governance.holder_accounts", 1, hanzo::kMaxHolderAccounts, "synthetic holder accounts sharing `holders`"),
      number("governance.holder_zipf_exponent", 0, 10, "1", "holder k holds a share proportional to k^-exponent"),
      integer("governance.team_members", 0, 1000, "team members sharing the unlocked team tokens"),
  });
  add_market_keys(s);
  s.keys.insert(s.keys.end(), {
      number("demand.base_utilization", 0, 1000, "1", "demand at the genesis price as a share of genesis capacity"),
  });
  add_demand_process_keys(s);
  add_provider_lifecycle_keys(s);
  s.keys.insert(s.keys.end(), {
      positive("providers.p_up_alpha", 1e4, "1", "reliability Beta(a, b): a"),
      positive("providers.p_up_beta", 1e4, "1", "reliability Beta(a, b): b"),
      positive("providers.sla_alpha", 1e4, "1", "SLA performance Beta(a, b): a"),
      positive("providers.sla_beta", 1e4, "1", "SLA performance Beta(a, b): b"),
  });
  add_event_keys(s);
  add_treasury_keys(s);

  config::TableArraySpec tier;
  tier.name = "tier";
  tier.doc = "privacy tiers 0..4, in order";
  tier.min_rows = hanzo::kTiers;
  tier.max_rows = hanzo::kTiers;
  tier.fields = {
      choice("name", {}, "tier name"),
      positive("bonus", 100, "1", "tier_bonus on job earnings"),
      positive("staking_mult", 100, "1", "tier multiplier of staking power"),
  };

  config::TableArraySpec hw;
  hw.name = "hardware";
  hw.doc = "hardware classes of providers (drawn by weight)";
  hw.min_rows = 1;
  hw.max_rows = hanzo::kMaxHardwareClasses;
  hw.fields = {
      choice("name", {}, "class name"),
      positive("capex_usd", kInf, "USD", "hardware cost per node"),
      positive("tokens_per_hour", kInf, "inference-token/h", "inference tokens a node serves per hour"),
      number("opex_usd_per_hour", 0, kInf, "USD/h", "running cost per node online"),
      integer("max_tier", 0, hanzo::kTiers - 1, "highest privacy tier the hardware attests"),
      positive("weight", kInf, "1", "relative frequency among entrants"),
  };
  s.arrays = {tier, hw, shock_array()};
  return s;
}

}  // namespace

const config::Schema& hanzo_schema() {
  static const config::Schema schema = make_schema();
  return schema;
}

}  // namespace ts
