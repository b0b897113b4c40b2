#pragma once
// One step of a Secret AI path (MODEL.md 1 "Time" and 2.5; seed 000
// "Economics"), split into phases so that both executors can run the worker
// phases in parallel across agent slots and the network phases once per
// path, with integer population sums in between:
//
//   N0 network_begin_step       shocks, demand (usage and subscriptions), exogenous market flow
//   P1 worker_online_phase      entrants, unbonding releases, nodes online, uptime, capacity
//   N1 network_clear_market     entrants' stake bought on the AMM, each service's utilization
//   P2 worker_market_phase      jobs served (tokens in and out), self-dealers' fake jobs, opex
//   N2 network_settle_payments  user payments into the service pools; at an epoch's end the
//                               protocol fee, the fee's SCRT purchase, the epoch's subsidy
//   P3 worker_settle_phase      epoch end: payouts by W, subsidy by uptime, fee by stake,
//                               slashing, attacks caught; daily: sales, top-ups, exit
//   N3 network_end_step         ledger of the above, SCRT sales, subsidy end, invariant,
//                               risk events, entry
//
// SCRT moves only by ledger transfers (micro-tokens). User payments are USD
// stablecoins (fiat converted, seed 000): integers in micro-USD outside the
// token ledger, conserved exactly on their own (usd_residual below).
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
#include "models/mechanisms/unbonding.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/protocols/secret_ai/params.hpp"
#include "models/protocols/secret_ai/payments.hpp"
#include "models/protocols/secret_ai/state.hpp"

namespace ts::secret_ai {

TS_HD_INLINE bool is_epoch_end(const Params& p, std::int32_t t) { return (t + 1) % p.epoch_steps == 0; }
TS_HD_INLINE bool is_attacker(const Worker& v) { return v.strategy != Strategy::honest; }

// The worker's W of the epoch so far (seed 000), fake jobs included.
TS_HD_INLINE std::int64_t epoch_work_of(const Worker& v) { return work_weight(v.epoch_input, v.epoch_output); }

TS_HD_INLINE bool epoch_open(const Worker& v) {
  return v.epoch_input != 0 || v.epoch_output != 0 || v.epoch_uptime != 0 || v.epoch_slots != 0;
}

// USD conservation (micro-USD, exact): what users paid is what workers and
// stakers were paid, the rounding dust, and the pools not yet settled.
TS_HD_INLINE MicroUsd usd_residual(const Network& net) {
  MicroUsd pending = 0;
  for (int s = 0; s < kMaxServices; ++s) pending += net.pool[s];
  return net.user_payments_cum - (net.payouts_cum + net.fees_cum + net.usd_dust + pending);
}

// ---------------------------------------------------------------- entrants

// The service of the worker at genesis slot `slot`: the initial workers are
// spread over the services in proportion to their demand weights.
TS_HD_INLINE std::int32_t genesis_service(const Params& p, std::int32_t slot) {
  const double u = (static_cast<double>(slot) + 0.5) / static_cast<double>(p.initial_workers);
  std::int32_t s = 0;
  while (s + 1 < p.n_services && u >= p.services[s].cum_weight) ++s;
  return s;
}

// An entrant joins the service that paid most per unit of capacity in the
// last epoch (ASSUMPTION: entrants follow the yield); before the first epoch
// it draws a service by demand weight.
TS_HD_INLINE std::int32_t entrant_service(const Params& p, const Network& net, double u) {
  std::int32_t best = 0;
  if (net.have_yield) {
    for (std::int32_t s = 1; s < p.n_services; ++s)
      if (net.service_yield[s] > net.service_yield[best]) best = s;
    return best;
  }
  while (best + 1 < p.n_services && u >= p.services[best].cum_weight) ++best;
  return best;
}

// Traits of a worker entering slot `slot` at step t: hardware class,
// reliability, strategy (MODEL.md 1 "Providers", "Attackers"). Returns the
// SCRT it stakes: stake_per_node per node. A sybil stakes the same capital
// but splits it into floor(stake_per_node / min_stake) minimum-stake
// identities per node. `u_service` is a uniform for the service choice.
TS_HD_INLINE Micro draw_entrant(const Params& p, const PathContext& ctx, std::int32_t t, std::int32_t slot,
                                Worker& v, double& u_service) {
  const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                   static_cast<std::uint32_t>(slot), Stream::kProviderTraits);
  std::int32_t hw = 0;
  while (hw + 1 < p.n_hardware && static_cast<std::uint64_t>(w.w[0]) >= p.hardware[hw].cum_threshold) ++hw;
  const HardwareClass& h = p.hardware[hw];
  const Strategy strategy = bernoulli(w.w[1], p.attacker_threshold) ? p.attacker_strategy : Strategy::honest;

