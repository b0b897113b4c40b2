// The CUDA executor's host side: the parts that do not depend on a model.
// (Each protocol instantiates run_paths_cuda<M> in host/protocols/<name>_run.cpp.)
#include "cuda/cuda_executor.hpp"

namespace ts::cuda {
bool configured() { return true; }
}  // namespace ts::cuda
