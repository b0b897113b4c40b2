#pragma once
// One tempo of a Bittensor subnet (MODEL.md 2.3, seed 003), in the engine's
// phases (models/engine/path_driver.hpp):
//   N0 begin_step  shocks, exogenous traders, the tempo's emission (halving),
//                  the 18/41/41 split, validators' normalised stake S_i
//   P1 miners      validators set this tempo's weights on the miner (its
//                  column); row sums
//   N1             row normalisers
//   P2 miners      consensus C_j, clipped support, rank R_j, bond EMA
//   N2             incentive normaliser, clipping share
//   P3 miners      incentive I_j and its payment, dividends' numerators
//                  sum_j B_ij I_j, opex, daily sales and exit
//   N3 end_step    dividends with the validator take, sales, conservation,
//                  events, daily registrations with pruning
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/rng.hpp"
#include "models/core/variates.hpp"
#include "models/engine/path_context.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/day_calendar.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/risk_events.hpp"
#include "models/mechanisms/schedule.hpp"
#include "models/mechanisms/shocks.hpp"
#include "models/mechanisms/yuma.hpp"
#include "models/protocols/bittensor/emission.hpp"
#include "models/protocols/bittensor/params.hpp"
#include "models/protocols/bittensor/scoring.hpp"
#include "models/protocols/bittensor/state.hpp"

