#pragma once
// One step of an IO.net path (MODEL.md 1 "Time" and 2.1), split into phases
// so that both executors can run the provider phases in parallel across agent
// slots and the network phases once per path, with integer population sums
// in between:
//
//   N0 network_begin_step     exogenous shocks, demand, market flow, emission
//   P1 provider_online_phase  entrants, unbonding, delegation, nodes online
//   N1 network_clear_market   job market, entrants' stake purchase
//   P2 provider_market_phase  rentals, availability claims
//   N2 network_settle_payments pro-rata budget, token-paid rentals, fee buyback
//   P3 provider_settle_phase  rewards, slashing, daily decisions
//   N3 network_end_step       burn, unlocks, entry, invariant, risk events
#include <cmath>
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/portable_math.hpp"
#include "models/core/rng.hpp"
#include "models/core/variates.hpp"
#include "models/engine/path_context.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/day_calendar.hpp"
#include "models/mechanisms/shocks.hpp"
#include "models/mechanisms/availability.hpp"
#include "models/mechanisms/compute_market.hpp"
#include "models/mechanisms/demand.hpp"
#include "models/mechanisms/fees.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/oracle.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/risk_events.hpp"
#include "models/mechanisms/schedule.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/mechanisms/unlock_dump.hpp"
#include "models/protocols/ionet/params.hpp"
#include "models/protocols/ionet/state.hpp"

namespace ts::ionet {

TS_HD_INLINE bool is_active(const Provider& v) { return v.status == Status::active; }
TS_HD_INLINE bool is_attacker(const Provider& v) { return v.strategy != Strategy::honest; }

// ---------------------------------------------------------------- entrants

// Traits of a provider entering slot `slot` at step t: hardware class,
// reliability, strategy, stake (MODEL.md 1 "Providers", "Attackers"; 2.1
// "Stake"). Returns the tokens of self stake it brings.
TS_HD_INLINE Micro draw_entrant(const Params& p, const PathContext& ctx, std::int32_t t,
                                std::int32_t slot, Provider& v) {
  const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                   static_cast<std::uint32_t>(slot), Stream::kProviderTraits);
  std::int32_t hw = 0;
  while (hw + 1 < p.n_hardware && static_cast<std::uint64_t>(w.w[0]) >= p.hardware[hw].cum_threshold) ++hw;
  const HardwareClass& h = p.hardware[hw];
  const Strategy strategy = bernoulli(w.w[1], p.attacker_threshold) ? p.attacker_strategy : Strategy::honest;

  Provider fresh{};
  fresh.status = Status::active;
  fresh.strategy = strategy;
  fresh.hardware = static_cast<std::uint8_t>(hw);
  fresh.nodes = p.nodes_per_agent;
  fresh.identities = strategy == Strategy::sybil ? p.nodes_per_agent * p.sybil_identities_per_node
                                                 : p.nodes_per_agent;
  fresh.p_up = beta_variate(p.p_up_alpha, p.p_up_beta, ctx.key, ctx.path,
                            static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(slot));
  const double u_sell = uniform_open32(w.w[2]);
  fresh.sell_fraction = p.sell_fraction_lo + (p.sell_fraction_hi - p.sell_fraction_lo) * u_sell;
  // Max stake per node = device_max_equity * (2 + 3 * sum(modifiers)) with
  // bandwidth drawn, uptime ratio from p_up, job hours fixed (assumptions).
  const double bandwidth = p.modifier_max * uniform_open32(w.w[3]);
  const double modifiers = bandwidth + p.modifier_max * fresh.p_up + p.job_hours_modifier;
  fresh.max_stake_per_identity = max_stake_per_node(h.max_equity, modifiers, p.min_stake_per_node);
  // Nodes online per step: honest and sybil cohorts report Binomial(identities,
  // p_up); a fake_uptime cohort really runs Binomial(nodes, real_uptime).
  fresh.online_draw = strategy == Strategy::fake_uptime ? binomial_prepare(fresh.nodes, p.attacker_real_uptime)
                                                        : binomial_prepare(fresh.identities, fresh.p_up);
  fresh.reward_usd_per_identity = availability_reward_usd(h.capex_usd, p.payback_hours, 1.0) * p.dt_hours;
  fresh.boost_slope = stake_boost_slope(p.min_stake_per_node, fresh.max_stake_per_identity, p.stake_boost);
  fresh.inv_identities = 1.0 / static_cast<double>(fresh.identities);
  fresh.joined_step = t;
  fresh.cooldown_until = t + p.cooldown_steps;
  fresh.capex_usd = h.capex_usd * static_cast<double>(fresh.nodes);
  fresh.profit_usd = -fresh.capex_usd;
  // A sybil stakes the minimum on each identity; everyone else stakes
  // `stake_fill` of the way from the minimum to the maximum.
  const Micro per_identity =
      strategy == Strategy::sybil
          ? p.min_stake_per_node
          : p.min_stake_per_node +
                to_micro_floor(p.stake_fill * to_tokens(fresh.max_stake_per_identity - p.min_stake_per_node));
  v = fresh;
  return per_identity * fresh.identities;
}