  Worker fresh{};
  fresh.status = Status::active;
  fresh.strategy = strategy;
  fresh.hardware = static_cast<std::uint8_t>(hw);
  fresh.nodes = p.nodes_per_agent;
  fresh.identities = strategy == Strategy::sybil ? p.nodes_per_agent * p.sybil_identities_per_node : p.nodes_per_agent;
  fresh.p_up = beta_variate(p.p_up_alpha, p.p_up_beta, ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                            static_cast<std::uint32_t>(slot));
  fresh.online_draw = binomial_prepare(fresh.nodes, fresh.p_up);
  fresh.sell_fraction = p.sell_fraction_lo + (p.sell_fraction_hi - p.sell_fraction_lo) * uniform_open32(w.w[2]);
  fresh.capex_usd = h.capex_usd * static_cast<double>(fresh.nodes);
  fresh.profit_usd = -fresh.capex_usd;
  fresh.joined_step = t;
  u_service = uniform_open32(w.w[3]);
  v = fresh;
  return p.stake_per_node * fresh.nodes;
}

// ---------------------------------------------------------------- genesis

// Genesis: the SCRT supply split into the community pool (of which the
// subsidy budget is set aside in the reward reserve), the chain's stake, the
// AMM seed and holders; the initial workers buy their stake from holders at p0.
TS_HD_INLINE void init_path(const Params& p, const PathContext& ctx, Network& net, Worker* slots) {
  net = Network{};
  net.acc.holders = p.genesis;
  transfer_upto(net.acc.holders, net.acc.treasury, p.genesis_treasury);
  transfer_upto(net.acc.treasury, net.acc.reward_reserve, p.subsidy_budget);
  transfer_upto(net.acc.holders, net.chain_staked, p.genesis_chain_staked);
  net.price = amm_open(net.amm, net.acc.amm_tokens, net.acc.holders, p.amm_usd0, p.p0, p.amm_fee);
  for (std::int32_t i = 0; i < p.max_workers; ++i) slots[i] = Worker{};
  for (std::int32_t i = 0; i < p.initial_workers; ++i) {
    Worker& v = slots[i];
    double u_unused = 0.0;
    const Micro stake = draw_entrant(p, ctx, 0, i, v, u_unused);
    v.service = static_cast<std::uint8_t>(genesis_service(p, i));
    const Micro got = transfer_upto(net.acc.holders, v.acc.bonded, stake);
    v.profit_usd -= to_tokens(got) * p.p0;
  }
  net.initial_workers = p.initial_workers;
  net.reward_scale = 1.0;
  for (std::int32_t k = 0; k < p.n_services; ++k) {
    net.rent[k] = rent_market_open();
    net.price_per_kw[k] = p.services[k].price_per_kw;
    net.demand_factor[k] = 1.0;
  }
  for (int e = 0; e < kEventCount; ++e) net.event_first[e] = kNeverReached;
}

// ---------------------------------------------------------------- N0

