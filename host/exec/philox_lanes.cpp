#include "host/exec/philox_lanes.hpp"

#include "host/exec/cpu_path.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace ts {

namespace {

// Random123 philox.h: PHILOX_M4x32_0/1 and the Weyl key increments.
constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

#define TS_PHILOX_LANES_ARGS                                                                            \
  std::uint32_t key0, std::uint32_t key1, std::uint32_t path, std::uint32_t step, std::uint32_t first_agent, \
      std::uint32_t c3, PhiloxLaneWords &out

// Baseline x86-64 (SSE2 has no 32-bit lane blend): Random123's own rounds,
// lane after lane.
void lanes_baseline(TS_PHILOX_LANES_ARGS) {
  const RandomKey key{static_cast<std::uint64_t>(key0) | (static_cast<std::uint64_t>(key1) << 32)};
  for (int j = 0; j < kPhiloxLanes; ++j) {
    const RandomWords r = draw_words(key, path, step, first_agent + static_cast<std::uint32_t>(j), static_cast<Stream>(c3));
    for (int k = 0; k < 4; ++k) out.w[k][j] = r.w[k];
  }
}

#if defined(__x86_64__)
// The compilers do not vectorise the 32x32 -> 64 products above, so the
// wide variants say it: vpmuludq multiplies the even 32-bit lanes; the odd
// ones are shifted down, multiplied and blended back (high and low halves).
__attribute__((target("arch=x86-64-v3"))) void lanes_v3(TS_PHILOX_LANES_ARGS) {
  const __m256i m0 = _mm256_set1_epi64x(kM0), m1 = _mm256_set1_epi64x(kM1);
  for (int half = 0; half < kPhiloxLanes; half += 8) {
    __m256i x0 = _mm256_set1_epi32(static_cast<int>(path));
    __m256i x1 = _mm256_set1_epi32(static_cast<int>(step));
    __m256i x2 = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(first_agent + static_cast<std::uint32_t>(half))),
                                  _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    __m256i x3 = _mm256_set1_epi32(static_cast<int>(c3));
    std::uint32_t k0 = key0, k1 = key1;
    for (int r = 0; r < 10; ++r) {
      const __m256i e0 = _mm256_mul_epu32(x0, m0), o0 = _mm256_mul_epu32(_mm256_srli_epi64(x0, 32), m0);
      const __m256i e1 = _mm256_mul_epu32(x2, m1), o1 = _mm256_mul_epu32(_mm256_srli_epi64(x2, 32), m1);
      const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(e0, 32), o0, 0xAA);
      const __m256i lo0 = _mm256_blend_epi32(e0, _mm256_slli_epi64(o0, 32), 0xAA);
      const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(e1, 32), o1, 0xAA);
      const __m256i lo1 = _mm256_blend_epi32(e1, _mm256_slli_epi64(o1, 32), 0xAA);
      x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), _mm256_set1_epi32(static_cast<int>(k0)));
      x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), _mm256_set1_epi32(static_cast<int>(k1)));
      x1 = lo1;
      x3 = lo0;
      k0 += kW0;
      k1 += kW1;
    }
    _mm256_store_si256(reinterpret_cast<__m256i*>(&out.w[0][half]), x0);
    _mm256_store_si256(reinterpret_cast<__m256i*>(&out.w[1][half]), x1);
    _mm256_store_si256(reinterpret_cast<__m256i*>(&out.w[2][half]), x2);
    _mm256_store_si256(reinterpret_cast<__m256i*>(&out.w[3][half]), x3);
  }
}

__attribute__((target("arch=x86-64-v4"))) void lanes_v4(TS_PHILOX_LANES_ARGS) {
  const __m512i m0 = _mm512_set1_epi64(kM0), m1 = _mm512_set1_epi64(kM1);
  __m512i x0 = _mm512_set1_epi32(static_cast<int>(path));
  __m512i x1 = _mm512_set1_epi32(static_cast<int>(step));
  __m512i x2 = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(first_agent)),
                                _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  __m512i x3 = _mm512_set1_epi32(static_cast<int>(c3));
  std::uint32_t k0 = key0, k1 = key1;
  for (int r = 0; r < 10; ++r) {
    const __m512i e0 = _mm512_mul_epu32(x0, m0), o0 = _mm512_mul_epu32(_mm512_srli_epi64(x0, 32), m0);
    const __m512i e1 = _mm512_mul_epu32(x2, m1), o1 = _mm512_mul_epu32(_mm512_srli_epi64(x2, 32), m1);
    const __m512i hi0 = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(e0, 32), o0);
    const __m512i lo0 = _mm512_mask_blend_epi32(0xAAAA, e0, _mm512_slli_epi64(o0, 32));
    const __m512i hi1 = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(e1, 32), o1);
    const __m512i lo1 = _mm512_mask_blend_epi32(0xAAAA, e1, _mm512_slli_epi64(o1, 32));
    x0 = _mm512_xor_si512(_mm512_xor_si512(hi1, x1), _mm512_set1_epi32(static_cast<int>(k0)));
    x2 = _mm512_xor_si512(_mm512_xor_si512(hi0, x3), _mm512_set1_epi32(static_cast<int>(k1)));
    x1 = lo1;
    x3 = lo0;
    k0 += kW0;
    k1 += kW1;
  }
  _mm512_store_si512(out.w[0], x0);
  _mm512_store_si512(out.w[1], x1);
  _mm512_store_si512(out.w[2], x2);
  _mm512_store_si512(out.w[3], x3);
}
#endif

using LanesFn = void (*)(TS_PHILOX_LANES_ARGS);

LanesFn lanes_for(CpuPath path) {
#if defined(__x86_64__)
  switch (path) {
    case CpuPath::v4: return lanes_v4;
    case CpuPath::v3: return lanes_v3;
    default: break;
  }
#endif
  (void)path;
  return lanes_baseline;
}

void run_lanes(LanesFn lanes, RandomKey key, std::uint32_t path, std::uint32_t step, std::uint32_t first_agent,
               Stream stream, PhiloxLaneWords& out) {
  lanes(static_cast<std::uint32_t>(key.seed), static_cast<std::uint32_t>(key.seed >> 32), path, step, first_agent,
        static_cast<std::uint32_t>(stream), out);
}

}  // namespace

void draw_words_lanes(RandomKey key, std::uint32_t path, std::uint32_t step, std::uint32_t first_agent, Stream stream,
                      int /*n*/, PhiloxLaneWords& out) {
  static const LanesFn lanes = lanes_for(cpu_path());
  run_lanes(lanes, key, path, step, first_agent, stream, out);
}

void draw_words_lanes_on(CpuPath cpu, RandomKey key, std::uint32_t path, std::uint32_t step, std::uint32_t first_agent,
                         Stream stream, PhiloxLaneWords& out) {
  run_lanes(lanes_for(cpu), key, path, step, first_agent, stream, out);
}

}  // namespace ts
