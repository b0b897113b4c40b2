// The Secret AI model's kernels (one instantiation per protocol keeps nvcc lean).
#include "cuda/kernels.cuh"
#include "models/protocols/secret_ai/model.hpp"

TS_INSTANTIATE_KERNELS(ts::secret_ai::SecretAiModel)