TS_HD_INLINE void network_begin_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net) {
  const std::int64_t hour = hour_of_step(p, t);
  const RandomWords wd = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), kNetworkAgent, Stream::kDemand);
  const RandomWords wm = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), kNetworkAgent, Stream::kMarket);

  // Exogenous shocks: the price moves once at a shock's start; usage is
  // multiplied while it lasts.
  // Exogenous shocks: the price moves once at a shock's start, demand while it lasts.
  const double demand_mult = apply_shocks(p.shocks, p.n_shocks, t, net.amm, net.acc.amm_tokens, net.acc.holders);

  // Demand (MODEL.md 1): D_t = D0 exp(g t + X_t) diurnal (P_c / P_ref)^-e.
  // Subscribers pay for the trend demand D0 exp(g t) (P_c / P_ref)^-e: a flat
  // fee that the short-run usage process (OU, jumps, diurnal cycle, shocks)
  // does not move (ASSUMPTION).
  net.demand_x = demand_ou_step(net.demand_x, p.ou_decay, p.ou_sd, p.jump_lambda_per_step, p.jump_mu,
                                p.jump_sigma, wd);
  const double trend = p.demand0 * pmath::exp(p.growth_per_step * static_cast<double>(t)) * p.price_factor;
  const double usage = trend * pmath::exp(net.demand_x) * p.diurnal[hour % 24] * demand_mult;
  double usage_all = 0.0;
  for (std::int32_t s = 0; s < p.n_services; ++s) {
    // Users of each service answer its price (compute_market.hpp).
    net.usage[s] = usage * p.services[s].demand_weight * net.demand_factor[s];
    net.subscribed[s] = trend * p.services[s].demand_weight * net.demand_factor[s];
    usage_all += net.usage[s];
  }
  net.demand_units = usage_all / (1000.0 * p.dt_hours);

  // Exogenous traders: net USD flow amm_usd (mu dt + sigma sqrt(dt) Z).
  amm_exogenous_flow(net.amm, net.acc.amm_tokens, net.acc.outside_market, p.flow_mu_dt, p.flow_sigma_sqrt_dt,
                     standard_normal(wm.w[0], wm.w[1]));
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P1

TS_HD_INLINE void worker_online_phase(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                      Worker& v, std::int32_t slot, OnlineSums& sums,
                                      const RandomWords* uptime = nullptr) {
  v.online_nodes = 0;
  v.capacity = 0;
  v.fee_eligible = 0;
  if (v.status == Status::vacant) return;
  if (v.status == Status::entering) {
    // Stake credited provisionally; N1 buys it on the AMM (or calls the
    // day's entry off) and P2 activates the slot.
    double u_service = 0.0;
    const Micro stake = draw_entrant(p, ctx, t, slot, v, u_service);
    v.service = static_cast<std::uint8_t>(entrant_service(p, net, u_service));
    credit_entrant_stake(v, stake, sums.entry_stake);
    return;
  }
  // Unbonding: each day's tranche is released at the start of its day.
  if (is_day_start(p, t) && v.unbonding.total > 0) {
    const Micro released = v.unbonding.release(day_of(p, t));
    transfer_upto(v.acc.unbonding_own, v.acc.liquid, released);
  }
  if (v.status != Status::active) return;

  // Nodes online this step: Binomial(nodes, p_up) (MODEL.md 1 "Scale"). A
  // sybil's identities all run on its nodes: up and down together.
  // `uptime`: the words when the executor drew them (host/exec/lane_phase1.hpp).
  const RandomWords w = uptime ? *uptime : draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                   static_cast<std::uint32_t>(slot), Stream::kUptime);
  const std::int32_t online = static_cast<std::int32_t>(binomial_draw(v.online_draw, uniform_open53(w.w[0], w.w[1])));
  const std::int64_t per_node = quotient_or(v.identities, v.nodes, 0);
  const std::int64_t online_identities = static_cast<std::int64_t>(online) * per_node;
  // Uptime counts identities online with the minimum stake each (the sybil bound).
  const std::int64_t counted = staked_identities(online_identities, v.acc.bonded, p.min_stake);
  v.online_nodes = online;
  v.epoch_uptime += counted;
  v.epoch_slots += v.identities;
  sums.uptime += counted;
  v.capacity = static_cast<std::int64_t>(online) * p.hardware[v.hardware].capacity_kw_per_step;
  sums.capacity[v.service] += v.capacity;
  // Stakers of the protocol fee: active workers' bonded stake, as of now.
  v.fee_eligible = 1;
  sums.stake_for_fee += v.acc.bonded;
  if (online > 0) {
    sums.providers_online += 1;
    sums.identities_online += static_cast<std::int32_t>(online_identities);
  }
}

