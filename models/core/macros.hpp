#pragma once
// One macro marks every model function as compiled for host and device
// (DESIGN.md principle 1; pbrt-v4's PBRT_CPU_GPU, Celeritas' CELER_FUNCTION).
// models/ includes no CUDA runtime, allocates nothing and does no I/O.

#if defined(__CUDACC__)
#define TS_HD __host__ __device__
#define TS_HD_INLINE __host__ __device__ __forceinline__
#else
#define TS_HD
#define TS_HD_INLINE inline
#endif
