#pragma once
// One step of a Hanzo path (MODEL.md 1 "Time" and 2.4), in the engine's
// phases: provider phases run per agent slot (in parallel on the GPU), the
// network phases once per path, integer population sums in between.
//
//   N0 network_begin_step      shocks, demand for inference tokens, market flow, emission due
//   P1 provider_online_phase   entrants, unbonding releases, delegation, nodes available,
//                              staking power (job routing weight), stake * utilization
//   N1 network_route_jobs      supply, network_factor, routing rate, entrants' stake purchase
//   P2 provider_market_phase   first routing round (by staking power), availability claims
//   N2 network_settle_payments re-routing of overflow, users buy AI for their jobs,
//                              availability budget (mining pool, then provider rewards pool)
//   P3 provider_settle_phase   job pay and fee, availability reward, daily SLA and attestation
//                              checks and slashing, sales, delegation, exit
//   N3 network_end_step        fee distribution, burns, team unlocks, community release,
//                              inference price update, invariant, risk events, entry
#include <cmath>
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/portable_math.hpp"
#include "models/core/rng.hpp"
#include "models/core/saturating_cast.hpp"
#include "models/core/variates.hpp"
#include "models/engine/path_context.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/day_calendar.hpp"
#include "models/mechanisms/shocks.hpp"
#include "models/mechanisms/demand.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/risk_events.hpp"
#include "models/mechanisms/schedule.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/mechanisms/unlock_dump.hpp"
#include "models/mechanisms/unbonding.hpp"
#include "models/protocols/hanzo/params.hpp"
#include "models/protocols/hanzo/rules.hpp"
#include "models/protocols/hanzo/state.hpp"