// price_manipulation's capital (MODEL.md 2.1 "Oracle"): tokens worth
// manipulation_usd_per_node a node at `price`, bought at entry with the stake.
TS_HD_INLINE Micro manipulation_inventory(const Params& p, const Provider& v, double price) {
  if (v.strategy != Strategy::price_manipulation || !(price > 0.0)) return 0;
  return to_micro_floor(p.manipulation_usd_per_node * static_cast<double>(v.nodes) / price);
}

// ---------------------------------------------------------------- genesis

// Genesis (MODEL.md 2.1 "Supply"): allocations, the AMM seed and the initial
// providers' stakes, both funded from the community allocation (assumption).
TS_HD_INLINE void init_path(const Params& p, const PathContext& ctx, Network& net, Provider* slots) {
  net = Network{};
  net.acc.locked_vesting = p.genesis_locked_vesting;
  net.acc.community_pool = p.genesis - p.genesis_locked_vesting;
  net.price = amm_open(net.amm, net.acc.amm_tokens, net.acc.community_pool, p.amm_usd0, p.p0, p.amm_fee);
  net.rent = rent_market_open();
  net.rent_usd = p.rental_price_usd;
  net.demand_price_factor = p.price_factor;
  for (std::int32_t i = 0; i < p.max_providers; ++i) slots[i] = Provider{};
  for (std::int32_t i = 0; i < p.initial_providers; ++i) {
    Provider& v = slots[i];
    const Micro stake = draw_entrant(p, ctx, 0, i, v);
    v.cooldown_until = 0;   // the genesis network is already running
    transfer_upto(net.acc.community_pool, v.acc.bonded, stake);
    transfer_upto(net.acc.community_pool, v.acc.delegated,
                  to_micro_floor(p.initial_delegation_ratio * to_tokens(stake)));
    v.inventory = transfer_upto(net.acc.community_pool, v.acc.liquid, manipulation_inventory(p, v, net.price));
    v.profit_usd -= to_tokens(v.acc.bonded + v.inventory) * net.price;
    v.twin_profit_usd = v.profit_usd;
    v.twin_inventory = v.inventory;
  }
  net.initial_providers = p.initial_providers;
  net.delegation_fill = kFractionOne;
  for (int e = 0; e < kEventCount; ++e) net.event_first[e] = kNeverReached;
}

// ---------------------------------------------------------------- N0

TS_HD_INLINE void network_begin_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net) {
  const std::int64_t h0 = hour_of_step(p, t);
  const std::int64_t h1 = h0 + p.dt_hours;
  const RandomWords wd = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), kNetworkAgent, Stream::kDemand);
  const RandomWords wm = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), kNetworkAgent, Stream::kMarket);

  // Exogenous shocks: the price moves once at a shock's start, demand while it lasts.
  const double demand_mult = apply_shocks(p.shocks, p.n_shocks, t, net.amm, net.acc.amm_tokens, net.acc.holders);

  // Demand: log-OU with Poisson jumps, growth, diurnal cycle, price
  // elasticity at today's rent (compute_market.hpp).
  net.demand_x = demand_ou_step(net.demand_x, p.ou_decay, p.ou_sd, p.jump_lambda_per_step, p.jump_mu,
                                p.jump_sigma, wd);
  net.demand_units = p.demand0 * pmath::exp(p.growth_per_step * static_cast<double>(t) + net.demand_x) *
                     p.diurnal[h0 % 24] * net.demand_price_factor * demand_mult;

  // Exogenous traders: net USD flow amm_usd * (mu dt + sigma sqrt(dt) Z)
  // against the pool's current depth, so that alone it moves the log price
  // by a Gaussian step: a GBM with volatility 2 sigma (x*y = k squares the
  // relative USD change into the price).
  amm_exogenous_flow(net.amm, net.acc.amm_tokens, net.acc.outside_market, p.flow_mu_dt, p.flow_sigma_sqrt_dt,
                     standard_normal(wm.w[0], wm.w[1]));

  // Emission of this step into the reward reserve; the step's budget.
  net.step_minted = scheduled_between(p.emission, h0, h1);
  net.acc.reward_reserve += net.step_minted;
  net.minted_cum += net.step_minted;
  net.budget = net.step_minted;

  // Stake asked of holders yesterday is filled pro rata to what they hold.
  net.delegation_fill = net.delegation_requested <= net.acc.holders
                            ? kFractionOne
                            : fraction_from_ratio(net.acc.holders, net.delegation_requested);
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P1

