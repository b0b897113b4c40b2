// The Clore.ai model's kernels (one instantiation per protocol keeps nvcc lean).
#include "cuda/kernels.cuh"
#include "models/protocols/clore/model.hpp"

TS_INSTANTIATE_KERNELS(ts::clore::CloreModel)
