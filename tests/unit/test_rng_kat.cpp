// Known-answer tests of the Philox4x32-10 streams against Random123's
// published vectors (kat_vectors in the Random123 distribution), and the
// identity-keyed counter layout (path, step, agent, stream).
#include <gtest/gtest.h>

#include <set>

#include "models/core/rng.hpp"

namespace {

r123::Philox4x32::ctr_type philox(std::array<std::uint32_t, 4> c, std::array<std::uint32_t, 2> k) {
  r123::Philox4x32 rng;
  return rng({{c[0], c[1], c[2], c[3]}}, {{k[0], k[1]}});
}

TEST(PhiloxKnownAnswer, ZeroCounterZeroKey) {
  const auto r = philox({0, 0, 0, 0}, {0, 0});
  EXPECT_EQ(r[0], 0x6627e8d5u);
  EXPECT_EQ(r[1], 0xe169c58du);
  EXPECT_EQ(r[2], 0xbc57ac4cu);
  EXPECT_EQ(r[3], 0x9b00dbd8u);
}

TEST(PhiloxKnownAnswer, AllOnes) {
  const auto r = philox({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu});
  EXPECT_EQ(r[0], 0x408f276du);
  EXPECT_EQ(r[1], 0x41c83b0eu);
  EXPECT_EQ(r[2], 0xa20bc7c6u);
  EXPECT_EQ(r[3], 0x6d5451fdu);
}

TEST(PhiloxKnownAnswer, PiDigits) {
  const auto r = philox({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u});
  EXPECT_EQ(r[0], 0xd16cfe09u);
  EXPECT_EQ(r[1], 0x94fdccebu);
  EXPECT_EQ(r[2], 0x5001e420u);
  EXPECT_EQ(r[3], 0x24126ea1u);
}

// The project's wrapper puts (path, step, agent, stream | sub << 8) in the
// counter and the 64-bit seed in the key, low word first.
TEST(PhiloxStreams, CounterLayoutIsIdentity) {
  const ts::RandomKey key{0x299f31d0a4093822ull};
  const ts::RandomWords w = ts::draw_words(key, 0x243f6a88u, 0x85a308d3u, 0x13198a2eu, static_cast<ts::Stream>(0x44u), 0x037073u);
  EXPECT_EQ(w.w[0], 0xd16cfe09u);
  EXPECT_EQ(w.w[3], 0x24126ea1u);
}

TEST(PhiloxStreams, DistinctIdentitiesGiveDistinctWords) {
  const ts::RandomKey key{42};
  std::set<std::uint32_t> seen;
  for (std::uint32_t path = 0; path < 4; ++path)
    for (std::uint32_t step = 0; step < 4; ++step)
      for (std::uint32_t agent = 0; agent < 4; ++agent)
        for (auto s : {ts::Stream::kDemand, ts::Stream::kUptime})
          seen.insert(ts::draw_words(key, path, step, agent, s).w[0]);
  EXPECT_EQ(seen.size(), 4u * 4u * 4u * 2u);
}

TEST(PhiloxStreams, UniformsAreOpenInterval) {
  EXPECT_GT(ts::uniform_open32(0u), 0.0);
  EXPECT_LT(ts::uniform_open32(0xffffffffu), 1.0);
  EXPECT_GT(ts::uniform_open53(0u, 0u), 0.0);
  EXPECT_LT(ts::uniform_open53(0xffffffffu, 0xffffffffu), 1.0);
}

TEST(PhiloxStreams, BernoulliThreshold) {
  EXPECT_FALSE(ts::bernoulli(0u, 0));                 // probability 0 never
  EXPECT_TRUE(ts::bernoulli(0xffffffffu, 1ull << 32)); // probability 1 always
  EXPECT_TRUE(ts::bernoulli(99u, 100));
  EXPECT_FALSE(ts::bernoulli(100u, 100));
}

}  // namespace
