#pragma once
// Points in the unit cube for sweep designs beyond grids (issue 13):
// Sobol' sequences (Boost.Random's Joe-Kuo direction numbers), the Saltelli
// scheme for Sobol' sensitivity indices, and Latin hypercubes. Each row is
// one point, each column one swept key; the scenario scales them to the
// keys' ranges. Everything is a pure function of its arguments, the same
// on every platform (no std:: distributions: their algorithms differ
// between standard libraries).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ts::config {

using UnitRows = std::vector<std::vector<double>>;   // [point][dimension], each in [0, 1)

// n points of the d-dimensional Sobol' sequence, leaving out its first
// `skip` points counted from the all-zero point (Boost's sobol engine
// always leaves that one out): with skip = 1 and d = 1 they are 0.5, 0.75,
// 0.25, 0.375, 0.875, ... Throws std::invalid_argument for d < 1, d beyond
// the direction numbers' 3667 dimensions, or skip < 1.
UnitRows sobol_points(std::size_t n, std::size_t d, std::size_t skip = 1);

// The Saltelli scheme as SALib's saltelli.sample lays it out, so that
// SALib.analyze.sobol.analyze(problem, Y, calc_second_order=...) reads the
// outputs in point order: n base points of the 2d-dimensional Sobol'
// sequence after its first saltelli_skip(n) (SALib's default: the next
// power of 2 >= n, at least 16; the first points are degenerate, the very
// first after zero is 0.5 in every column, so A_1 = B_1), A = its first d
// columns, B = its last d; for each base point j the
// block A_j, AB_j^(1..d) (A_j with column i taken from B_j), with
// second_order also BA_j^(1..d) (B_j with column i from A_j), then B_j.
// n (d + 2) rows, or n (2d + 2) with second order.
UnitRows saltelli_rows(std::size_t n, std::size_t d, bool second_order);
std::size_t saltelli_skip(std::size_t n);
std::size_t saltelli_row_count(std::size_t n, std::size_t d, bool second_order);

// n points in d dimensions with exactly one point in each stratum
// [k/n, (k+1)/n) of every dimension (McKay, Beckman and Conover 1979): per
// dimension a random permutation of the strata, a uniform offset in each,
// from std::mt19937_64 seeded with `seed`.
UnitRows latin_hypercube(std::size_t n, std::size_t d, std::uint64_t seed);

// A unit-cube coordinate onto a range: uniform a + u (b - a); log-uniform
// a (b / a)^u (a, b > 0).
double scale_uniform(double u, double a, double b);
double scale_loguniform(double u, double a, double b);

}  // namespace ts::config
