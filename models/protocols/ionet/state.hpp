#pragma once
// Mutable state of one IO.net path: the network (one per path) and the
// provider agent slots (max_providers per path). Plain structs: the CPU
// executor keeps them in host memory, the CUDA executor one slot per thread.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/variates.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/attack_gain.hpp"
#include "models/mechanisms/unlock_dump.hpp"
#include "models/mechanisms/compute_market.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/oracle.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/unbonding.hpp"
#include "models/metrics.hpp"
#include "models/protocols/ionet/params.hpp"

namespace ts::ionet {

enum class Status : std::uint8_t { vacant = 0, entering = 1, active = 2, exiting = 3 };

// One provider agent: a cohort of `nodes` identical nodes (MODEL.md 1, "Scale").
struct Provider {
  ProviderAccounts acc;
  Status status;
  Strategy strategy;
  std::uint8_t hardware;
  std::uint8_t caught;              // fraud detected this step
  std::uint32_t rent_draw;          // uniform word that rounds this step's rentals
  std::int32_t nodes;               // real nodes of the cohort
  std::int32_t identities;          // nodes registered with the network (sybil: more)
  double p_up;                      // reliability, Beta(a, b) at entry
  BinomialTable online_draw;        // nodes online per step, prepared at entry
  double reward_usd_per_identity;   // capex / H18 * dt: one step's full claim
  double boost_slope;               // stake_boost / (max - min), per micro-token
  double inv_identities;            // 1 / identities
  double sell_fraction;             // share of liquid tokens sold each day
  Micro max_stake_per_identity;     // device_max_equity * (2 + 3 * sum(modifiers))
  std::int32_t joined_step;
  std::int32_t cooldown_until;      // no availability reward before this step
  std::int32_t unbond_own_release;
  UnbondingQueue delegated_unbonding;  // stakers' withdrawals by release day (mirrors acc.unbonding_delegated)
  TrailingIncome income;            // trailing net USD income (MODEL.md 1 exit rule)
  Micro day_staking_reward;         // staker share of the day (for the APY)
  Micro day_tokens_earned;          // token income of the day (a share is sold)
  Micro delegation_request;         // asked of holders, settled next step
  Micro rewards_cum;                // rewards received (for the Gini)
  double profit_usd;                // realised net USD (capex, opex, income)
  double twin_profit_usd;           // an attacker's honest twin, the same way (attack_gain.hpp)
  double capex_usd;                 // hardware of the cohort
  // Per-step scratch, written in one phase and read in the next.
  std::int32_t claimed_online;      // identities reported online
  std::int32_t real_online;         // nodes really online
  std::int32_t rented;              // identities rented this step
  std::int32_t failed;              // rented identities that could not deliver
  Micro claim;                      // availability claim of this step
  MicroUsd token_rental_usd;        // rental value paid in tokens this step
  Micro manipulation_sold;          // price_manipulation: sold before this step's pricing, bought back after
  Micro inventory;                  // price_manipulation: its capital in tokens (in acc.liquid), marked to market
  Micro twin_inventory;             // the same capital held by its twin, which does not trade it
};

struct Network {
  TreasuryObligations treasury_obligations;   // paid and unpaid so far (treasury.hpp)
  NetworkAccounts acc;
  AmmPool amm;
  Micro minted_cum;
  Micro emitted_cum;
  Micro slashed_cum;
  double treasury_usd;
  double pending_buyback_usd;       // fee revenue to buy and burn at the step's end
  double fees_usd_cum;
  double price;                     // AMM price after the step's exogenous trades
  double inv_price;                 // 1 / oracle price, for the claims of the step
  double oracle_price;              // the TWAP claims convert at (oracle.hpp)
  double oracle_fair;               // the same without this step's manipulators' sale (the twins')
  PriceOracle oracle;
  Micro manipulation_sold;          // this step's manipulators' sale (in clearing until sold)
  double manipulation_usd;          // what it fetched, to buy back with
  Micro manipulation_bought;        // what the buyback returned (in clearing until taken)
  double demand_x;                  // log-OU state of demand
  RentMarket rent;                  // the rent index and today's utilisation (compute_market.hpp)
  double rent_usd;                  // rent per unit-hour today: rental_price_usd x rent.index
  double demand_price_factor;       // (P_c / P_ref)^-e at today's rent
  double demand_units;
  double served_units;
  double capacity_units;            // offered, units per hour
  double utilization;
  double reward_scale;
  Fraction32 pay_fraction;          // share of each claim paid this step
  Fraction32 rent_fraction;         // rented share of offered identities
  Micro budget;                     // this step's emission budget
  Micro claims_total;
  Micro step_minted;
  Micro clearing_for_providers;     // tokens bought for token-paid rentals
  MicroUsd token_rental_total;
  Fraction32 delegation_fill;
  Micro delegation_requested;
  std::uint8_t entry_cancelled;
  std::int32_t initial_providers;
  std::int32_t providers_online;
  std::int32_t nodes_online;
  double attacker_realized_usd;     // profit of attackers caught or gone
  AttackLedger attack;              // the attack's profit against honest play
  UnlockDumpLedger unlock_dump;     // unlock_dump holders against the honest sale rule
  Micro residual_max_abs;
  std::int32_t event_first[kEventCount];
};

// Per-step population sums. Integers only, so that any summation order gives
// the same result (DESIGN.md principle 4). Executors add these across slots.
struct OnlineSums {
  std::int64_t capacity_units = 0;  // offered: claimed-online identities x units
  Micro entry_stake = 0;            // tokens entrants buy
  Micro manipulation_sold = 0;      // price_manipulation: tokens to sell before pricing
  Micro released_to_holders = 0;    // delegated stake out of unbonding
  Micro delegation_settled = 0;     // taken from holders
  std::int32_t providers_online = 0;
  std::int32_t nodes_online = 0;