namespace ts::bittensor {

using yuma::Fixed;

TS_HD_INLINE Micro validator_stake(const Network& net, int i) {
  return net.validator_self[i] + net.validator_delegated[i];
}

// A miner registers in `slot` (MODEL.md 2.3): its UID starts with no
// weights and no bonds, immune from pruning for immunity_steps. Traits are
// keyed by (key_step, slot): 0 at genesis, t + 1 for a registration at the
// end of step t.
TS_HD_INLINE void register_miner(const Params& p, const PathContext& ctx, std::uint32_t key_step, std::int32_t slot,
                                 bool colluding, std::int32_t registered_step, Miner& m) {
  m = Miner{};
  m.status = MinerStatus::active;
  m.colluding = colluding ? 1 : 0;
  m.registered_step = registered_step;
  m.quality = colluding ? p.colluder_quality
                        : beta_variate(p.quality_alpha, p.quality_beta, ctx.key, ctx.path, key_step,
                                       static_cast<std::uint32_t>(slot));
  const RandomWords w = draw_words(ctx.key, ctx.path, key_step, static_cast<std::uint32_t>(slot), Stream::kProviderTraits);
  m.sell_fraction = p.sell_fraction_lo + (p.sell_fraction_hi - p.sell_fraction_lo) * uniform_open32(w.w[0]);
  m.capex_usd = p.miner_capex_usd + p.registration_usd;
  m.profit_usd = -m.capex_usd;
}

TS_HD_INLINE void init_path(const Params& p, const PathContext& ctx, Network& net, Miner* miners) {
  net = Network{};
  net.issued = p.issuance0;
  net.acc.holders = p.issuance0;
  net.price = amm_open(net.amm, net.acc.amm_tokens, net.acc.holders, p.amm_usd0, p.p0, p.amm_fee);
  for (std::int32_t i = 0; i < p.n_validators; ++i) {
    transfer_upto(net.acc.holders, net.validator_self[i], p.validator_self[i]);
    transfer_upto(net.acc.holders, net.validator_delegated[i], p.validator_delegated[i]);
  }
  net.block_reward = block_reward_at(net.issued, p.block_reward, p.max_supply);
  for (std::int32_t j = 0; j < p.max_miners; ++j) miners[j] = Miner{};
  // Genesis miners registered long ago: out of immunity.
  for (std::int32_t j = 0; j < p.initial_miners; ++j)
    register_miner(p, ctx, 0u, j, j < p.colluding_miners, -p.immunity_steps, miners[j]);
  net.initial_miners = p.initial_miners;
  net.reward_scale = 1.0;
  for (int e = 0; e < kEventCount; ++e) net.event_first[e] = kNeverReached;
}

// A validator's dividend: it keeps the take of its nominators' part, the
// rest is shared by stake; both parts are staked (seed 003: a delegate keeps
// 18%). `own` gets the owner's part.
TS_HD_INLINE void credit_validator(const Params& p, Network& net, std::int32_t i, Micro amount, Micro& own) {
  const Micro take = apply_fraction(amount, p.validator_take);
  const Micro rest = amount - take;
  const Micro stake = validator_stake(net, i);
  const Micro shared = stake > 0 ? mul_div_floor(rest, net.validator_self[i], stake) : 0;
  own = take + shared;
  net.validator_self[i] += own;
  net.validator_delegated[i] += rest - shared;
  net.nominator_day[i] += rest - shared;
}

// Stake earns outside this subnet too: the validators' 41% of the other
// subnets' emission goes to all stake on the network (seed 003: about 15%
// APY for staking alone), of which this subnet's validators hold their
// stake's share; the outside stake is held constant (ASSUMPTION). The rest
// of the other subnets' emission reaches holders.
TS_HD_INLINE void pay_outside_dividends(const Params& p, Network& net, Micro other_emission) {
  const Micro validators_part = other_emission * 41 / 100;
  Micro ours = 0;
  for (std::int32_t i = 0; i < p.n_validators; ++i) ours += validator_stake(net, i);
  const Micro network_stake = p.outside_stake + ours;
  Micro paid = 0;
  for (std::int32_t i = 0; i < p.n_validators; ++i) {
    const Micro amount = network_stake > 0 ? mul_div_floor(validators_part, validator_stake(net, i), network_stake) : 0;
    Micro own = 0;
    credit_validator(p, net, i, amount, own);
    paid += amount;
  }
  net.outside_dividends_cum += paid;
  net.acc.holders += other_emission - paid;
}

// ---------------------------------------------------------------- N0

TS_HD_INLINE void network_begin_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net) {
  const RandomWords wm = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), kNetworkAgent, Stream::kMarket);
  apply_shocks(p.shocks, p.n_shocks, t, net.amm, net.acc.amm_tokens, net.acc.holders);
  amm_exogenous_flow(net.amm, net.acc.amm_tokens, net.acc.outside_market, p.flow_mu_dt, p.flow_sigma_sqrt_dt,
                     standard_normal(wm.w[0], wm.w[1]));
  net.price = amm_price(net.amm, net.acc.amm_tokens);

  // The tempo's issuance, network-wide; the root network gives this subnet
  // subnet_share of it; of the other subnets' part, stake earns its
  // validators' 41% (pay_outside_dividends) and holders get the rest.
  const Micro minted = emission_of_blocks(net.issued, p.tempo_blocks, p.block_reward, p.max_supply);
  net.issued += minted;
  net.minted_cum += minted;
  net.block_reward = block_reward_at(net.issued, p.block_reward, p.max_supply);
  const Micro subnet = apply_fraction(minted, p.subnet_share);
  net.acc.reward_reserve += subnet;
  pay_outside_dividends(p, net, minted - subnet);
  // Seed 003: 18% to the subnet owner, 41% validators, 41% miners.
  const yuma::TempoSplit split = yuma::split_tempo_emission(subnet);
  net.emitted_cum += transfer_upto(net.acc.reward_reserve, net.owner_wallet, split.owner);
  net.miners_budget = split.miners;
  net.validators_budget = split.validators;

  // S_i: validators' stake (self + delegated), normalised in fixed point.
  Micro total = 0;
  for (std::int32_t i = 0; i < p.n_validators; ++i) total += validator_stake(net, i);
  Fixed colluding = 0;
  for (std::int32_t i = 0; i < p.n_validators; ++i) {
    net.stake_share[i] = yuma::to_unit(yuma::div(validator_stake(net, i), total));
    if (p.validator_colluding[i]) colluding += net.stake_share[i];
  }
  net.colluder_stake_share = static_cast<double>(colluding) / static_cast<double>(yuma::kOne);
}

// ---------------------------------------------------------------- P1

TS_HD_INLINE void miner_weights_phase(const Params& p, const PathContext& ctx, std::int32_t t, Miner& m,
                                      std::int32_t slot, WeightSums& s) {
  if (m.status != MinerStatus::active) return;
  set_column_weights(p, ctx, t, slot, m);
  for (std::int32_t i = 0; i < p.n_validators; ++i) s.row_sum[i] += m.weight[i];   // [vectorises]
  const std::int64_t q = to_micro_floor(m.quality);
  s.quality_micro += q;
  if (m.colluding) s.quality_colluding_micro += q;
}

// ---------------------------------------------------------------- N1

TS_HD_INLINE void network_normalise_rows(const Params& p, Network& net, const WeightSums& s) {
  for (std::int32_t i = 0; i < p.n_validators; ++i) net.row_recip[i] = s.row_sum[i] > 0 ? yuma::reciprocal(s.row_sum[i]) : 0;
  net.colluder_quality_share =
      s.quality_micro > 0 ? static_cast<double>(s.quality_colluding_micro) / static_cast<double>(s.quality_micro) : 0.0;
}

// ---------------------------------------------------------------- P2

