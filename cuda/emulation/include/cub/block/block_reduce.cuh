#pragma once
// The emulation's cub::BlockReduce (DESIGN.md "Kernels without a GPU"): the
// interface the kernels use, with CUB's default algorithm's order of
// combination (BLOCK_REDUCE_WARP_REDUCTIONS: a shuffle tree within each warp
// of 32 threads, lane l adding lane l + 2^s at step s, then thread 0 adding
// the warps' aggregates in warp order) and CUB's contract made strict:
//   - the result is valid on thread 0 only: every other thread gets bytes of
//     0xA5, so a kernel that reads it elsewhere computes garbage;
//   - the collective has a barrier (as CUB's has for more than one warp), at
//     this file's site, so a block whose threads reach it unequally faults;
//   - the inputs stay in temp_storage until thread 0 has read them, so a
//     kernel that reuses the storage without a barrier after the call
//     corrupts the sum (CUB's "a subsequent __syncthreads() is needed").
// The sums tokenstress reduces are integers, so the order cannot change a
// bit; it is kept so that a sum that is not would show the same rounding.
#include <cstring>
#include <type_traits>

#include "cuda/emulation/device.hpp"

namespace cub {

enum BlockReduceAlgorithm { BLOCK_REDUCE_RAKING_COMMUTATIVE_ONLY, BLOCK_REDUCE_RAKING, BLOCK_REDUCE_WARP_REDUCTIONS };

struct Sum {
  template <typename T>
  T operator()(const T& a, const T& b) const {
    return a + b;
  }
};

template <typename T, int BLOCK_DIM_X, BlockReduceAlgorithm ALGORITHM = BLOCK_REDUCE_WARP_REDUCTIONS,
          int BLOCK_DIM_Y = 1, int BLOCK_DIM_Z = 1, int LEGACY_PTX_ARCH = 0>
class BlockReduce {
  static_assert(std::is_trivially_copyable<T>::value, "the emulated BlockReduce copies T as bytes");
  static constexpr int kThreads = BLOCK_DIM_X * BLOCK_DIM_Y * BLOCK_DIM_Z;
  static constexpr int kWarp = 32;

 public:
  struct TempStorage {
    alignas(T) unsigned char items[sizeof(T) * kThreads];
  };

  explicit BlockReduce(TempStorage& storage) : storage_(storage) {}

  template <typename ReductionOp>
  T Reduce(T input, ReductionOp op) {
    return Reduce(input, op, kThreads);
  }

  // The first num_valid threads' inputs (CUB's partial-tile overload).
  template <typename ReductionOp>
  T Reduce(T input, ReductionOp op, int num_valid) {
    const int tid = static_cast<int>(threadIdx.x + BLOCK_DIM_X * (threadIdx.y + BLOCK_DIM_Y * threadIdx.z));
    std::memcpy(storage_.items + sizeof(T) * tid, &input, sizeof(T));
    __syncthreads();
    T result;
    if (tid != 0) {
      std::memset(static_cast<void*>(&result), 0xA5, sizeof(T));
      return result;
    }
    const int valid = num_valid < kThreads ? num_valid : kThreads;
    for (int warp = 0; warp * kWarp < valid; ++warp) {
      const T aggregate = warp_tree(op, warp * kWarp, valid);
      result = warp == 0 ? aggregate : op(result, aggregate);
    }
    return result;
  }

  T Sum(T input) { return Reduce(input, cub::Sum{}); }

 private:
  T item(int i) const {
    T v;
    std::memcpy(static_cast<void*>(&v), storage_.items + sizeof(T) * i, sizeof(T));
    return v;
  }

  // Lane 0's value after WarpReduceShfl's steps over lanes [first, valid).
  template <typename ReductionOp>
  T warp_tree(ReductionOp op, int first, int valid) const {
    T lane[kWarp];
    const int n = valid - first < kWarp ? valid - first : kWarp;
    for (int l = 0; l < n; ++l) lane[l] = item(first + l);
    for (int offset = 1; offset < kWarp; offset *= 2)
      for (int l = 0; l + offset < n; l += 2 * offset) lane[l] = op(lane[l], lane[l + offset]);
    return lane[0];
  }

  TempStorage& storage_;
};

}  // namespace cub
