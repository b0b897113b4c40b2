#pragma once
// Occupied agent-steps: slot-steps whose slot holds an agent (any status but
// vacant) when the step's phase 1 starts, counted by the CPU executor in this
// process. The throughput figure of bench/ (agent-steps/s counts every slot,
// vacant ones too). Relaxed atomics: one add per path.
#include <atomic>
#include <cstdint>

namespace ts {

inline std::atomic<std::int64_t>& occupied_agent_steps_counter() {
  static std::atomic<std::int64_t> counter{0};
  return counter;
}
inline void add_occupied_agent_steps(std::int64_t n) {
  occupied_agent_steps_counter().fetch_add(n, std::memory_order_relaxed);
}
inline std::int64_t occupied_agent_steps() { return occupied_agent_steps_counter().load(std::memory_order_relaxed); }

}  // namespace ts