// Yuma on the miner's column: W_ij = w_ij / sum_k w_ik, consensus, clipped
// support, rank, and the bond EMA toward each validator's share of the
// clipped support (yuma.hpp).
TS_HD_INLINE void miner_consensus_phase(const Params& p, const Network& net, Miner& m, RankSums& s) {
  if (m.status != MinerStatus::active) return;
  const std::int32_t v = p.n_validators;
  yuma::Unit w[kMaxValidators];   // the column W_ij; clipped supports are recomputed from it
  for (std::int32_t i = 0; i < v; ++i) {   // [vectorises]
    w[i] = yuma::to_unit(yuma::quotient32(m.weight[i], net.row_recip[i]));
    s.unclipped += yuma::mul_unit(net.stake_share[i], w[i]);
  }
  const yuma::Unit consensus = yuma::column_consensus(net.stake_share, w, v, p.kappa);
  m.rank = yuma::column_rank(net.stake_share, w, consensus, v);
  if (m.rank > 0) {
    const std::uint64_t recip = yuma::reciprocal(static_cast<std::uint64_t>(m.rank));
    for (std::int32_t i = 0; i < v; ++i)   // [vectorises]
      m.bond[i] = yuma::bond_ema(m.bond[i], yuma::clipped_support(net.stake_share[i], w[i], consensus), recip,
                                 p.bond_alpha);
  } else {
    for (std::int32_t i = 0; i < v; ++i) m.bond[i] = yuma::bond_decay(m.bond[i], p.bond_alpha);
  }
  s.rank += m.rank;
  if (m.colluding) s.rank_colluding += m.rank;
  if (m.rank > 0) ++s.ranked;
}

// ---------------------------------------------------------------- N2

TS_HD_INLINE void network_normalise_ranks(Network& net, const RankSums& s) {
  net.rank_recip = s.rank > 0 ? yuma::reciprocal(static_cast<std::uint64_t>(s.rank)) : 0;
  // sum_ij S_i W_ij is 1 when every validator weights someone; what
  // clipping removed is the weight given beyond consensus.
  net.clip_share = s.unclipped > 0 ? 1.0 - static_cast<double>(s.rank) / static_cast<double>(s.unclipped) : 0.0;
  net.colluder_incentive_share = s.rank > 0 ? static_cast<double>(s.rank_colluding) / static_cast<double>(s.rank) : 0.0;
  net.miners_ranked = s.ranked;
}

// ---------------------------------------------------------------- P3

TS_HD_INLINE void miner_pay_phase(const Params& p, std::int32_t t, const Network& net, Miner& m, PaySums& s) {
  if (m.status != MinerStatus::active) return;
  const yuma::Unit incentive =
      net.rank_recip > 0 ? yuma::to_unit(yuma::quotient(static_cast<std::uint64_t>(m.rank), net.rank_recip)) : 0;
  m.incentive = incentive;
  const Micro pay = apply_fraction(net.miners_budget, incentive);
  m.liquid += pay;
  m.rewards_cum += pay;
  s.miners_paid += pay;
  for (std::int32_t i = 0; i < p.n_validators; ++i) s.dividend[i] += yuma::mul_unit(m.bond[i], incentive);   // [vectorises]

  m.income.today_usd += to_tokens(pay) * net.price - p.miner_opex_usd_per_step;
  m.profit_usd -= p.miner_opex_usd_per_step;
  bool leaves = false;
  if (is_day_end(p, t)) {
    leaves = close_day(m.income, p.exit_ema_alpha, p.patience_days);
    const Micro sold = to_micro_floor(m.sell_fraction * to_tokens(m.liquid));
    Micro moved = transfer_upto(m.liquid, s.sold, sold);
    // Marked at the step's price: the miners' sales clear together in N3,
    // so one miner's slippage is not its own (a mark-to-market figure).
    m.profit_usd += to_tokens(moved) * net.price;
  }
  if (leaves) {
    // Deregisters: its UID becomes free; it keeps its TAO as a holder.
    if (m.colluding) s.cartel_gone += to_micro_signed(m.profit_usd + to_tokens(m.liquid) * net.price);
    s.leaving += m.liquid;
    m = Miner{};
    return;
  }
  s.miners_total += m.liquid;
  s.income_ema_sum += to_micro_signed(m.income.ema_usd_per_day);
  s.capex_sum += to_micro_signed(m.capex_usd);
  ++s.active;
  if (m.colluding) {
    const double mtm = m.profit_usd + to_tokens(m.liquid) * net.price;
    s.cartel_value += to_micro_signed(mtm);
    ++s.cartel_active;
    if (mtm > 0.0) ++s.cartel_in_profit;
  }
}