// Up to the draw: returns true when the slot is active and takes this
// step's uptime words (Stream::kUptime).
TS_HD_INLINE bool provider_online_prologue(const Params& p, const PathContext& ctx, std::int32_t t,
                                           const Network& net, Provider& v, std::int32_t slot, OnlineSums& sums) {
  v.claimed_online = 0;
  v.real_online = 0;
  v.caught = 0;
  v.manipulation_sold = 0;
  if (v.status == Status::vacant) return false;
  if (v.status == Status::entering) {
    // Self stake credited provisionally; N1 buys it on the market (or calls
    // the day's entry off) and P2 activates the slot.
    credit_entrant_stake(v, draw_entrant(p, ctx, t, slot, v), sums.entry_stake);
    v.inventory = manipulation_inventory(p, v, net.price);
    v.acc.liquid += v.inventory;
    sums.entry_stake += v.inventory;
    return false;
  }
  // Unbonding: the own stake of an exit in one tranche; stakers'
  // withdrawals day by day, each tranche on its own release date.
  if (v.acc.unbonding_own > 0 && t >= v.unbond_own_release) {
    v.acc.liquid += v.acc.unbonding_own;
    v.acc.unbonding_own = 0;
  }
  if (is_day_start(p, t) && v.delegated_unbonding.total > 0) {
    const Micro out = v.delegated_unbonding.release(day_of(p, t));
    v.acc.unbonding_delegated -= out;
    sums.released_to_holders += out;
  }
  // Stake asked of holders yesterday; an exiting provider takes none.
  if (v.delegation_request > 0) {
    if (v.status == Status::active) {
      const Micro got = apply_fraction(v.delegation_request, net.delegation_fill);
      v.acc.delegated += got;
      sums.delegation_settled += got;
    }
    v.delegation_request = 0;
  }
  return v.status == Status::active;
}

// The rest, with the slot's uptime words w.
TS_HD_INLINE void provider_online_drawn(const Params& p, Provider& v, const RandomWords& w, OnlineSums& sums) {
  // Nodes online this step: Binomial(identities, p_up) (MODEL.md 1 "Scale").
  const double u_up = uniform_open53(w.w[0], w.w[1]);
  const std::int32_t drawn = static_cast<std::int32_t>(binomial_draw(v.online_draw, u_up));
  switch (v.strategy) {
    case Strategy::honest:
    case Strategy::price_manipulation:   // its nodes behave honestly; it trades (below)
      v.claimed_online = drawn;
      v.real_online = drawn;
      break;
    case Strategy::fake_uptime:
      // Claims every node online while running only a share of them, which
      // saves opex (MODEL.md 1 "Attackers").
      v.claimed_online = v.identities;
      v.real_online = drawn;
      break;
    case Strategy::sybil:
      // Many identities on the same hardware: all report online as often as
      // the hardware is up; only `nodes` of them can deliver.
      v.claimed_online = drawn;
      v.real_online = drawn < v.nodes ? drawn : v.nodes;
      break;
  }
  // price_manipulation (MODEL.md 2.1 "Oracle"): sell its whole capital
  // before the step's claims are priced (N1), buy back after (N2).
  if (v.strategy == Strategy::price_manipulation) {
    v.manipulation_sold = transfer_upto(v.acc.liquid, sums.manipulation_sold, v.inventory);
    v.inventory -= v.manipulation_sold;
  } else if (is_attacker(v) && bernoulli(w.w[2], p.detect_threshold)) {
    v.caught = 1;
  }
  v.rent_draw = w.w[3];   // rounds this step's rentals (P2)
  sums.capacity_units += static_cast<std::int64_t>(v.claimed_online) * p.hardware[v.hardware].capacity_units;
  sums.nodes_online += v.claimed_online;
  if (v.claimed_online > 0) sums.providers_online += 1;
}

TS_HD_INLINE void provider_online_phase(const Params& p, const PathContext& ctx, std::int32_t t,
                                        const Network& net, Provider& v, std::int32_t slot, OnlineSums& sums) {
  if (!provider_online_prologue(p, ctx, t, net, v, slot, sums)) return;
  provider_online_drawn(p, v,
                        draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(slot),
                                   Stream::kUptime),
                        sums);
}

// ---------------------------------------------------------------- N1

TS_HD_INLINE void network_clear_market(const Params& p, Network& net, const OnlineSums& s) {
  net.acc.holders += s.released_to_holders;
  net.acc.holders -= s.delegation_settled;
  net.providers_online = s.providers_online;
  net.nodes_online = s.nodes_online;
  // Job market: demand is served up to the capacity offered; every offered
  // identity is rented with the same probability (the market's utilization).
  const double capacity = static_cast<double>(s.capacity_units);   // units offered now
  net.capacity_units = capacity;
  const double rented_units = net.demand_units < capacity ? net.demand_units : capacity;
  net.rent_fraction = capacity > 0.0 ? fraction_from_ratio(to_micro_floor(rented_units), to_micro_floor(capacity)) : 0;
  // Entrants buy their stake on the market (or the day's entry is called off).
  net.entry_cancelled = buy_entrants_tokens(net.amm, net.acc.amm_tokens, net.acc.clearing, s.entry_stake);
  // price_manipulation: the manipulators' sale lands just before pricing.
  net.manipulation_sold = s.manipulation_sold;
  net.manipulation_usd = 0.0;
  net.oracle_fair = oracle_price(net.oracle, p.oracle_window_steps, amm_price(net.amm, net.acc.amm_tokens));
  if (s.manipulation_sold > 0) {
    net.acc.clearing += s.manipulation_sold;
    net.manipulation_usd = amm_sell_tokens(net.amm, net.acc.amm_tokens, net.acc.clearing, s.manipulation_sold);
  }
  net.price = amm_price(net.amm, net.acc.amm_tokens);
  // USD-denominated claims convert at the oracle's TWAP (MODEL.md 2.1).
  net.oracle_price = oracle_price(net.oracle, p.oracle_window_steps, net.price);
  net.inv_price = net.oracle_price > 0.0 ? 1.0 / net.oracle_price : 0.0;
}

