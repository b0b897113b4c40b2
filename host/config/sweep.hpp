#pragma once
// The sweep grid: axis value generators and the expansion of a scenario's
// axes into points (cartesian product, first axis slowest).
#include <cstddef>
#include <vector>

#include "host/config/scenario.hpp"

namespace ts::config {

// n values evenly spaced from start to stop, both ends included exactly
// (n == 1: just start). Throws std::invalid_argument when n == 0.
std::vector<double> linspace(double start, double stop, std::size_t n);

// n values geometrically spaced from start to stop, both ends included
// exactly; start and stop must be > 0. Throws std::invalid_argument.
std::vector<double> logspace(double start, double stop, std::size_t n);

// Every point of the sweep: a grid's indices 0..N-1 with the last axis
// running fastest, another design's points in its order; without a sweep,
// one point with no values.
std::vector<Point> expand_sweep(const Scenario& scenario);

}  // namespace ts::config