// ---------------------------------------------------------------- N3

// The validators' 41% D_i = sum_j B_ij I_j / sum_ik B_ik I_k
// (by stake while no bond has formed); each validator keeps the take of
// its nominators' part, the rest is shared by stake; both parts are staked
// (seed 003: a delegate keeps 18%).
TS_HD_INLINE void pay_dividends(const Params& p, Network& net, const PaySums& s) {
  Fixed total = 0;
  for (std::int32_t i = 0; i < p.n_validators; ++i) total += s.dividend[i];
  Micro paid = 0, cartel = 0, cartel_own = 0;
  double cartel_fair = 0.0;   // what the cartel's owners would have kept validating honestly (dividends ~ stake)
  for (std::int32_t i = 0; i < p.n_validators; ++i) {
    const Micro amount = total > 0 ? mul_div_floor(net.validators_budget, s.dividend[i], total)
                                   : apply_fraction(net.validators_budget, static_cast<Fraction32>(net.stake_share[i]));
    Micro own = 0;
    credit_validator(p, net, i, amount, own);
    paid += amount;
    if (p.validator_colluding[i]) {
      cartel += amount;
      cartel_own += own;
      // The owners' part of an honest stake's dividend, at their own split.
      if (amount > 0)
        cartel_fair += to_tokens(net.validators_budget) * fraction_as_double(net.stake_share[i]) *
                       (static_cast<double>(own) / static_cast<double>(amount));
    }
  }
  net.acc.reward_reserve -= paid;
  net.emitted_cum += paid;
  net.acc.dust += net.validators_budget - paid;   // rounding remainders
  net.acc.reward_reserve -= net.validators_budget - paid;
  net.colluder_dividend_share = paid > 0 ? static_cast<double>(cartel) / static_cast<double>(paid) : 0.0;
  // The attack's gain on the validator side: the cartel owners' dividends
  // (take + own stake's share; nominators' part is not theirs) above what
  // honest validation pays a stake of that size (dividends ~ stake).
  net.cartel_dividends_usd += (to_tokens(cartel_own) - cartel_fair) * net.price;
}

// Nominators move stake daily (MODEL.md 1 "Stakers"): toward a validator
// whose day's nominator yield, annualised, beats their hurdle, away from
// one below it, at restake_rate a day, from and to holders (unstaking is
// immediate on the chain of seed 003's time).
TS_HD_INLINE void move_nominators(const Params& p, Network& net) {
  Micro delegated = 0, rewards = 0;
  for (std::int32_t i = 0; i < p.n_validators; ++i) {
    Micro& d = net.validator_delegated[i];
    const double apy = d > 0 ? static_cast<double>(net.nominator_day[i]) / static_cast<double>(d) * 365.25 : 0.0;
    delegated += d;
    rewards += net.nominator_day[i];
    net.nominator_day[i] = 0;
    const Micro move = apply_fraction(d, p.restake_rate);
    if (apy > p.staker_hurdle_apy) transfer_upto(net.acc.holders, d, move);
    else transfer_upto(d, net.acc.holders, move);
  }
  net.nominator_apy = delegated > 0 ? static_cast<double>(rewards) / static_cast<double>(delegated) * 365.25 : 0.0;
}

// The miners' 41%: paid by incentive; the rounding remainder is dust. A
// tempo where no miner reaches consensus (all incentive 0) pays nothing and
// the budget stays in the reward reserve (ASSUMPTION: the chain does not
// distribute incentive nobody earned).
TS_HD_INLINE void settle_miners_budget(Network& net, const PaySums& s) {
  net.acc.reward_reserve -= s.miners_paid;
  net.emitted_cum += s.miners_paid;
  if (net.rank_recip > 0) {
    net.acc.dust += net.miners_budget - s.miners_paid;
    net.acc.reward_reserve -= net.miners_budget - s.miners_paid;
  }
  net.reward_scale = net.miners_budget > 0 ? static_cast<double>(s.miners_paid) / static_cast<double>(net.miners_budget) : 1.0;
  // The cartel miners' honest twins (attack_gain.hpp) would be paid their
  // share of true quality, what honest noiseless scoring gives them; the
  // same miners, hardware and costs otherwise.
  net.cartel_excess_incentive_usd +=
      to_tokens(s.miners_paid) * (net.colluder_incentive_share - net.colluder_quality_share) * net.price;
}

