#pragma once
// Shared by the adversary tests: each attacker's gain against honest play
// step by step (models/mechanisms/attack_gain.hpp), tallied against a
// break-even level the test computes from the network's state.
#include <cstdint>
#include <vector>

#include "models/engine/path_driver.hpp"

namespace ts::test {

// Steps where the attack's income on a unit is above 1.5x its cost (the
// gain must rise), below 1/1.5 of it (it must fall), and those whose gain
// went the other way; and the mean income and cost over the steps seen.
struct BreakEvenTally {
  std::int64_t above = 0, below = 0, wrong = 0, seen = 0;
  double income_sum = 0.0, cost_sum = 0.0;

  void count(double income, double cost, double step_gain) {
    ++seen;
    income_sum += income;
    cost_sum += cost;
    if (income > 1.5 * cost) {
      ++above;
      if (!(step_gain > 0.0)) ++wrong;
    } else if (income < cost / 1.5) {
      ++below;
      if (!(step_gain < 0.0)) ++wrong;
    }
  }
  double mean_income() const { return seen > 0 ? income_sum / static_cast<double>(seen) : 0.0; }
  double mean_cost() const { return seen > 0 ? cost_sum / static_cast<double>(seen) : 0.0; }
};

// Runs `paths` paths of Model one step at a time with a fresh `Watch` per
// step, and after each step calls visit(watch, agent, step_gain) for every
// slot, step_gain the change of profit_usd - twin_profit_usd in the step.
template <class Model, class Watch, class Visit>
void for_each_agent_step(const typename Model::Params& p, std::uint32_t paths, std::uint64_t seed, Visit visit) {
  const std::int32_t n = Model::agent_slots(p);
  for (std::uint32_t path = 0; path < paths; ++path) {
    const PathContext ctx{RandomKey{seed}, path};
    typename Model::Network net;
    std::vector<typename Model::Agent> agents(n);
    Model::init(p, ctx, net, agents.data());
    std::vector<double> before(n);
    for (std::int32_t t = 0; t < Model::n_steps(p); ++t) {
      for (std::int32_t i = 0; i < n; ++i) before[i] = agents[i].profit_usd - agents[i].twin_profit_usd;
      Watch watch;
      simulate_step<Model>(p, ctx, t, net, agents.data(), watch);
      for (std::int32_t i = 0; i < n; ++i)
        visit(watch, t, agents[i], (agents[i].profit_usd - agents[i].twin_profit_usd) - before[i]);
    }
  }
}

}  // namespace ts::test