// ---------------------------------------------------------------- N1

TS_HD_INLINE void network_clear_market(const Params& p, Network& net, const OnlineSums& s) {
  net.providers_online = s.providers_online;
  net.identities_online = s.identities_online;
  net.stake_for_fee = s.stake_for_fee;
  net.epoch_uptime += s.uptime;
  // Entrants buy their stake on the AMM (or the day's entry is called off).
  net.entry_cancelled = buy_entrants_tokens(net.amm, net.acc.amm_tokens, net.acc.clearing, s.entry_stake);
  // Job market per service: usage is served up to the capacity online; every
  // online worker of the service is busy the same share of its capacity.
  std::int64_t capacity_all = 0;
  for (std::int32_t k = 0; k < p.n_services; ++k) {
    const std::int64_t cap = s.capacity[k];
    const double served = net.usage[k] < static_cast<double>(cap) ? net.usage[k] : static_cast<double>(cap);
    net.utilization[k] = cap > 0 ? fraction_from_ratio(static_cast<Micro>(served), cap) : 0;
    net.epoch_capacity[k] += cap;
    rent_market_add(net.rent[k], served, static_cast<double>(cap));
    capacity_all += cap;
  }
  net.capacity_units = static_cast<double>(capacity_all) / (1000.0 * p.dt_hours);
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P2

TS_HD_INLINE void worker_market_phase(const Params& p, const Network& net, Worker& v, MarketSums& sums) {
  if (v.status == Status::entering) {
    if (net.entry_cancelled) {
      v = Worker{};
    } else {
      v.status = Status::active;
      v.profit_usd -= to_tokens(v.acc.bonded) * net.price;
    }
    return;
  }
  if (v.status != Status::active) return;
  const std::int32_t k = v.service;
  const Service& sv = p.services[k];
  if (v.capacity > 0) {
    // Jobs served: W units, split into the service's input and output tokens.
    const std::int64_t served = apply_fraction(v.capacity, net.utilization[k]);
    // self_dealing: fake jobs on idle capacity, paid at the user price
    // (pay-as-you-go). They run in the TEE like any job (ASSUMPTION: the
    // token counts are attested, so fake jobs must really be served).
    const std::int64_t fake =
        v.strategy == Strategy::self_dealing ? apply_fraction(v.capacity - served, p.fake_work_share) : 0;
    const TokenSplit real_tokens = split_work(served, sv.output_w_share);
    const TokenSplit fake_tokens = split_work(fake, sv.output_w_share);
    v.epoch_input += real_tokens.input + fake_tokens.input;
    v.epoch_output += real_tokens.output + fake_tokens.output;
    sums.served[k] += served;
    if (fake > 0) {
      const MicroUsd paid = fake * net.price_per_kw[k];
      v.epoch_fake += fake;
      v.epoch_fake_paid += paid;
      sums.fake[k] += fake;
      sums.fake_paid[k] += paid;
      v.income.today_usd -= static_cast<double>(paid) * 1e-6;
      v.profit_usd -= static_cast<double>(paid) * 1e-6;
    }
  }
  // GPU opex per node online, busy or idle (ASSUMPTION).
  const double opex = static_cast<double>(v.online_nodes) * p.hardware[v.hardware].opex_usd_per_step;
  v.income.today_usd -= opex;
  v.profit_usd -= opex;
}

// ---------------------------------------------------------------- N2

// The epoch's settlement, decided once for the path: the protocol fee of each
// service (rounded up), its SCRT part bought on the AMM, the stake it is
// shared over, and the epoch's protocol rewards.
TS_HD_INLINE void settle_epoch(const Params& p, std::int32_t t, Network& net) {
  net.fee_total = 0;
  for (std::int32_t k = 0; k < kMaxServices; ++k) {
    net.fee[k] = net.epoch_work[k] > 0 ? protocol_fee_of(net.pool[k], p.protocol_fee) : 0;
    net.fee_total += net.fee[k];
  }
  net.fees_cum += net.fee_total;
  const MicroUsd fee_to_swap = apply_fraction(net.fee_total, p.fee_in_scrt);
  net.fee_usd = net.fee_total - fee_to_swap;
  net.fee_scrt = 0;
  if (fee_to_swap > 0) {
    const Micro before = net.acc.clearing;
    amm_buy_with_usd(net.amm, net.acc.amm_tokens, net.acc.clearing, static_cast<double>(fee_to_swap) * 1e-6);
    net.fee_scrt = net.acc.clearing - before;
  }
  net.stake_total = net.chain_staked + net.stake_for_fee;

  // Protocol rewards (seed 000: a subsidy voted by SCRT stakers): the voted
  // amount for every epoch that starts before the subsidy's end, as long as
  // the reserve lasts.
  const std::int32_t epoch_start = t + 1 - p.epoch_steps;
  const bool voted = epoch_start < p.subsidy_end_step && p.subsidy_per_epoch > 0;
  Micro budget = 0;
  if (voted && net.epoch_uptime > 0)
    budget = p.subsidy_per_epoch < net.acc.reward_reserve ? p.subsidy_per_epoch : net.acc.reward_reserve;
  net.subsidy = budget;
  net.reward_scale = voted ? static_cast<double>(budget) / static_cast<double>(p.subsidy_per_epoch) : 0.0;

  // What the epoch paid per unit of capacity (entrants' choice of service).
  for (std::int32_t k = 0; k < p.n_services; ++k) {
    const double net_pool = static_cast<double>(net.pool[k] - net.fee[k]);
    net.service_yield[k] = net.epoch_capacity[k] > 0
                               ? net_pool / static_cast<double>(net.epoch_capacity[k])
                               : static_cast<double>(net.price_per_kw[k]);
  }
  net.have_yield = 1;
  net.settling = 1;
}

TS_HD_INLINE void network_settle_payments(const Params& p, std::int32_t t, Network& net, const MarketSums& m) {
  // User payments into each service's pool (USD stablecoins): pay-as-you-go
  // users pay the price of the work served; subscribers a flat fee for the
  // trend usage; self-dealers the price of their fake jobs.
  std::int64_t served_all = 0;
  for (std::int32_t k = 0; k < p.n_services; ++k) {
    const MicroUsd price = net.price_per_kw[k];
    const MicroUsd payg = apply_fraction(m.served[k] * price, p.payg_fraction);
    const MicroUsd subscriptions = trunc_to<MicroUsd>(net.subscribed[k] * p.subscription_share) * price;
    const MicroUsd paid = payg + subscriptions + m.fake_paid[k];
    net.pool[k] += paid;
    net.user_payments_cum += paid;
    net.self_dealt_cum += m.fake_paid[k];
    net.epoch_work[k] += m.served[k] + m.fake[k];
    served_all += m.served[k];
  }
  net.served_units = static_cast<double>(served_all) / (1000.0 * p.dt_hours);
  net.utilization_all = net.capacity_units > 0.0 ? net.served_units / net.capacity_units : 0.0;
  net.settling = 0;
  if (is_epoch_end(p, t)) settle_epoch(p, t, net);
  net.price = amm_price(net.amm, net.acc.amm_tokens);
}

// ---------------------------------------------------------------- P3

// Leave: the whole bonded stake enters the unbonding queue.
TS_HD_INLINE void begin_exit(const Params& p, std::int32_t t, Worker& v) {
  v.unbonding.enqueue(v.acc.bonded, day_of(p, t), p.unbonding_days);
  transfer_upto(v.acc.bonded, v.acc.unbonding_own, v.acc.bonded);
  v.status = Status::exiting;
}

// Slash `fraction` of the bonded stake (to burned, ASSUMPTION); returns it.
TS_HD_INLINE Micro slash_bonded(Worker& v, Fraction32 fraction, SettleSums& sums) {
  Micro slashed = 0;
  transfer_upto(v.acc.bonded, slashed, apply_fraction(v.acc.bonded, fraction));
  sums.slashed += slashed;
  return slashed;
}

// A worker's part of the epoch's settlement (seed 000): its share of its
// service's payments by W, of the protocol rewards by uptime and of the
// protocol fee by stake; then slashing and the detection of attacks.
TS_HD_INLINE void settle_worker_epoch(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                      Worker& v, std::int32_t slot, SettleSums& sums) {
  const double price = net.price;
  const std::int32_t k = v.service;
  const std::int64_t work = epoch_work_of(v);
  const MicroUsd pool_net = net.epoch_work[k] > 0 ? net.pool[k] - net.fee[k] : 0;
  const MicroUsd payout = work_payout(pool_net, work, net.epoch_work[k]);
  MicroUsd fee_usd = 0;
  Micro fee_scrt = 0;
  if (v.fee_eligible && net.stake_total > 0) {
    fee_usd = work_payout(net.fee_usd, v.acc.bonded, net.stake_total);
    fee_scrt = net.fee_scrt > 0 ? mul_div_floor(net.fee_scrt, v.acc.bonded, net.stake_total) : 0;
  }
  const Micro reward = uptime_reward(net.subsidy, v.epoch_uptime, net.epoch_uptime);
  v.acc.liquid += fee_scrt + reward;
  sums.clearing_taken += fee_scrt;
  sums.reward_paid += reward;
  sums.payouts += payout;
  sums.fee_usd_to_workers += fee_usd;
  const MicroUsd reward_usd = to_micro_floor(to_tokens(reward) * price);
  sums.subsidy_usd += reward_usd;
  const MicroUsd cash = payout + fee_usd;
  const MicroUsd received = cash + reward_usd + to_micro_floor(to_tokens(fee_scrt) * price);
  v.income.today_usd += static_cast<double>(received) * 1e-6;
  v.profit_usd += static_cast<double>(cash) * 1e-6;   // SCRT counts when sold, or marked to market
  v.income_cum += received;

  // The attack's own profit (MODEL.md 1 "Attackers": each attacker tracks it).
  if (v.strategy == Strategy::self_dealing) {
    v.attack_gain += self_dealing_gain(ServiceEpoch{net.pool[k], net.epoch_work[k]}, p.protocol_fee, work,
                                       v.epoch_fake, v.epoch_fake_paid, net.fee_total,
                                       v.fee_eligible ? v.acc.bonded : 0, net.stake_total);
  } else if (v.strategy == Strategy::sybil && v.identities > v.nodes) {
    // The same capital as an honest worker, split into more identities: the
    // identities beyond one per node are the attack.
    const Micro extra = mul_div_floor(reward, v.identities - v.nodes, v.identities);
    v.attack_gain += to_micro_floor(to_tokens(extra) * price);
  }

  if (v.status == Status::active) {
    // Downtime: an epoch with uptime below min_uptime of its identity-steps
    // is slashed downtime_fraction of the bonded stake (ASSUMPTION).
    const unsigned __int128 up = static_cast<unsigned __int128>(v.epoch_uptime) << 32;
    const unsigned __int128 floor_up = static_cast<unsigned __int128>(v.epoch_slots) * p.min_uptime;
    if (v.epoch_slots > 0 && up < floor_up) slash_bonded(v, p.downtime_fraction, sums);
    // Attackers are caught with detect_prob per epoch: fraud_fraction of the
    // stake is slashed and the worker is expelled (ASSUMPTION).
    if (is_attacker(v)) {
      const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                       static_cast<std::uint32_t>(slot), Stream::kAttack);
      if (bernoulli(w.w[0], p.detect_threshold)) {
        const Micro slashed = slash_bonded(v, p.fraud_fraction, sums);
        v.attack_gain -= to_micro_floor(to_tokens(slashed) * price);
        begin_exit(p, t, v);
      }
    }
  }
  v.epoch_input = 0;
  v.epoch_output = 0;
  v.epoch_fake = 0;
  v.epoch_fake_paid = 0;
  v.epoch_uptime = 0;
  v.epoch_slots = 0;
}