namespace ts::hanzo {



// ---------------------------------------------------------------- stake moves

// Unstake `amount` of the provider's own stake: 0.1% burned (seed
// "Unstaking: 0.1% (burn)"), the rest through the unbonding queue to `liquid`.
TS_HD_INLINE void unstake_own(const Params& p, std::int32_t day, Provider& v, Micro amount, SettleSums& sums) {
  Micro moving = 0;
  transfer_upto(v.acc.bonded, moving, amount);
  const Micro fee = fee_of(moving, p.unstake_fee_ppm);
  sums.unstake_burned += fee;
  moving -= fee;
  v.acc.unbonding_own += moving;
  v.own_queue.enqueue(moving, day, p.unbonding_days);
}

// Delegators withdraw `amount`: the same fee, the rest back to holders after
// the unbonding period.
TS_HD_INLINE void unstake_delegated(const Params& p, std::int32_t day, Provider& v, Micro amount, SettleSums& sums) {
  Micro moving = 0;
  transfer_upto(v.acc.delegated, moving, amount);
  const Micro fee = fee_of(moving, p.unstake_fee_ppm);
  sums.unstake_burned += fee;
  moving -= fee;
  v.acc.unbonding_delegated += moving;
  v.delegated_queue.enqueue(moving, day, p.unbonding_days);
}

// Slash `fraction` of the stake (own and delegated pro rata: delegators share
// the provider's risk). Returns the provider's own tokens slashed.
TS_HD_INLINE Micro slash_amount(Micro stake, double fraction) {
  if (stake <= 0 || !(fraction > 0.0)) return 0;
  const Micro amount = fraction >= 1.0 ? stake : trunc_to<Micro>(static_cast<double>(stake) * fraction);
  return amount > stake ? stake : amount;
}

TS_HD_INLINE Micro slash_stake(Provider& v, double fraction, SettleSums& sums) {
  const Micro stake = v.acc.stake();
  const Micro amount = slash_amount(stake, fraction);
  if (amount == 0) return 0;
  Micro slashed = 0;
  const Micro from_bonded = transfer_upto(v.acc.bonded, slashed, share_floor(amount, v.acc.bonded, stake));
  transfer_upto(v.acc.delegated, slashed, amount - from_bonded);
  sums.slashed += slashed;
  return from_bonded;
}

// The own tokens a slash of `fraction` would take (slash_stake), for an
// attacker's honest twin, which holds the attacker's stake.
TS_HD_INLINE double own_slash_usd(const Provider& v, double fraction, double price) {
  const Micro stake = v.acc.stake();
  const Micro amount = slash_amount(stake, fraction);
  return amount > 0 ? to_tokens(share_floor(amount, v.acc.bonded, stake)) * price : 0.0;
}

// ---------------------------------------------------------------- entrants

// Traits of a provider entering slot `slot` at step t (MODEL.md 1 "Providers",
// "Attackers"; 2.4). Returns the tokens of self stake it brings.
TS_HD_INLINE Micro draw_entrant(const Params& p, const PathContext& ctx, std::int32_t t, std::int32_t slot, Provider& v) {
  const std::uint32_t step = static_cast<std::uint32_t>(t), agent = static_cast<std::uint32_t>(slot);
  const RandomWords w = draw_words(ctx.key, ctx.path, step, agent, Stream::kProviderTraits);
  const RandomWords w2 = draw_words(ctx.key, ctx.path, step, agent, Stream::kProviderTraits, 1);
  std::int32_t hw = 0;
  while (hw + 1 < p.n_hardware && static_cast<std::uint64_t>(w.w[0]) >= p.hardware[hw].cum_threshold) ++hw;
  const HardwareClass& h = p.hardware[hw];

  Provider fresh{};
  fresh.status = Status::active;
  fresh.strategy = bernoulli(w.w[1], p.attacker_threshold) ? p.attacker_strategy : Strategy::honest;
  fresh.hardware = static_cast<std::uint8_t>(hw);
  // A fake attestation claims TEE-I/O (tier 4) whatever the hardware attests.
  fresh.tier = fresh.strategy == Strategy::fake_attestation ? static_cast<std::uint8_t>(kTiers - 1) : h.max_tier;
  fresh.nodes = p.nodes_per_agent;
  fresh.p_up = beta_variate(p.p_up_alpha, p.p_up_beta, ctx.key, ctx.path, step, agent);
  fresh.online_draw = fresh.strategy == Strategy::fake_uptime ? binomial_prepare(fresh.nodes, p.attacker_real_uptime)
                                                              : binomial_prepare(fresh.nodes, fresh.p_up);
  // SLA performance ~ Beta(a, b): variates 2 and 3 of the traits' gamma stream
  // (0 and 1 are the reliability's).
  const double ga = gamma_variate(p.sla_alpha, ctx.key, ctx.path, step, agent, 2u);
  const double gb = gamma_variate(p.sla_beta, ctx.key, ctx.path, step, agent, 3u);
  fresh.sla = ga / (ga + gb);
  fresh.job_rate_mult = quality_multiplier(fresh.sla, p.quality_min, p.quality_max) * p.tier_bonus[fresh.tier];
  const double lock_days = p.lock_days_lo + (p.lock_days_hi - p.lock_days_lo) * uniform_open32(w2.w[0]);
  fresh.duration_mult = duration_multiplier(lock_days, p.duration_bonus_per_year, p.duration_mult_max);
  fresh.reputation = p.initial_reputation;
  fresh.violation_threshold = fraction_of_probability(p.violation_prob_at_zero * (1.0 - fresh.sla));
  fresh.sell_fraction = p.sell_fraction_lo + (p.sell_fraction_hi - p.sell_fraction_lo) * uniform_open32(w.w[2]);
  fresh.capex_usd = h.capex_usd * static_cast<double>(fresh.nodes);
  fresh.profit_usd = -fresh.capex_usd;
  fresh.joined_step = t;
  fresh.lock_until = t + trunc_to<std::int32_t>(lock_days * static_cast<double>(p.steps_per_day));
  fresh.day_severity = -1.0;
  const double per_node = p.stake_per_node_lo + (p.stake_per_node_hi - p.stake_per_node_lo) * uniform_open32(w.w[3]);
  Micro stake_per_node = to_micro_floor(per_node);
  if (stake_per_node < p.min_stake_per_node) stake_per_node = p.min_stake_per_node;
  v = fresh;
  return stake_per_node * fresh.nodes;
}

// ---------------------------------------------------------------- genesis

// Genesis (MODEL.md 2.4 "Supply"): 30% community pool, 25% mining pool (the
// reward reserve), 20% team (locked, vesting), 15% DAO treasury, 10% initial
// liquidity (the AMM's token side). The initial providers' stakes and
// delegations come from the community allocation (assumption).
TS_HD_INLINE void init_path(const Params& p, const PathContext& ctx, Network& net, Provider* slots) {
  net = Network{};
  net.acc.community_pool = p.genesis_community;
  net.acc.reward_reserve = p.genesis_mining_pool;
  net.acc.locked_vesting = p.genesis_team;
  net.acc.treasury = p.genesis_treasury;
  net.acc.amm_tokens = p.genesis_amm_tokens;
  net.acc.holders = p.genesis_liquidity_rest;
  net.amm.fee = p.amm_fee;
  net.amm.usd = p.amm_usd0;
  net.price = amm_price(net.amm, net.acc.amm_tokens);
  net.inference_price = p.initial_inference_price;
  net.reward_scale = 1.0;
  for (std::int32_t i = 0; i < p.max_providers; ++i) slots[i] = Provider{};
  for (std::int32_t i = 0; i < p.initial_providers; ++i) {
    Provider& v = slots[i];
    const Micro stake = draw_entrant(p, ctx, 0, i, v);
    transfer_upto(net.acc.community_pool, v.acc.bonded, stake);
    transfer_upto(net.acc.community_pool, v.acc.delegated, to_micro_floor(p.initial_delegation_ratio * to_tokens(stake)));
    // A genesis provider's stake is paid for, at the genesis price, as an
    // entrant's is (MODEL.md 1 "Attackers": genesis stake paid for).
    v.profit_usd -= to_tokens(v.acc.bonded) * net.price;
    v.twin_profit_usd = v.profit_usd;
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
  net.price = amm_price(net.amm, net.acc.amm_tokens);

  // Demand for inference tokens (MODEL.md 1 "Demand"): log-OU with jumps,
  // growth, diurnal cycle, and the users' price in USD (inference price in AI
  // times the AI price) against the genesis price, with elasticity.
  net.demand_x = demand_ou_step(net.demand_x, p.ou_decay, p.ou_sd, p.jump_lambda_per_step, p.jump_mu, p.jump_sigma, wd);
  double usd_per_token = net.inference_price * net.price;
  if (!(usd_per_token > 1e-300)) usd_per_token = 1e-300;
  net.demand_units = p.demand0 * pmath::exp(p.growth_per_step * static_cast<double>(t) + net.demand_x) *
                     p.diurnal[h0 % 24] * pmath::pow(usd_per_token / p.reference_usd_per_token, -p.demand_elasticity) *
                     demand_mult;

  // Exogenous traders (MODEL.md 1 "Token market"), as for every protocol.
  amm_exogenous_flow(net.amm, net.acc.amm_tokens, net.acc.outside_market, p.flow_mu_dt, p.flow_sigma_sqrt_dt,
                     standard_normal(wm.w[0], wm.w[1]));

  // Emission the schedule asks of this step (seed: 100M * 0.9^year), and what
  // the mining pool can still pay of it: never more than the pool.
  net.due = scheduled_between(p.emission, h0, h1);
  net.emission_due_cum += net.due;
  net.mining_budget = net.due < net.acc.reward_reserve ? net.due : net.acc.reward_reserve;

  // Stakers' new delegation, asked yesterday, is filled from holders, at
  // most restake_rate of their balance a day (MODEL.md 1 "Stakers"), so that
  // holders keep tokens to trade.
  const Micro offered = to_micro_floor(p.restake_rate * to_tokens(net.acc.holders));
  net.delegation_fill = net.delegation_requested <= offered ? kFractionOne
                                                            : fraction_from_ratio(offered, net.delegation_requested);
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P1

TS_HD_INLINE void provider_online_phase(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                        Provider& v, std::int32_t slot, OnlineSums& sums,
                                        const RandomWords* uptime = nullptr) {
  v.claimed_online = 0;
  v.real_online = 0;
  v.route_weight = 0;
  v.avail_weight = 0;
  v.capacity = 0;
  v.real_capacity = 0;
  if (v.status == Status::vacant) return;
  if (v.status == Status::entering) {
    // Stake credited provisionally; N1 buys it on the market (or calls the
    // day's entry off) and P2 activates the slot.
    credit_entrant_stake(v, draw_entrant(p, ctx, t, slot, v), sums.entry_stake);
    return;
  }
  // Unbonding queues release at the start of each day.
  if (is_day_start(p, t)) {
    const std::int32_t day = day_of(p, t);
    const Micro own = v.own_queue.release(day);
    v.acc.unbonding_own -= own;
    v.acc.liquid += own;
    const Micro back = v.delegated_queue.release(day);
    v.acc.unbonding_delegated -= back;
    sums.released_to_holders += back;
  }
  if (v.delegation_request > 0 && v.status == Status::active) {
    const Micro got = apply_fraction(v.delegation_request, net.delegation_fill);
    v.acc.delegated += got;
    sums.delegation_settled += got;
    v.delegation_request = 0;
  }
  if (v.status != Status::active) return;

  // Nodes available this step: Binomial(nodes, p_up) (MODEL.md 1 "Scale").
  // `uptime`: the words when the executor drew them (host/exec/lane_phase1.hpp).
  const RandomWords w = uptime ? *uptime : draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(slot),
                                   Stream::kUptime);
  const std::int32_t drawn = static_cast<std::int32_t>(binomial_draw(v.online_draw, uniform_open53(w.w[0], w.w[1])));
  v.real_online = drawn;
  // fake_uptime reports every node available (MODEL.md 1 "Attackers").
  v.claimed_online = v.strategy == Strategy::fake_uptime ? v.nodes : drawn;
  // Below the minimum stake (seed: 100 AI per node) a node earns nothing.
  const Micro stake = v.acc.stake();
  if (v.claimed_online == 0 || stake < p.min_stake_per_node * v.nodes) return;
  const double tokens_per_step = p.hardware[v.hardware].tokens_per_hour * p.dt_hours;
  v.capacity = trunc_to<std::int64_t>(static_cast<double>(v.claimed_online) * tokens_per_step);
  v.real_capacity = trunc_to<std::int64_t>(static_cast<double>(v.real_online) * tokens_per_step);
  // Jobs are routed in proportion to staking power (assumption of MODEL.md
  // 2.4), of the nodes available: amount * duration * tier * (1 + rep/1000).
  const double available = static_cast<double>(v.claimed_online) / static_cast<double>(v.nodes);
  v.route_weight =
      to_micro_floor(staking_power(to_tokens(stake), v.duration_mult, p.tier_mult[v.tier], v.reputation) * available);
  v.avail_weight = availability_weight(stake, v.claimed_online, v.nodes);
  sums.capacity += v.capacity;
  sums.route_weight += v.route_weight;
  sums.avail_weight += v.avail_weight;
  sums.nodes_online += v.claimed_online;
  sums.providers_online += 1;
}

// ---------------------------------------------------------------- N1

TS_HD_INLINE void network_route_jobs(const Params& p, Network& net, const OnlineSums& s) {
  net.acc.holders += s.released_to_holders;
  net.acc.holders -= s.delegation_settled;
  net.providers_online = s.providers_online;
  net.nodes_online = s.nodes_online;
  // Supply and demand of the step; network_factor = demand / supply.
  const double supply = static_cast<double>(s.capacity);
  const double demand = net.demand_units * p.dt_hours;
  net.capacity_units = supply / p.dt_hours;
  net.nf = network_factor(demand, supply);
  // Scaled to the step's emission, a global factor cancels (MODEL.md 2.4,
  // default); gated, it scales every claim and the unclaimed emission stays
  // in the pool.
  net.claim_nf = p.gate_by_network_factor ? net.nf : 1.0;
  net.route_per_weight = s.route_weight > 0 ? demand / static_cast<double>(s.route_weight) : 0.0;
  net.total_avail_weight = s.avail_weight;
  // Entrants buy their stake on the market (or the day's entry is called off).
  net.entry_cancelled = buy_entrants_tokens(net.amm, net.acc.amm_tokens, net.acc.clearing, s.entry_stake);
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P2

TS_HD_INLINE void provider_market_phase(const Network& net, Provider& v, MarketSums& sums) {
  v.routed = 0;
  v.delivered = 0;
  v.spare = 0;
  v.job_pay = 0;
  v.spare_pay = 0;
  v.claim = 0;
  if (v.status == Status::entering) {
    if (net.entry_cancelled) {
      v = Provider{};
    } else {
      v.status = Status::active;
      v.profit_usd -= to_tokens(v.acc.bonded) * net.price;   // the stake it bought
      v.twin_profit_usd = v.profit_usd;                        // the same capital (attack_gain.hpp)
    }
    return;
  }
  if (v.status != Status::active || v.capacity <= 0) return;
  // First round: jobs routed by staking power, up to the capacity offered;
  // what a provider cannot take is re-routed in N2 to spare capacity.
  const double alloc_d = net.route_per_weight * static_cast<double>(v.route_weight);
  const std::int64_t alloc = alloc_d < 9.0e18 ? trunc_to<std::int64_t>(alloc_d) : INT64_MAX / 4;
  v.routed = alloc < v.capacity ? alloc : v.capacity;
  v.spare = v.capacity - v.routed;
  v.delivered = v.routed < v.real_capacity ? v.routed : v.real_capacity;   // absent nodes fail their jobs
  // earnings_per_job = base_rate * quality * tier_bonus, for delivered tokens.
  const double rate = net.inference_price * v.job_rate_mult;
  v.job_pay = to_micro_floor(static_cast<double>(v.delivered) * rate);
  v.spare_pay = to_micro_floor(static_cast<double>(v.spare) * rate);
  sums.overflow += alloc - v.routed;
  sums.spare += v.spare;
  sums.job_pay += v.job_pay;
  sums.spare_pay += v.spare_pay;
  // Availability: stake * utilization * network_factor, scaled to the step's
  // emission (claim_nf is network_factor, or 1 where it cancels).
  v.claim = availability_claim(net.due, net.claim_nf, v.avail_weight, net.total_avail_weight);
  sums.claims += v.claim;
}

// ---------------------------------------------------------------- N2

TS_HD_INLINE void network_settle_payments(const Params& p, Network& net, const MarketSums& s) {
  // Overflow fills spare capacity pro rata (a second routing round).
  net.fill = s.spare > 0 ? fraction_from_ratio(s.overflow, s.spare) : 0;
  // Users pay for the jobs delivered: first round exactly, second round at
  // most the filled share of the spare capacity's value (what is left over
  // goes back to them in N3). Part is paid from AI they hold, the rest bought
  // on the AMM with USD.
  const Micro total = s.job_pay + apply_fraction(s.spare_pay, net.fill);
  net.jobs_cancelled = 0;
  if (total > 0) {
    Micro from_holders = apply_fraction(total, p.holder_pay_fraction);
    if (from_holders > net.acc.holders) from_holders = net.acc.holders;
    const Micro buy = total - from_holders;
    if (buy * 2 >= net.acc.amm_tokens) {
      net.jobs_cancelled = 1;   // the market cannot supply the tokens: no job is settled this step
    } else {
      transfer_upto(net.acc.holders, net.acc.clearing, from_holders);
      if (buy > 0) amm_buy_exact(net.amm, net.acc.amm_tokens, net.acc.clearing, buy);
    }
  }
  // Availability budget: the emission the mining pool can still pay of the
  // step's schedule, then the provider rewards pool (30% of fees), which
  // therefore builds up while the pool lasts and pays afterwards. Claims
  // beyond the budget are scaled pro rata (reward_scale < 1: the budget binds).
  net.budget = net.mining_budget + net.provider_pool;
  net.pay_fraction = s.claims <= net.budget ? kFractionOne : fraction_from_ratio(net.budget, s.claims);
  net.reward_scale = s.claims > net.budget ? static_cast<double>(net.budget) / static_cast<double>(s.claims) : 1.0;
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P3

// One step of an attacker's honest twin (attack_gain.hpp, MODEL.md 1
// "Attackers"): the tier its hardware attests (fake_attestation claims tier
// 4), the nodes that are up reported and run (fake_uptime reports them all;
// its twin Binomial(nodes, p_up) at its mean); the attacker's stake, stakers,
// lock, reputation and SLA performance; this step's routing rate, fill,
// budget and prices, by the rules of provider_market_phase and P3.
TS_HD_INLINE double honest_twin_step_usd(const Params& p, const Network& net, const Provider& v) {
  const HardwareClass& h = p.hardware[v.hardware];
  const double up = v.strategy == Strategy::fake_uptime ? static_cast<double>(v.nodes) * v.p_up
                                                        : static_cast<double>(v.real_online);
  const double opex = up * h.opex_usd_per_hour * p.dt_hours;
  if (v.capacity <= 0 || !(up > 0.0)) return -opex;
  // Routing weight and availability weight are linear in the nodes available.
  const double scale = up / static_cast<double>(v.claimed_online);
  const double capacity = up * h.tokens_per_hour * p.dt_hours;
  double routed = net.route_per_weight * static_cast<double>(v.route_weight) * scale * p.tier_mult[h.max_tier] /
                  p.tier_mult[v.tier];
  if (routed > capacity) routed = capacity;
  const double served = routed + (capacity - routed) * fraction_as_double(net.fill);
  double tokens = 0.0;
  if (!net.jobs_cancelled)
    tokens += served * net.inference_price * v.job_rate_mult * (p.tier_bonus[h.max_tier] / p.tier_bonus[v.tier]) *
              (1.0 - static_cast<double>(p.job_fee_ppm) * 1e-6);
  const Micro stake = v.acc.stake();
  const double delegated = stake > 0 ? static_cast<double>(v.acc.delegated) / static_cast<double>(stake) : 0.0;
  tokens += to_tokens(apply_fraction(v.claim, net.pay_fraction)) * scale * (1.0 - delegated * (1.0 - p.commission_share));
  return tokens * net.price - opex;
}

// Malicious behaviour caught: 100% of the stake and of what is unbonding is
// slashed (seed), the rest of the wallet sold, the slot freed.
TS_HD_INLINE void malicious_slash(const Params& p, Provider& v, double price, SettleSums& sums) {
  // Its honest twin keeps the stake (own, and unbonding), at the current price.
  const double twin = twin_keeping_stake_usd(v.twin_profit_usd, v.acc.bonded + v.acc.unbonding_own, price);
  if (p.malicious_slash >= 1.0) {
    sums.slashed += v.acc.unbonding_own + v.acc.unbonding_delegated;
  } else {
    // A partial malicious slash leaves what is unbonding to its owners.
    v.acc.liquid += v.acc.unbonding_own;
    sums.returned_to_holders += v.acc.unbonding_delegated;
  }
  v.acc.unbonding_own = 0;
  v.acc.unbonding_delegated = 0;
  v.own_queue = UnbondingQueue{};
  v.delegated_queue = UnbondingQueue{};
  slash_stake(v, p.malicious_slash, sums);
  v.acc.liquid += v.acc.bonded;
  v.acc.bonded = 0;
  sums.returned_to_holders += v.acc.delegated;
  v.acc.delegated = 0;
  const double sold_usd = to_tokens(v.acc.liquid) * price;
  transfer_upto(v.acc.liquid, sums.sold, v.acc.liquid);
  sums.caught_attacker_profit += to_micro_signed(v.profit_usd + sold_usd);
  sums.attack.gain_gone += to_micro_signed(v.profit_usd + sold_usd - twin);
  v = Provider{};
}

TS_HD_INLINE void provider_settle_phase(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                        Provider& v, std::int32_t slot, SettleSums& sums) {
  if (v.status == Status::vacant) return;
  const double price = net.price;
  const std::int32_t day = day_of(p, t);
  if (v.status == Status::active) {
    const HardwareClass& h = p.hardware[v.hardware];
    if (is_attacker(v)) v.twin_profit_usd += honest_twin_step_usd(p, net, v);
    double today_tokens = 0.0;   // own token income of the step
    if (v.capacity > 0) {
      // Second routing round: the filled share of its spare capacity.
      const std::int64_t extra = static_cast<std::int64_t>(apply_fraction(v.spare, net.fill));
      std::int64_t left = v.real_capacity - v.delivered;
      if (left < 0) left = 0;
      const std::int64_t delivered2 = extra < left ? extra : left;
      Micro pay2 = to_micro_floor(static_cast<double>(delivered2) * net.inference_price * v.job_rate_mult);
      const Micro cap2 = apply_fraction(v.spare_pay, net.fill);
      if (pay2 > cap2) pay2 = cap2;
      v.day_routed += static_cast<double>(v.routed + extra);
      v.day_failed += static_cast<double>(v.routed - v.delivered + extra - delivered2);
      if (!net.jobs_cancelled) {
        // Job payment less the 0.3% fee (seed), to the provider's wallet.
        const Micro pay = v.job_pay + pay2;
        const Micro fee = fee_of(pay, p.job_fee_ppm);
        v.acc.liquid += pay - fee;
        v.rewards_cum += pay - fee;
        today_tokens += to_tokens(pay - fee);
        sums.job_paid += pay;
        sums.job_fee += fee;
        sums.served += v.delivered + delivered2;
      }
    }
    // Availability reward, scaled when the budget binds; delegators' share
    // (less the provider's commission) compounds into their stake.
    if (v.claim > 0) {
      const Micro paid = apply_fraction(v.claim, net.pay_fraction);
      const Micro delegators_gross = share_floor(paid, v.acc.delegated, v.acc.stake());
      const Micro to_delegators = delegators_gross - apply_fraction(delegators_gross, p.commission);
      v.acc.liquid += paid - to_delegators;
      v.acc.delegated += to_delegators;
      v.rewards_cum += paid - to_delegators;
      v.day_stake_reward += paid;
      today_tokens += to_tokens(paid - to_delegators);
      sums.reward_paid += paid;
    }
    const double opex = static_cast<double>(v.real_online) * h.opex_usd_per_hour * p.dt_hours;
    v.income.today_usd += today_tokens * price - opex;
    v.profit_usd -= opex;
  }

  if (is_day_end(p, t)) {
    if (v.status == Status::active) {
      // Daily checks (MODEL.md 2.4 "Slashing"): the attacker's fraud, the
      // SLA record of the day, the TEE attestation.
      const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                       static_cast<std::uint32_t>(slot), Stream::kAttack);
      if (is_attacker(v) && bernoulli(w.w[0], p.detect_threshold)) {
        malicious_slash(p, v, price, sums);
        return;
      }
      // SLA: a random violation (more likely the worse its SLA performance)
      // of uniform severity, or jobs that failed: severity = failed share.
      const double random_severity = bernoulli(w.w[1], v.violation_threshold) ? uniform_open32(w.w[2]) : -1.0;
      double severity = random_severity;
      if (v.day_failed > 0.0 && v.day_routed > 0.0) {
        const double failed_share = v.day_failed / v.day_routed;
        if (failed_share > severity) severity = failed_share;
      }
      const bool attestation_fails = bernoulli(w.w[3], p.attestation_fail_threshold);
      if (is_attacker(v)) {
        // The twin's own slashes, on the same draws: the random violation
        // (its jobs do not fail) and the attestation of its real tier.
        if (random_severity >= 0.0)
          v.twin_profit_usd -= own_slash_usd(v, sla_slash_fraction(random_severity, p.sla_slash_lo, p.sla_slash_hi), price);
        if (p.hardware[v.hardware].max_tier >= 1 && attestation_fails)
          v.twin_profit_usd -= own_slash_usd(v, p.attestation_slash, price);
      }
      double penalties = 0.0;
      Micro own_slashed = 0;
      if (severity >= 0.0) {
        own_slashed += slash_stake(v, sla_slash_fraction(severity, p.sla_slash_lo, p.sla_slash_hi), sums);
        penalties += p.reputation_penalty;
      }
      // Attestation failure of an honest TEE provider (tiers >= 1): 10%.
      if (v.tier >= 1 && v.strategy != Strategy::fake_attestation && attestation_fails) {
        own_slashed += slash_stake(v, p.attestation_slash, sums);
        penalties += p.reputation_penalty;
      }
      // The attacker's slashes are its stake's loss; the twin holds that stake.
      if (is_attacker(v)) v.twin_profit_usd += to_tokens(own_slashed) * price;
      // Reputation (0..1000): drifts toward 1000 * SLA performance, less penalties.
      double rep = v.reputation + p.reputation_alpha * (kMaxReputation * v.sla - v.reputation) - penalties;
      v.reputation = rep < 0.0 ? 0.0 : (rep > kMaxReputation ? kMaxReputation : rep);
      v.day_routed = 0.0;
      v.day_failed = 0.0;

      const bool under_water = close_day(v.income, p.exit_ema_alpha, p.patience_days);
      // Sell a share of the wallet.
      const Micro sell = to_micro_floor(v.sell_fraction * to_tokens(v.acc.liquid));
      const Micro sold = transfer_upto(v.acc.liquid, sums.sold, sell);
      v.profit_usd += to_tokens(sold) * price;
      // Delegators follow the staking APY (MODEL.md 1 "Stakers"): the day's
      // availability reward per staked token, less the commission.
      const Micro stake = v.acc.stake();
      const double apy = stake > 0 ? static_cast<double>(v.day_stake_reward) * (1.0 - p.commission_share) * 365.0 /
                                         static_cast<double>(stake)
                                   : 0.0;
      v.day_stake_reward = 0;
      if (apy > p.staker_hurdle_apy) {
        const Micro base = v.acc.delegated > v.acc.bonded / 10 ? v.acc.delegated : v.acc.bonded / 10;
        v.delegation_request = to_micro_floor(p.restake_rate * to_tokens(base));
        sums.delegation_requests += v.delegation_request;
      } else if (v.acc.delegated > 0) {
        unstake_delegated(p, day, v, to_micro_floor(p.restake_rate * to_tokens(v.acc.delegated)), sums);
      }
      // Top the own stake back up to the minimum from the wallet.
      // (The twin holds the same stake: it pays for the top-up.)
      const Micro minimum = p.min_stake_per_node * v.nodes;
      if (v.acc.stake() < minimum)
        v.twin_profit_usd -= to_tokens(transfer_upto(v.acc.liquid, v.acc.bonded, minimum - v.acc.stake())) * price;
      // Exit after `patience_days` under water, once the lock has passed.
      if (under_water && t >= v.lock_until) {
        if (is_attacker(v)) sums.attack.gain_gone += to_micro_signed(attack_gain_of(v, price));
        unstake_own(p, day, v, v.acc.bonded, sums);
        unstake_delegated(p, day, v, v.acc.delegated, sums);
        sums.delegation_requests -= v.delegation_request;   // stakers do not join a provider that leaves
        v.delegation_request = 0;
        v.status = Status::exiting;
      }
    } else if (v.status == Status::exiting && v.acc.unbonding_own == 0 && v.acc.unbonding_delegated == 0) {
      // Out of the unbonding queues: sell everything and leave.
      const Micro sold = transfer_upto(v.acc.liquid, sums.sold, v.acc.liquid);
      v.profit_usd += to_tokens(sold) * price;
      if (v.acc.total() == 0) {
        if (is_attacker(v)) sums.caught_attacker_profit += to_micro_signed(v.profit_usd);
        v = Provider{};
      }
    }
  }

  if (v.status == Status::active) {
    sums.active += 1;
    sums.income_ema_sum += to_micro_signed(v.income.ema_usd_per_day);
    sums.capex_sum += to_micro_floor(v.capex_usd);
    if (is_attacker(v)) count_live_attacker(sums.attack, to_micro_signed(attack_gain_of(v, price)), true, mark_to_market(v, price));
  }
  sums.providers_total += v.acc.total();
}

// ---------------------------------------------------------------- N3

// The invariant: NetworkAccounts, the provider rewards pool and every
// provider account sum to genesis (nothing is minted).
TS_HD_INLINE Micro hanzo_ledger_residual(const Params& p, const Network& net, Micro providers_total) {
  return ledger_residual(net.acc, providers_total + net.provider_pool, p.genesis, 0);
}

TS_HD_INLINE std::int32_t network_end_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net,
                                           const SettleSums& s) {
  const std::int64_t h0 = hour_of_step(p, t);
  const std::int64_t h1 = h0 + p.dt_hours;
  // Availability: when the budget binds, the whole budget is owed and its
  // rounding remainder goes to dust; otherwise every claim was paid exactly.
  // The mining pool pays first, up to the step's schedule.
  const Micro owed = net.pay_fraction == kFractionOne ? s.reward_paid : net.budget;
  const Micro from_mining = owed < net.mining_budget ? owed : net.mining_budget;
  net.acc.reward_reserve -= from_mining;
  net.provider_pool -= owed - from_mining;
  net.acc.dust += owed - s.reward_paid;
  // Emission (the 25% mining pool) and fee-funded rewards are separate
  // metrics: emitted_cum counting both passed the pool's 250M once the pool
  // was empty (issue 12, item 7).
  net.emitted_cum += from_mining;
  net.fee_rewards_paid_cum += owed - from_mining;

  // Jobs: providers took their pay less the fee out of what users put in;
  // the fee is distributed (seed: 40% burned, 30% provider rewards pool, 20%
  // DAO treasury, 10% liquidity incentives, paid to liquidity providers, i.e.
  // holders), and what users put in beyond the jobs delivered goes back to them.
  net.acc.clearing -= s.job_paid - s.job_fee;
  const FeeSplit f = split_fee(s.job_fee, p.fee_shares);
  net.acc.clearing -= s.job_fee;
  net.acc.burned += f.burned;
  net.provider_pool += f.provider_pool;
  net.acc.treasury += f.treasury;
  net.acc.holders += f.liquidity;
  net.acc.dust += f.dust;
  transfer_upto(net.acc.clearing, net.acc.holders, net.acc.clearing);
  net.job_payments_cum += s.job_paid;
  net.fees_usd_cum += to_tokens(s.job_fee) * net.price;
  net.served_units = static_cast<double>(s.served) / p.dt_hours;
  net.utilization = net.capacity_units > 0.0 ? net.served_units / net.capacity_units : 0.0;

  // Slashes (burned or to the DAO treasury) and unstaking fees (burned).
  if (p.slash_sink == SlashSink::treasury) net.acc.treasury += s.slashed;
  else net.acc.burned += s.slashed;
  net.slashed_cum += s.slashed;
  net.acc.burned += s.unstake_burned;
  net.acc.holders += s.returned_to_holders;
  net.attacker_realized_usd += static_cast<double>(s.caught_attacker_profit) * 1e-6;
  if (s.sold > 0) {
    Micro selling = s.sold;
    amm_sell_tokens(net.amm, net.acc.amm_tokens, selling, s.sold);
  }
  net.delegation_requested = s.delegation_requests;

  // Team vesting (4 years): unlocks into holders (the team's part of them),
  // part sold over a window.
  const Micro unlocked = lumps_between(p.team_unlock, kMaxMonths, h0, h1);
  transfer_upto(net.acc.locked_vesting, net.acc.holders, unlocked);
  net.team_unlocked += unlocked;
  // (unlock_dump: the dumping members' share is sold at once.)
  const Micro sold =
      unlock_trades_step(net.unlock_dump, p.unlock_dump_share, net.amm, net.acc.amm_tokens, net.acc.holders, unlocked,
                         spread_lumps_between(p.team_unlock_sold, kMaxMonths, p.unlock_sell_hours, h0, h1));
  net.team_unlocked -= sold < net.team_unlocked ? sold : net.team_unlocked;
  // Community allocation released evenly over its months.
  const std::int64_t month = month_of_hour(h1 - 1);
  if (month_start_hour(month) >= h0 && month < p.community_release_months)
    transfer_upto(net.acc.community_pool, net.acc.holders, quotient_or(net.acc.community_pool, p.community_release_months - month, 0));
  // The treasury's obligations of the day (models/mechanisms/treasury.hpp).
  const bool insolvent = is_day_end(p, t) && pay_treasury_day(net.acc, net.amm, p.treasury_burn_usd_per_day, net.treasury_obligations);
  net.price = amm_price(net.amm, net.acc.amm_tokens);

  // The inference price (seed update_price) moves once a day, on the day's
  // demand against the capacity offered, damped (MODEL.md 2.4).
  net.day_demand_units += net.demand_units * p.dt_hours;
  net.day_capacity_units += net.capacity_units * p.dt_hours;
  if (is_day_end(p, t)) {
    net.inference_price = daily_price(net.inference_price, net.day_demand_units, net.day_capacity_units,
                                      p.price_update_elasticity, p.min_inference_price, p.max_inference_price,
                                      p.price_max_daily_move);
    net.day_demand_units = 0.0;
    net.day_capacity_units = 0.0;
  }

  // Conservation, exact, every step (MODEL.md 1), and the risk events.
  check_conservation(net.event_first, net.residual_max_abs, hanzo_ledger_residual(p, net, s.providers_total), t);
  std::int32_t* first = net.event_first;
  record_event(first, Event::provider_collapse, t,
               static_cast<double>(s.active) < p.collapse_fraction * static_cast<double>(net.initial_providers));
  record_event(first, Event::price_crash, t, net.price < p.crash_fraction * p.p0);
  record_event(first, Event::attack_profitable, t, close_attack_step(net.attack, with_unlock_dump(s.attack, net.unlock_dump, net.price)));
  record_event(first, Event::cap_breach, t, p.genesis > p.max_supply);
  record_event(first, Event::treasury_insolvent, t, insolvent);

  if (!is_day_end(p, t)) return 0;
  return draw_daily_entrants(ctx.key, ctx.path, t, p.lambda_entry, s.income_ema_sum, s.capex_sum, p.entry_hurdle);
}

}  // namespace ts::hanzo
