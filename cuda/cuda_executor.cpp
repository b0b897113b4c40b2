// The CUDA executor's host side: the parts that do not depend on a model.
// (Each protocol instantiates run_paths_cuda<M> in host/protocols/<name>_run.cpp.)
#include "cuda/cuda_executor.hpp"

#include "build_info.hpp"
#include "cuda/baseline_snapshots.hpp"

namespace ts::cuda {

bool configured() { return true; }

BaselineSnapshots::BaselineSnapshots() = default;
BaselineSnapshots::~BaselineSnapshots() = default;

std::string implementation() {
#ifdef TOKENSTRESS_CUDA_EMULATION
  return "emulated on the CPU (the kernels compiled by the host compiler, each block's threads as fibers; "
         "cuda/emulation)";
#else
  return std::string("compiled (") + build::cuda_compiler + ", architectures " + build::cuda_architectures + ")";
#endif
}

}  // namespace ts::cuda