TS_HD_INLINE void worker_settle_phase(const Params& p, const PathContext& ctx, std::int32_t t, const Network& net,
                                      Worker& v, std::int32_t slot, SettleSums& sums) {
  if (v.status == Status::vacant) return;   // entrants were activated (or cleared) in P2
  const double price = net.price;
  if (net.settling) settle_worker_epoch(p, ctx, t, net, v, slot, sums);

  if (is_day_end(p, t)) {
    if (v.status == Status::active) {
      const bool under_water = close_day(v.income, p.exit_ema_alpha, p.patience_days);
      // Sell a share of the SCRT in the wallet (subsidy, fee shares).
      Micro sold = 0;
      transfer_upto(v.acc.liquid, sold, to_micro_floor(v.sell_fraction * to_tokens(v.acc.liquid)));
      sums.sold += sold;
      v.profit_usd += to_tokens(sold) * price;
      // Top the stake back up to the minimum per identity from the wallet.
      const Micro minimum = p.min_stake * v.identities;
      if (v.acc.bonded < minimum) transfer_upto(v.acc.liquid, v.acc.bonded, minimum - v.acc.bonded);
      // Exit after patience_days of negative trailing income (MODEL.md 1).
      if (under_water) begin_exit(p, t, v);
    } else if (v.status == Status::exiting && v.unbonding.total == 0 && !epoch_open(v)) {
      // Out of the unbonding queue and the epoch settled: sell and leave.
      Micro sold = 0;
      transfer_upto(v.acc.liquid, sold, v.acc.liquid);
      sums.sold += sold;
      v.profit_usd += to_tokens(sold) * price;
      if (v.acc.total() == 0) {
        if (is_attacker(v)) {
          sums.attack.gain_gone += v.attack_gain;
          sums.profit_gone += to_micro_signed(v.profit_usd);
        }
        v = Worker{};
        return;
      }
    }
  }

  if (v.status == Status::active) {
    sums.active += 1;
    sums.income_ema_sum += to_micro_signed(v.income.ema_usd_per_day);
    sums.capex_sum += to_micro_floor(v.capex_usd);
  }
  if (is_attacker(v))
    count_live_attacker(sums.attack, v.attack_gain, v.status == Status::active, mark_to_market(v, price));
  sums.workers_total += v.acc.total();
}

