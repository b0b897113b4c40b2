#pragma once
// Metric and risk-event ids: one list, used by every layer (models, executors,
// aggregation, output). MODEL.md 1 "Metrics" and "Risk events".
#include <cstdint>

#include "models/core/macros.hpp"

namespace ts {

#define TS_METRIC_LIST(X)                                                                     \
  X(providers_active, "1", "provider agents active (not vacant, not exiting)")                 \
  X(providers_online, "1", "provider agents with at least one node online this step")          \
  X(nodes_online, "1", "nodes (cohort members) claimed online this step")                      \
  X(attackers_active, "1", "active provider agents with an attack strategy")                   \
  X(stake_total, "token", "bonded plus delegated stake")                                       \
  X(staked_ratio, "1", "stake_total / supply_circulating")                                     \
  X(supply_total, "token", "genesis + minted - burned")                                        \
  X(supply_circulating, "token", "supply less reserve, locked vesting, treasury, pools, insurance") \
  X(minted_cum, "token", "emission minted into the reward reserve so far")                     \
  X(emitted_cum, "token", "rewards paid out of the reserve so far")                            \
  X(reward_reserve, "token", "minted, not yet paid out")                                       \
  X(reward_scale, "1", "share of this step's availability claims paid (pro-rata budget)")      \
  X(burned_cum, "token", "tokens burned so far")                                               \
  X(slashed_cum, "token", "tokens slashed so far")                                             \
  X(treasury, "USD", "treasury tokens at the current price plus treasury USD")                 \
  X(treasury_runway_days, "day", "treasury value over its daily obligations, treasury.burn_usd_per_day (36500: none)") \
  X(treasury_unpaid_usd_cum, "USD", "treasury obligations due that it could not pay, so far")   \
  X(price_usd, "USD", "AMM token price")                                                       \
  X(market_cap_usd, "USD", "price * supply_circulating")                                       \
  X(outside_unfilled_usd_cum, "USD", "outside traders' sells they could not fund from their float, so far") \
  X(demand_units, "unit/h", "compute units requested this step")                              \
  X(served_units, "unit/h", "compute units delivered this step")                               \
  X(utilization, "1", "served / online capacity")                                              \
  X(fees_usd_cum, "USD", "network fee revenue so far")                                         \
  X(provider_income_usd_median, "USD/day", "median trailing net daily income of active providers") \
  X(provider_payback_days_median, "day", "median capex payback at trailing income (capped at 36500)") \
  X(attacker_profit_usd, "USD", "net mark-to-market profit of all attackers so far (capex included)") \
  X(attack_gain_usd, "USD", "the attack's profit so far: attackers' aggregate net profit minus what the same agents would have earned playing honestly on the same path") \
  X(attackers_in_profit_share, "1", "share of active attackers whose own mark-to-market profit is above 0") \
  X(attacker_income_edge_usd, "USD/day", "trailing daily net income per node: active attackers minus honest providers") \
  X(reward_gini, "1", "Gini coefficient of cumulative rewards over the operators of active providers (a cohort of n nodes: n equal operators)") \
  X(nakamoto_coefficient, "1", "fewest operators holding more than 1/3 of stake (a cohort of n nodes: n equal operators)") \
  X(ledger_residual, "micro-token", "largest |conservation residual| so far; must be 0")                \
  /* ---- protocol metrics beyond the common list (MODEL.md 2); a protocol  */                      \
  /* ---- declares which metrics it fills (host/protocols/<name>_run.cpp)   */                      \
  /* compute-price discovery (models/mechanisms/compute_market.hpp): ionet, secret_ai */           \
  X(rent_index, "1", "compute rent over the preset's rent, moved daily by utilisation (MODEL.md 1 'Compute market')") \
  /* vesting unlocks (models/mechanisms/unlock_dump.hpp): ionet, hanzo */                        \
  X(unlock_dump_usd_cum, "USD", "what unlock_dump holders fetched by selling their unlocks at once, so far") \
  X(unlock_holders_value_usd, "USD", "all holders of unlocked allocations: their sales so far plus the unlocked tokens they hold, at the price") \
  /* akash */                                                                                        \
  X(inflation_rate, "1/yr", "annual inflation rate of the step")                                     \
  X(staking_apy, "1/yr", "annualised staking reward per staked token")                               \
  X(security_budget_usd, "USD", "value of the bonded stake: what an attacker must match")            \
  X(lease_price_usd, "USD/unit-h", "mean price paid per leased compute unit-hour")                   \
  X(incentive_pool_cum, "token", "tokens that entered the incentive distribution pool so far")       \
  /* hanzo */                                                                                        \
  X(inference_price, "token/inference-token", "price of one inference token")                        \
  X(quorum_coalition_51, "1", "fewest holders with 51% of voting power")                             \
  X(quorum_coalition_60, "1", "fewest holders with 60% of voting power")                             \
  X(quorum_coalition_75, "1", "fewest holders with 75% of voting power")                             \
  X(network_factor, "1", "demand / supply of the step (scales availability claims)")                 \
  X(emission_due_cum, "token", "emission the schedule asked for so far (paid only while the pool lasts)") \
  X(fee_rewards_paid_cum, "token", "availability rewards paid from the fee-funded provider rewards pool so far") \
  /* secret_ai */                                                                                    \
  X(subsidy_usd_cum, "USD", "protocol subsidy paid to workers so far")                               \
  X(worker_income_usd_median, "USD/day", "median trailing daily net income of active workers")         \
  X(user_payments_usd_cum, "USD", "user payments into the services so far (fake jobs included)")   \
  X(self_dealt_usd_cum, "USD", "what attackers paid themselves so far: fake jobs (Secret AI), self-leases (Akash), self-rentals (Clore)")                     \
  X(subsidy_dependence, "1", "subsidy share of workers' gross income in the last epoch")          \
  /* clore */                                                                                        \
  X(outside_income_usd, "USD/unit-h", "income of a rig mining instead of renting")                    \
  X(holding_bonus_gini, "1", "Gini coefficient of Proof-of-Holding bonuses")                        \
  X(machines_rented, "1", "machines rented this step")                                               \
  X(offered_units, "unit/h", "capacity listed at an ask renters accept (below their maximum price)") \
  X(mining_units, "unit/h", "idle capacity mining instead of renting this step")                  \
  /* bittensor */                                                                                    \
  X(consensus_clip_share, "1", "stake-weighted weight clipped away by Yuma consensus this tempo")     \
  X(colluder_incentive_share, "1", "share of the miners' incentive paid to the cartel's miners")     \
  X(colluder_excess_share, "1", "cartel miners' incentive share minus their share of true quality")  \
  X(colluder_dividend_share, "1", "share of the validators' dividends paid to colluding validators") \
  X(colluder_stake_share, "1", "colluding validators' share of validator stake")                    \
  X(block_reward, "token/block", "TAO issued per block (halves with issuance)")                      \
  X(miners_pruned_cum, "1", "miners pruned by registrations so far")                                 \
  X(registrations_cum, "1", "miner registrations so far (each burns the registration cost)")         \
  /* phala */                                                                                        \
  X(whale_return_ratio, "1", "stake-split probe: whale's rewards per staked token / the k small miners' (1 neutral; 0 without a probe)") \
  X(reward_nakamoto, "1", "fewest workers holding more than 1/3 of the cumulative rewards of mining workers") \
  X(mining_value_median, "token", "median mining value V per mining worker")                         \
  X(workers_active_share, "1", "share of online workers running a contract (Active rather than Idle)") \
  X(workers_cooling_down, "1", "workers in CoolingDown, their stake not yet released")               \
  /* twopm */                                                                                        \
  X(compute_pool_paid, "token/round", "royalty tokens paid from the compute vault in the last round") \
  X(data_pool_paid, "token/round", "royalty tokens paid from the data vault in the last round")      \
  X(compute_vault, "token", "royalty tokens left in the compute vault")                             \
  X(data_vault, "token", "royalty tokens left in the data vault")                                   \
  X(poison_data_share, "1", "share of the last round's data pool paid to poison contributors")      \
  X(poison_data_share_cum, "1", "share of all data-pool payouts so far paid to poison contributors") \
  X(poison_pay_ratio, "1", "data payout per poison batch / per honest batch, all rounds so far")    \
  X(kl_score_honest_mean, "nat", "mean KL score of honest submissions in the last round (before any cap)") \
  X(kl_score_poison_mean, "nat", "mean KL score of poison submissions in the last round (before any cap)") \
  X(honest_capped_share, "1", "share of the last round's honest submissions whose score the cap cut")   \
  X(honest_contributor_income, "token/round", "data payout per honest contributor in the last round")

enum class Metric : std::uint32_t {
#define TS_METRIC_ENUM(name, units, desc) name,
  TS_METRIC_LIST(TS_METRIC_ENUM)
#undef TS_METRIC_ENUM
      count
};
inline constexpr int kMetricCount = static_cast<int>(Metric::count);
// The common metrics of MODEL.md 1, every protocol's first ones.
inline constexpr int kCommonMetricCount = static_cast<int>(Metric::ledger_residual) + 1;

struct MetricInfo {
  const char* name;
  const char* units;
  const char* description;
};

inline constexpr MetricInfo kMetricInfo[kMetricCount] = {
#define TS_METRIC_INFO(name, units, desc) {#name, units, desc},
    TS_METRIC_LIST(TS_METRIC_INFO)
#undef TS_METRIC_INFO
};

#define TS_EVENT_LIST(X)                                                              \
  X(provider_collapse, "active providers below events.collapse_fraction of initial")  \
  X(price_crash, "price below events.crash_fraction of p0")                            \
  X(attack_profitable, "the attack's profit against honest play (attack_gain_usd) above 0") \
  X(cap_breach, "genesis + minted above max supply (must never happen)")               \
  X(treasury_insolvent, "the treasury's obligations of a day (treasury.burn_usd_per_day) above what it can pay") \
  X(ledger_violation, "conservation residual not 0 (must never happen)")

enum class Event : std::uint32_t {
#define TS_EVENT_ENUM(name, desc) name,
  TS_EVENT_LIST(TS_EVENT_ENUM)
#undef TS_EVENT_ENUM
      count
};
inline constexpr int kEventCount = static_cast<int>(Event::count);

struct EventInfo {
  const char* name;
  const char* description;
};

inline constexpr EventInfo kEventInfo[kEventCount] = {
#define TS_EVENT_INFO(name, desc) {#name, desc},
    TS_EVENT_LIST(TS_EVENT_INFO)
#undef TS_EVENT_INFO
};

// A path's snapshot: one value per metric (those a protocol does not fill
// stay 0: the drivers clear a snapshot before the model writes it).
struct Snapshot {
  double value[kMetricCount];
};

TS_HD_INLINE void clear_snapshot(Snapshot& s) {
  for (int m = 0; m < kMetricCount; ++m) s.value[m] = 0.0;
}

inline constexpr std::int32_t kNeverReached = -1;

}  // namespace ts