// The UID a registration takes: the lowest vacant one, else the miner with
// the lowest incentive out of immunity (ties: the lowest UID) is pruned
// (seed 003). -1 when every miner is immune.
TS_HD_INLINE std::int32_t registration_slot(const Params& p, std::int32_t t, const Miner* miners) {
  std::int32_t prune = -1;
  for (std::int32_t j = 0; j < p.max_miners; ++j) {
    const Miner& m = miners[j];
    if (m.status == MinerStatus::vacant) return j;
    if (t + 1 - m.registered_step < p.immunity_steps) continue;
    if (prune < 0 || m.incentive < miners[prune].incentive) prune = j;
  }
  return prune;
}

// Daily registrations: each burns the registration cost, bought on the AMM.
// The cartel re-registers first while it has fewer than colluding_miners.
// Returns the wallets of pruned miners (now holders').
TS_HD_INLINE Micro register_entrants(const Params& p, const PathContext& ctx, std::int32_t t, Network& net,
                                     Miner* miners, std::int32_t entrants, std::int32_t cartel_active) {
  Micro pruned_liquid = 0;
  for (std::int32_t e = 0; e < entrants; ++e) {
    const std::int32_t slot = registration_slot(p, t, miners);
    if (slot < 0) break;
    Miner& m = miners[slot];
    if (m.status == MinerStatus::active) {
      if (m.colluding) {
        net.cartel_gone_usd += m.profit_usd + to_tokens(m.liquid) * net.price;
        --cartel_active;
      }
      pruned_liquid += m.liquid;
      transfer_upto(m.liquid, net.acc.holders, m.liquid);
      ++net.pruned_cum;
    }
    const bool colluding = cartel_active < p.colluding_miners;
    register_miner(p, ctx, static_cast<std::uint32_t>(t + 1), slot, colluding, t + 1, m);
    if (colluding) ++cartel_active;
    Micro bought = 0;
    amm_buy_with_usd(net.amm, net.acc.amm_tokens, bought, p.registration_usd);
    net.acc.burned += bought;
    net.registration_usd_cum += p.registration_usd;
    ++net.registrations_cum;
  }
  net.price = amm_price(net.amm, net.acc.amm_tokens);
  return pruned_liquid;
}

TS_HD_INLINE void network_end_step(const Params& p, const PathContext& ctx, std::int32_t t, Network& net,
                                   const PaySums& s, Miner* miners) {
  settle_miners_budget(net, s);
  pay_dividends(p, net, s);
  if (s.sold > 0) {
    Micro selling = s.sold;
    amm_sell_tokens(net.amm, net.acc.amm_tokens, selling, s.sold);
    net.acc.holders += selling;   // what the pool could not take stays with the market
  }
  net.acc.holders += s.leaving;
  net.cartel_gone_usd += static_cast<double>(s.cartel_gone) * 1e-6;
  net.price = amm_price(net.amm, net.acc.amm_tokens);

  Micro miners_total = s.miners_total;
  if (is_day_end(p, t)) {
    move_nominators(p, net);
    const std::int32_t entrants = draw_daily_entrants(ctx.key, ctx.path, t, p.lambda_entry, s.income_ema_sum,
                                                      s.capex_sum, p.entry_hurdle);
    miners_total -= register_entrants(p, ctx, t, net, miners, entrants, s.cartel_active);
  }

  // Conservation (MODEL.md 1): every account plus burned equals issuance.
  Micro validators = net.owner_wallet;
  for (std::int32_t i = 0; i < p.n_validators; ++i) validators += validator_stake(net, i);
  const Micro residual = ledger_residual(net.acc, validators + miners_total, p.issuance0, net.minted_cum);
  check_conservation(net.event_first, net.residual_max_abs, residual, t);

  record_event(net.event_first, Event::provider_collapse, t,
               static_cast<double>(s.active) < p.collapse_fraction * static_cast<double>(net.initial_miners));
  record_event(net.event_first, Event::price_crash, t, net.price < p.crash_fraction * p.p0);
  net.cartel_profit_usd = net.cartel_dividends_usd + net.cartel_gone_usd + static_cast<double>(s.cartel_value) * 1e-6;
  // The attack against honest play: the owners' dividends above an honest
  // stake's and the cartel miners' incentive above their quality share.
  AttackSums attack;
  attack.gain_live = to_micro_signed(net.cartel_dividends_usd + net.cartel_excess_incentive_usd);
  attack.attackers = s.cartel_active;
  attack.in_profit = s.cartel_in_profit;
  record_event(net.event_first, Event::attack_profitable, t, close_attack_step(net.attack, attack));
  record_event(net.event_first, Event::cap_breach, t, net.issued > p.max_supply);
}

}  // namespace ts::bittensor