// ---------------------------------------------------------------- N3

TS_HD_INLINE void record_event(Network& net, Event e, std::int32_t t, bool reached) {
  std::int32_t& first = net.event_first[static_cast<int>(e)];
  if (reached && first == kNeverReached) first = t + 1;   // reached by the end of step t
}

// Compute-price discovery (MODEL.md 1 "Compute market"), at each epoch's
// end: each service's utilisation over the epoch moves its price by the
// daily rule once per day of the epoch, in whole micro-USD per kW, and its
// users answer the new price. ASSUMPTION: a service's price holds for an
// epoch, because its payments are split per epoch by work: with a price
// that moved within the epoch, fake jobs done on cheap (idle) days would be
// repaid at the epoch's mean price, and self_dealing would pay.
TS_HD_INLINE void reprice_services(const Params& p, Network& net) {
  for (std::int32_t k = 0; k < p.n_services; ++k) {
    rent_market_close_days(net.rent[k], p.rent_rule, p.epoch_steps / p.steps_per_day);
    const double price = static_cast<double>(p.services[k].price_per_kw) * net.rent[k].index;
    net.price_per_kw[k] = price < 1.0 ? 1 : static_cast<MicroUsd>(price + 0.5);
    net.demand_factor[k] = rent_demand_factor(net.rent[k], p.rent_rule);
  }
}

