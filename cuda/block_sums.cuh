#pragma once
// The block-wide reduction of a step's population sums (models/*/state.hpp
// Sums1..3), in one of two forms chosen by the size of the sums:
//
//  - small sums (up to kRegisterSumsBytes): cub::BlockReduce, a shuffle tree
//    in registers, the fastest for a few words;
//  - large sums (Akash's and Clore's merit-order histograms, Bittensor's
//    per-validator rows: 528-584 bytes): a tree in shared memory, one warp's
//    worth of sums at a time. Shuffling a 584-byte struct keeps all of it in
//    registers at each of the tree's levels, which is what pushed those
//    kernels to 255 registers with up to 1,100 bytes of spills (ptxas -v,
//    sm_90); here each add reads and writes shared memory field by field.
//
// Either way the result is valid on thread 0 only (CUB's contract), the sums
// are combined with their add() (integers, or order-free max/min: the order
// of combination cannot change a bit), and the caller must pass a barrier
// before reusing the storage.
#include <cub/block/block_reduce.cuh>

namespace ts::cuda {

inline constexpr int kRegisterSumsBytes = 128;

struct AddSums {
  template <typename S>
  __device__ S operator()(S a, const S& b) const {
    a.add(b);
    return a;
  }
};

template <class S, int kThreads, bool kInSharedMemory = (sizeof(S) > kRegisterSumsBytes)>
struct BlockSums {
  using Reduce = cub::BlockReduce<S, kThreads>;
  using TempStorage = typename Reduce::TempStorage;
  __device__ static S reduce(TempStorage& storage, const S& mine) { return Reduce(storage).Reduce(mine, AddSums{}); }
};

template <class S, int kThreads>
struct BlockSums<S, kThreads, true> {
  static constexpr int kRound = 32;   // sums in shared memory at once: one warp's
  static_assert(kThreads % kRound == 0, "whole rounds of threads");
  struct TempStorage {
    alignas(S) unsigned char bytes[kRound * sizeof(S)];
  };

  // Round r: threads r*32 .. r*32+31 store their sums, a tree halves them
  // (lane i adds lane i + stride, stride 16, 8, ..., 1), and thread 0 adds the
  // round's total to its result.
  __device__ static S reduce(TempStorage& storage, const S& mine) {
    S* slot = reinterpret_cast<S*>(storage.bytes);
    const int tid = threadIdx.x;
    S total;
    for (int first = 0; first < kThreads; first += kRound) {
      if (tid >= first && tid < first + kRound) slot[tid - first] = mine;
      __syncthreads();
      for (int stride = kRound / 2; stride > 0; stride /= 2) {
        if (tid < stride) slot[tid].add(slot[tid + stride]);
        __syncthreads();
      }
      if (tid == 0) total.add(slot[0]);
      __syncthreads();   // the slots are free for the next round
    }
    return total;
  }
};

}  // namespace ts::cuda