  TS_HD_INLINE void add(const OnlineSums& o) {
    capacity_units += o.capacity_units;
    entry_stake += o.entry_stake;
    manipulation_sold += o.manipulation_sold;
    released_to_holders += o.released_to_holders;
    delegation_settled += o.delegation_settled;
    providers_online += o.providers_online;
    nodes_online += o.nodes_online;
  }
};

struct MarketSums {
  Micro claims = 0;
  std::int64_t delivered_units = 0;
  MicroUsd usd_rental = 0;          // rental value paid in USDC
  MicroUsd token_rental = 0;        // rental value paid in tokens

  TS_HD_INLINE void add(const MarketSums& o) {
    claims += o.claims;
    delivered_units += o.delivered_units;
    usd_rental += o.usd_rental;
    token_rental += o.token_rental;
  }
};

struct SettleSums {
  Micro reward_paid = 0;            // reserve -> providers and stakers
  Micro reward_burned = 0;          // reserve -> burned (failed delivery)
  Micro clearing_taken = 0;         // clearing -> providers
  Micro manipulation_taken = 0;     // clearing -> manipulators (their buyback)
  Micro slashed_to_burned = 0;
  Micro slashed_to_insurance = 0;
  Micro sold = 0;                   // providers -> AMM
  Micro delegation_requests = 0;
  Micro providers_total = 0;        // all provider accounts after the step
  MicroUsd income_ema_sum = 0;      // active providers, for the entry signal
  MicroUsd capex_sum = 0;
  MicroUsd realized_attacker_profit = 0;
  AttackSums attack;
  std::int32_t active = 0;

  TS_HD_INLINE void add(const SettleSums& o) {
    reward_paid += o.reward_paid;
    reward_burned += o.reward_burned;
    clearing_taken += o.clearing_taken;
    manipulation_taken += o.manipulation_taken;
    slashed_to_burned += o.slashed_to_burned;
    slashed_to_insurance += o.slashed_to_insurance;
    sold += o.sold;
    delegation_requests += o.delegation_requests;
    providers_total += o.providers_total;
    income_ema_sum += o.income_ema_sum;
    capex_sum += o.capex_sum;
    realized_attacker_profit += o.realized_attacker_profit;
    attack.add(o.attack);
    active += o.active;
  }
};

}  // namespace ts::ionet