// Returns the number of entrants to place in vacant slots (daily).
TS_HD_INLINE std::int32_t network_end_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net,
                                           const SettleSums& s) {
  // Protocol rewards out of the reserve; slashes burned (ASSUMPTION).
  net.acc.reward_reserve -= s.reward_paid;
  net.emitted_cum += s.reward_paid;
  net.acc.burned += s.slashed;
  net.slashed_cum += s.slashed;
  // The fee's SCRT not taken by workers belongs to the chain's stakers (holders).
  net.acc.clearing -= s.clearing_taken;
  transfer_upto(net.acc.clearing, net.acc.holders, net.acc.clearing);
  // Workers' daily sales.
  if (s.sold > 0) {
    Micro selling = s.sold;
    amm_sell_tokens(net.amm, net.acc.amm_tokens, selling, s.sold);
  }
  net.attacker_profit_gone += static_cast<double>(s.profit_gone) * 1e-6;

  if (net.settling) {
    // USD: the split's remainders are dust; pools of services without work
    // carry over to the next epoch.
    MicroUsd to_workers = 0;
    for (std::int32_t k = 0; k < kMaxServices; ++k) {
      if (net.epoch_work[k] <= 0) continue;
      to_workers += net.pool[k] - net.fee[k];
      net.pool[k] = 0;
    }
    net.usd_dust += to_workers - s.payouts;
    net.payouts_cum += s.payouts;
    for (std::int32_t k = 0; k < kMaxServices; ++k) {
      net.epoch_work[k] = 0;
      net.epoch_capacity[k] = 0;
      net.fee[k] = 0;
    }
    net.epoch_uptime = 0;
    reprice_services(p, net);
    const double subsidy_usd = static_cast<double>(s.subsidy_usd) * 1e-6;
    const double payouts_usd = static_cast<double>(s.payouts) * 1e-6;
    net.subsidy_usd_cum += subsidy_usd;
    net.subsidy_dependence = subsidy_usd + payouts_usd > 0.0 ? subsidy_usd / (subsidy_usd + payouts_usd) : 0.0;
    // After the last subsidised epoch the reserve goes back to the community pool.
    if (t + 1 >= p.subsidy_end_step)
      transfer_upto(net.acc.reward_reserve, net.acc.treasury, net.acc.reward_reserve);
    net.settling = 0;
  }
  // The treasury's obligations of the day (models/mechanisms/treasury.hpp).
  const bool insolvent = is_day_end(p, t) && pay_treasury_day(net.acc, net.amm, p.treasury_burn_usd_per_day, net.treasury_obligations);
  net.price = amm_price(net.amm, net.acc.amm_tokens);

  // Conservation invariant, exact, every step (MODEL.md 1). No SCRT is
  // minted in the model; the chain's stake is an account of its own.
  const Micro residual = ledger_residual(net.acc, s.workers_total + net.chain_staked, p.genesis, 0);
  const Micro abs_residual = residual < 0 ? -residual : residual;
  if (abs_residual > net.residual_max_abs) net.residual_max_abs = abs_residual;

  // Risk events: first time reached. attack_profitable: the attackers' gain
  // from the attack itself (against behaving honestly), all together, above 0.
  record_event(net, Event::provider_collapse, t,
               static_cast<double>(s.active) < p.collapse_fraction * static_cast<double>(net.initial_workers));
  record_event(net, Event::price_crash, t, net.price < p.crash_fraction * p.p0);
  record_event(net, Event::attack_profitable, t, close_attack_step(net.attack, s.attack));
  record_event(net, Event::cap_breach, t, false);   // SCRT has no cap in the model and nothing is minted
  record_event(net, Event::treasury_insolvent, t, insolvent);
  record_event(net, Event::ledger_violation, t, residual != 0);

  // Entry, daily: Poisson(lambda_entry * clamp((R - hurdle) / hurdle, 0, 3)).
  if (!is_day_end(p, t)) return 0;
  return draw_daily_entrants(ctx.key, ctx.path, t, p.lambda_entry, s.income_ema_sum, s.capex_sum, p.entry_hurdle);
}

}  // namespace ts::secret_ai