// ---------------------------------------------------------------- P2

TS_HD_INLINE void provider_market_phase(const Params& p, std::int32_t t, const Network& net, Provider& v,
                                        MarketSums& sums) {
  v.rented = 0;
  v.failed = 0;
  v.claim = 0;
  v.token_rental_usd = 0;
  if (v.status == Status::entering) {
    // The provisional stake of P1 was bought in N1, unless the day's entry
    // was called off; then the slot was never taken.
    if (net.entry_cancelled) {
      v = Provider{};
    } else {
      v.status = Status::active;
      v.profit_usd -= to_tokens(v.acc.bonded + v.inventory) * net.price;
      // The same stake and capital (attack_gain.hpp); the twin holds the capital.
      v.twin_profit_usd = v.profit_usd;
      v.twin_inventory = v.inventory;
    }
    return;   // claims start after the cooldown anyway
  }
  if (!is_active(v)) return;
  const HardwareClass& h = p.hardware[v.hardware];
  // Rentals: the cohort's offered identities times the market's rented share,
  // rounded stochastically (up with probability equal to the fraction), so a
  // one-node cohort is rented as often as the market says, in fixed point so
  // both backends agree.
  const std::uint64_t rent_fp = static_cast<std::uint64_t>(v.claimed_online) * net.rent_fraction;
  v.rented = static_cast<std::int32_t>(rent_fp >> 32) +
             (static_cast<std::uint64_t>(v.rent_draw) < (rent_fp & 0xFFFFFFFFull) ? 1 : 0);
  const std::int32_t delivered = v.rented < v.real_online ? v.rented : v.real_online;
  v.failed = v.rented - delivered;
  const double rental_usd = static_cast<double>(delivered) * h.capacity_units * net.rent_usd * p.dt_hours;
  const MicroUsd token_part = to_micro_floor(rental_usd * p.pay_in_token_share);
  const MicroUsd usd_part = to_micro_floor(rental_usd) - token_part;
  v.token_rental_usd = token_part;
  sums.token_rental += token_part;
  sums.usd_rental += usd_part;
  sums.delivered_units += static_cast<std::int64_t>(delivered) * h.capacity_units;
  // The supplier is paid the USDC part net of its fees now (MODEL.md 2.1 "Fees").
  const double usd_net = static_cast<double>(usd_part) * 1e-6 *
                         supplier_receives_share(p.reservation_fee_supplier, p.payment_fee_usdc);
  const double opex = static_cast<double>(v.real_online) * h.opex_usd_per_hour * p.dt_hours;
  v.income.today_usd += usd_net - opex;
  v.profit_usd += usd_net - opex;

  // Availability claims: committed identities online and not rented, plus
  // rented ones that failed to deliver (their reward is burned in P3).
  const bool cooling = t < v.cooldown_until;
  const bool staked = v.acc.stake() >= p.min_stake_per_node * v.identities;
  if (!cooling && staked && net.price > 0.0) {
    const std::int32_t idle = v.claimed_online - v.rented;
    const double stake_per_identity = static_cast<double>(v.acc.stake()) * v.inv_identities;
    const double per_identity_usd =
        v.reward_usd_per_identity * stake_boost_fast(stake_per_identity, p.min_stake_per_node, v.boost_slope, p.stake_boost);
    v.claim = to_micro_floor(static_cast<double>(idle + v.failed) * per_identity_usd * net.inv_price);
    sums.claims += v.claim;
  }
}

// ---------------------------------------------------------------- N2

TS_HD_INLINE void network_settle_payments(const Params& p, Network& net, const MarketSums& s) {
  // Pro-rata budget (MODEL.md 2.1): when the claims of the step exceed its
  // emission, every claim is paid the same fixed-point fraction; what the
  // rounding leaves stays in the reserve.
  // price_manipulation: the buyback, right after the claims were priced.
  net.manipulation_bought = 0;
  if (net.manipulation_usd > 0.0) {
    const Micro before = net.acc.clearing;
    amm_buy_with_usd(net.amm, net.acc.amm_tokens, net.acc.clearing, net.manipulation_usd);
    net.manipulation_bought = net.acc.clearing - before;
  }
  net.claims_total = s.claims;
  net.pay_fraction = s.claims <= net.budget ? kFractionOne : fraction_from_ratio(net.budget, s.claims);
  net.reward_scale = fraction_as_double(net.pay_fraction);
  net.served_units = static_cast<double>(s.delivered_units);
  net.utilization = net.capacity_units > 0.0 ? net.served_units / net.capacity_units : 0.0;
  rent_market_add(net.rent, net.served_units, net.capacity_units);

  // Token-paid rentals: renters buy tokens for the rent plus their fees; the
  // supplier's share goes to suppliers in P3, the rest of the clearing
  // account is network revenue (MODEL.md 2.1 "Fees", "Burn").
  net.token_rental_total = s.token_rental;
  net.clearing_for_providers = 0;
  if (s.token_rental > 0) {
    const double renter_usd = static_cast<double>(s.token_rental) * 1e-6 *
                              renter_pays_share(p.reservation_fee_renter, p.payment_fee_token);
    const Micro before = net.acc.clearing;
    amm_buy_with_usd(net.amm, net.acc.amm_tokens, net.acc.clearing, renter_usd);
    const Micro bought = net.acc.clearing - before;
    const double share = supplier_receives_share(p.reservation_fee_supplier, p.payment_fee_token) /
                         renter_pays_share(p.reservation_fee_renter, p.payment_fee_token);
    net.clearing_for_providers = to_micro_floor(to_tokens(bought) * share);
    net.fees_usd_cum += renter_usd * (1.0 - share);
  }
  // USDC-paid rentals: the network's fee revenue buys tokens on the AMM;
  // buyback_share of them is burned, the rest kept by the treasury.
  const double usd_rental = static_cast<double>(s.usd_rental) * 1e-6;
  const double revenue_usd = usd_rental * network_fee_share(p.reservation_fee_renter, p.reservation_fee_supplier,
                                                            p.payment_fee_usdc);
  net.fees_usd_cum += revenue_usd;
  // The buyback itself comes after rewards and slashing (MODEL.md 1 order).
  const double buyback_usd = revenue_usd * static_cast<double>(p.buyback_share) / static_cast<double>(kFractionOne);
  net.pending_buyback_usd = buyback_usd;
  net.treasury_usd += revenue_usd - buyback_usd;
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P3


// An attacker's net profit marked to market: realised USD (income at the
// price it was received, minus capex, opex and the stake bought) plus the
// stake it still owns, so a slash counts once, through the stake. Tokens
// earned and still held were counted as income when received, so they are
// not added again (and moving them into the stake is paid for).
TS_HD_INLINE double attacker_mark_to_market(const Provider& v, double price) {
  return v.profit_usd + to_tokens(v.acc.bonded + v.acc.unbonding_own + v.inventory) * price;
}

// The attack's profit against honest play so far (attack_gain.hpp): the
// twin holds the attacker's stake, so the difference is in the USD figures.
// A manipulator's capital, marked to market: what the round trips left of
// it against the same capital its twin holds without trading.
TS_HD_INLINE double attack_gain_of(const Provider& v, double price) {
  return v.profit_usd - v.twin_profit_usd + to_tokens(v.inventory - v.twin_inventory) * price;
}

// One step of an attacker's honest twin (attack_gain.hpp, MODEL.md 1
// "Attackers"): one identity per node, every node that is up claimed and able
// to deliver, Binomial(nodes, p_up) at its mean; the attacker's capital and
// stakers; this step's rented share, pro-rata fraction and price; the same
// rules as provider_market_phase and provider_settle_phase.
TS_HD_INLINE double honest_twin_step_usd(const Params& p, std::int32_t t, const Network& net, const Provider& v) {
  const HardwareClass& h = p.hardware[v.hardware];
  const double nodes = static_cast<double>(v.nodes);
  const double online = nodes * v.p_up;
  const double rented = online * fraction_as_double(net.rent_fraction);
  const double rental_usd = rented * h.capacity_units * net.rent_usd * p.dt_hours;
  const double tok = p.pay_in_token_share;
  double usd = rental_usd * ((1.0 - tok) * supplier_receives_share(p.reservation_fee_supplier, p.payment_fee_usdc) +
                             tok * supplier_receives_share(p.reservation_fee_supplier, p.payment_fee_token));
  usd -= online * h.opex_usd_per_hour * p.dt_hours;
  if (!(net.price > 0.0)) return usd;
  const double pay = fraction_as_double(net.pay_fraction);
  const Micro stake = v.acc.stake();
  if (t >= v.cooldown_until && stake >= p.min_stake_per_node * v.nodes) {
    const double per_node_usd =
        v.reward_usd_per_identity *
        stake_boost_fast(static_cast<double>(stake) / nodes, p.min_stake_per_node, v.boost_slope, p.stake_boost);
    const double supplier = fraction_as_double(p.supplier_share);
    const double own = stake > 0 ? static_cast<double>(stake - v.acc.delegated) / static_cast<double>(stake) : 1.0;
    // Claims convert at the oracle: the twin's at the oracle without the
    // manipulators' sale, which also lowers the claims a binding budget
    // scales; its tokens are worth the step's price, like the attacker's.
    const double fair = net.oracle_fair > 0.0 ? net.oracle_fair : net.oracle_price;
    double twin_pay = pay * fair / net.oracle_price;
    if (twin_pay > 1.0) twin_pay = 1.0;
    usd += (online - rented) * per_node_usd * twin_pay * (supplier + (1.0 - supplier) * own) * (net.price / fair);
  }
  // Downtime slash of the nodes that are down, as in provider_settle_phase.
  if (t >= v.cooldown_until && t > v.joined_step) usd -= (nodes - online) * v.reward_usd_per_identity * pay;
  return usd;
}

TS_HD_INLINE void fraud_slash(Provider& v, double price, SettleSums& sums) {
  // Fraud slashes the whole collateral and accrued rewards to insurance, the
  // stakers' delegation included (MODEL.md 2.1 "Slashing": the collateral is
  // an insurance fund); the slot is freed. The attacker loses the rewards it
  // still held (counted as income when received) and its stake (counted as
  // a cost when bought).
  sums.slashed_to_insurance += v.acc.total();
  const double realized = v.profit_usd - to_tokens(v.acc.liquid) * price;
  sums.realized_attacker_profit += to_micro_signed(realized);
  // Its twin keeps what it owns: the stake, at the current price.
  const double twin = twin_keeping_stake_usd(v.twin_profit_usd, v.acc.bonded + v.acc.unbonding_own, price);
  sums.attack.gain_gone += to_micro_signed(realized - twin);
  v = Provider{};
}

TS_HD_INLINE void provider_settle_phase(const Params& p, std::int32_t t, const Network& net, Provider& v,
                                        SettleSums& sums) {
  if (v.status == Status::vacant) return;
  if (v.status == Status::active && v.caught) {
    fraud_slash(v, net.price, sums);
    return;
  }
  const double price = net.price;
  if (v.manipulation_sold > 0) {
    // Its share of the buyback: what the round trip loses is the
    // manipulation's cost, through the inventory (its twin does not trade).
    const Micro back = mul_div_floor(net.manipulation_bought, v.manipulation_sold, net.manipulation_sold);
    v.acc.liquid += back;
    v.inventory += back;
    sums.manipulation_taken += back;
  }
  if (v.status == Status::active) {
    if (is_attacker(v)) v.twin_profit_usd += honest_twin_step_usd(p, t, net, v);
    // Availability reward: the claim, scaled pro rata when claims exceed the budget.
    if (v.claim > 0) {
      const Micro pay = apply_fraction(v.claim, net.pay_fraction);
      const std::int32_t claimed = v.claimed_online - v.rented + v.failed;
      const Micro burn = v.failed > 0 ? share_floor(pay, v.failed, claimed) : 0;
      const Micro reward = pay - burn;
      const Micro supplier = apply_fraction(reward, p.supplier_share);
      const Micro staking = reward - supplier;
      const Micro stake = v.acc.stake();
      const Micro to_delegators = share_floor(staking, v.acc.delegated, stake);
      v.acc.liquid += reward - to_delegators;
      v.day_tokens_earned += reward - to_delegators;
      v.acc.delegated += to_delegators;
      v.rewards_cum += reward;
      v.day_staking_reward += staking;
      sums.reward_paid += reward;
      sums.reward_burned += burn;
      const double value = to_tokens(reward - to_delegators) * price;
      v.income.today_usd += value;
      v.profit_usd += value;
    }
    // Token-paid rentals: the supplier's share of the tokens renters bought.
    if (v.token_rental_usd > 0 && net.token_rental_total > 0) {
      // Exact floor of the pro-rata share: the providers' shares of the
      // shared clearing account can never add up to more than it holds.
      const Micro tokens = mul_div_floor(net.clearing_for_providers, v.token_rental_usd, net.token_rental_total);
      v.acc.liquid += tokens;
      v.day_tokens_earned += tokens;
      sums.clearing_taken += tokens;
      v.income.today_usd += to_tokens(tokens) * price;
      v.profit_usd += to_tokens(tokens) * price;
    }
    // Downtime: each committed identity offline loses the hour's reward and
    // its stake is slashed by one hour's availability reward. ASSUMPTION: the
    // reward it would have been paid, i.e. without the stake boost and scaled
    // like every claim when the budget binds. Not in the step a cohort joins
    // (its nodes come online from the next step) nor during its cooldown.
    const std::int32_t offline = v.identities - v.claimed_online;
    if (offline > 0 && price > 0.0 && t >= v.cooldown_until && t > v.joined_step) {
      const Micro full = to_micro_floor(static_cast<double>(offline) * v.reward_usd_per_identity / price);
      const Micro due = apply_fraction(full, net.pay_fraction);
      Micro slashed = 0;
      const Micro from_bonded = transfer_upto(v.acc.bonded, slashed, due);
      transfer_upto(v.acc.delegated, slashed, due - from_bonded);
      if (p.downtime_slash_to_insurance) sums.slashed_to_insurance += slashed;
      else sums.slashed_to_burned += slashed;
      // The loss is the stake's (marked to market); the twin, slashed in
      // honest_twin_step_usd for its own downtime, keeps the attacker's stake.
      if (is_attacker(v)) v.twin_profit_usd += to_tokens(from_bonded) * price;
      // ASSUMPTION: an hour offline is downtime, punished by the slash, not a
      // pause; the 12 h cooldown applies when a cohort (re)joins. (Applying
      // it to whole-cohort outages would make it depend on cohort size.)
    }
  }

  if (is_day_end(p, t)) {
    if (v.status == Status::active) {
      // Trailing income: an EMA with the exit window as time constant.
      const bool under_water = close_day(v.income, p.exit_ema_alpha, p.patience_days);
      // Sell a share of the day's token income (MODEL.md 1: a sell_fraction
      // of token income is sold each day); the rest stays in the wallet.
      const Micro sell = to_micro_floor(v.sell_fraction * to_tokens(v.day_tokens_earned));
      v.day_tokens_earned = 0;
      transfer_upto(v.acc.liquid, sums.sold, sell);
      // Stakers follow the staking APY (MODEL.md 1 "Stakers").
      const Micro stake = v.acc.stake();
      const double apy = stake > 0 ? static_cast<double>(v.day_staking_reward) * 365.0 / static_cast<double>(stake) : 0.0;
      v.day_staking_reward = 0;
      if (apy > p.staker_hurdle_apy) {
        const Micro base = v.acc.delegated > v.acc.bonded / 10 ? v.acc.delegated : v.acc.bonded / 10;
        v.delegation_request = to_micro_floor(p.restake_rate * to_tokens(base));
        sums.delegation_requests += v.delegation_request;
      } else if (v.acc.delegated > 0) {
        const Micro out = transfer_upto(v.acc.delegated, v.acc.unbonding_delegated,
                                        to_micro_floor(p.restake_rate * to_tokens(v.acc.delegated)));
        v.delegated_unbonding.enqueue(out, day_of(p, t), p.unbonding_days);
      }
      // Top the stake back up to the minimum from the wallet.
      // Those tokens were income when received: staking them is paid for
      // (and by the twin, which holds the same stake).
      const Micro minimum = p.min_stake_per_node * v.identities;
      if (v.acc.stake() < minimum) {
        const double topped = to_tokens(transfer_upto(v.acc.liquid, v.acc.bonded, minimum - v.acc.stake())) * price;
        v.profit_usd -= topped;
        v.twin_profit_usd -= topped;
      }
      // Exit after `patience_days` of negative trailing income, once the
      // collateral lock has passed (MODEL.md 1, 2.1). "A hired node cannot
      // unstake": rentals last one step here, so at the day's end the
      // cohort's nodes are free; it stops offering capacity and unbonds.
      if (under_water && t >= v.joined_step + p.collateral_lock_steps) {
        if (is_attacker(v)) {
          sums.realized_attacker_profit += to_micro_signed(attacker_mark_to_market(v, price));
          sums.attack.gain_gone += to_micro_signed(attack_gain_of(v, price));
        }
        transfer_upto(v.acc.bonded, v.acc.unbonding_own, v.acc.bonded);
        const Micro out = transfer_upto(v.acc.delegated, v.acc.unbonding_delegated, v.acc.delegated);
        v.delegated_unbonding.enqueue(out, day_of(p, t), p.unbonding_days);
        v.unbond_own_release = t + 1 + p.unbonding_steps;
        v.status = Status::exiting;
      }
    } else if (v.status == Status::exiting && v.acc.unbonding_own == 0 && v.acc.unbonding_delegated == 0) {
      // Out of the unbonding queue: sell everything and leave.
      transfer_upto(v.acc.liquid, sums.sold, v.acc.liquid);
      if (v.acc.total() == 0) v = Provider{};
    }
  }

  if (v.status == Status::active) {
    sums.active += 1;
    // The entry signal: network_end_step reads it at the day's end only.
    if (is_day_end(p, t)) {
      sums.income_ema_sum += to_micro_signed(v.income.ema_usd_per_day);
      sums.capex_sum += to_micro_floor(v.capex_usd);
    }
    if (is_attacker(v)) count_live_attacker(sums.attack, to_micro_signed(attack_gain_of(v, price)), true, attacker_mark_to_market(v, price));
  }
  sums.providers_total += v.acc.total();
}


// ---------------------------------------------------------------- N3

// Returns the number of entrants to place in vacant slots (daily), which the
// model places with admit_entrants.
TS_HD_INLINE std::int32_t network_end_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net,
                                           const SettleSums& s) {
  const std::int64_t h0 = hour_of_step(p, t);
  const std::int64_t h1 = h0 + p.dt_hours;
  // Rewards out of the reserve; failed deliveries' rewards and slashes burned.
  net.acc.reward_reserve -= s.reward_paid + s.reward_burned;
  net.emitted_cum += s.reward_paid;
  net.acc.burned += s.reward_burned + s.slashed_to_burned;
  net.acc.insurance += s.slashed_to_insurance;
  net.slashed_cum += s.slashed_to_burned + s.slashed_to_insurance;
  net.attacker_realized_usd += static_cast<double>(s.realized_attacker_profit) * 1e-6;
  // What renters' tokens left after paying suppliers is fee revenue in
  // tokens: buyback_share burned, the rest to the treasury.
  net.acc.clearing -= s.clearing_taken;
  // The buyback's rounding remainder (price_manipulation) is dust.
  net.acc.clearing -= s.manipulation_taken;
  transfer_upto(net.acc.clearing, net.acc.dust, net.manipulation_bought - s.manipulation_taken);
  const Micro fee_tokens = net.acc.clearing;
  const Micro fee_burn = apply_fraction(fee_tokens, p.buyback_share);
  transfer_upto(net.acc.clearing, net.acc.burned, fee_burn);
  transfer_upto(net.acc.clearing, net.acc.treasury, net.acc.clearing);
  // Burn and buybacks: the USDC fee revenue's buyback share buys and burns.
  if (net.pending_buyback_usd > 0.0) amm_buy_with_usd(net.amm, net.acc.amm_tokens, net.acc.burned, net.pending_buyback_usd);
  net.pending_buyback_usd = 0.0;
  // Providers' daily sales.
  if (s.sold > 0) {
    Micro selling = s.sold;
    amm_sell_tokens(net.amm, net.acc.amm_tokens, selling, s.sold);
  }
  net.delegation_requested = s.delegation_requests;   // settled in the next step

  // Vesting unlocks (monthly) into holders, part of them sold over a window;
  // the community allocation is released evenly over its months.
  const Micro unlocked =
      transfer_upto(net.acc.locked_vesting, net.acc.holders, lumps_between(p.vesting_unlock, p.unlock_months, h0, h1));
  unlock_trades_step(net.unlock_dump, p.unlock_dump_share, net.amm, net.acc.amm_tokens, net.acc.holders, unlocked,
                     spread_lumps_between(p.unlock_sold, p.unlock_months, p.unlock_sell_hours, h0, h1));
  // A month starts in this step (dt <= 24 h, so at most one): release the
  // pool's balance evenly over the months left.
  const std::int64_t month = month_of_hour(h1 - 1);
  if (month_start_hour(month) >= h0 && month < p.community_release_months)
    transfer_upto(net.acc.community_pool, net.acc.holders, quotient_or(net.acc.community_pool, p.community_release_months - month, 0));
  // The treasury's obligations of the day (models/mechanisms/treasury.hpp).
  const bool insolvent = is_day_end(p, t) && pay_treasury_day(net.acc, net.amm, net.treasury_usd, p.treasury_burn_usd_per_day, net.treasury_obligations);
  net.price = amm_price(net.amm, net.acc.amm_tokens);
  oracle_record(net.oracle, p.oracle_window_steps, net.price);   // the price that held through the step
  // Compute-price discovery: the day's utilisation sets tomorrow's rent,
  // and demand answers it (MODEL.md 1 "Compute market").
  if (is_day_end(p, t)) {
    rent_market_close_day(net.rent, p.rent_rule);
    net.rent_usd = p.rental_price_usd * net.rent.index;
    net.demand_price_factor = p.price_factor * rent_demand_factor(net.rent, p.rent_rule);
  }

  // Conservation invariant, exact, every step (MODEL.md 1).
  const Micro residual = ledger_residual(net.acc, s.providers_total, p.genesis, net.minted_cum);
  check_conservation(net.event_first, net.residual_max_abs, residual, t);

  // Risk events: first time reached.
  record_event(net.event_first, Event::provider_collapse, t,
               static_cast<double>(s.active) < p.collapse_fraction * static_cast<double>(net.initial_providers));
  record_event(net.event_first, Event::price_crash, t, net.price < p.crash_fraction * p.p0);
  record_event(net.event_first, Event::attack_profitable, t, close_attack_step(net.attack, with_unlock_dump(s.attack, net.unlock_dump, net.price)));
  record_event(net.event_first, Event::cap_breach, t, p.genesis + net.minted_cum > p.max_supply);
  record_event(net.event_first, Event::treasury_insolvent, t, insolvent);

  // Entry, daily: Poisson(lambda_entry * clamp((R - hurdle) / hurdle, 0, 3))
  // with R the trailing annualised return on capex of active providers.
  if (!is_day_end(p, t)) return 0;
  return draw_daily_entrants(ctx.key, ctx.path, t, p.lambda_entry, s.income_ema_sum, s.capex_sum, p.entry_hurdle);
}

}  // namespace ts::ionet
