// Tests of host/output/isolated_read.hpp: whatever ends the child (a
// crash, a hang, an exception, a reply too long) comes back as one
// OutputError naming the file, and the parent goes on. The crafted and
// damaged HDF5 files themselves are in tests/python/corrupt_hdf5_corpus.py.
#include <gtest/gtest.h>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "host/output/hdf5_writer.hpp"
#include "host/output/isolated_read.hpp"

namespace {

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ts::OutputError& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(IsolatedRead, ReturnsWhatTheChildReturns) {
  EXPECT_EQ(ts::run_in_child("'x.h5'", {}, [] { return std::string("bytes\0back", 10); }),
            std::string("bytes\0back", 10));
  EXPECT_EQ(ts::run_in_child("'x.h5'", {}, [] { return std::string(); }), "");
}

TEST(IsolatedRead, ACrashOfTheChildIsReportedAsACorruptFile) {
  const std::string m = message_of([] {
    ts::run_in_child("'bad.h5'", {}, []() -> std::string {
      std::raise(SIGSEGV);
      return "unreachable";
    });
  });
  EXPECT_NE(m.find("'bad.h5': the file is corrupt: the HDF5 library crashed reading it"), std::string::npos) << m;
  EXPECT_NE(m.find("signal 11"), std::string::npos) << m;
  // The parent is fine and can read again.
  EXPECT_EQ(ts::run_in_child("'x.h5'", {}, [] { return std::string("ok"); }), "ok");
}

TEST(IsolatedRead, AHangingReaderIsStoppedAtTheTimeLimit) {
  ts::ChildLimits limits;
  limits.wall_seconds = 1;
  const std::string m = message_of([&] {
    ts::run_in_child("'slow.h5'", limits, []() -> std::string {
      for (;;) pause();
    });
  });
  EXPECT_NE(m.find("'slow.h5': reading it took longer than 1 s"), std::string::npos) << m;
}

TEST(IsolatedRead, ALoopingReaderIsStoppedAtItsCpuTime) {
  ts::ChildLimits limits;
  limits.cpu_seconds = 1;
  const std::string m = message_of([&] {
    ts::run_in_child("'loop.h5'", limits, []() -> std::string {
      volatile std::uint64_t spin = 0;
      for (;;) spin = spin + 1;
    });
  });
  EXPECT_NE(m.find("'loop.h5': the file is damaged: reading it used more than 1 s of CPU time"), std::string::npos)
      << m;
}

TEST(IsolatedRead, AnExceptionInTheChildKeepsItsMessage) {
  const std::string m = message_of([] {
    ts::run_in_child("'x.h5'", {}, []() -> std::string {
      throw ts::OutputError("'x.h5': not a tokenstress output file");
    });
  });
  EXPECT_EQ(m, "'x.h5': not a tokenstress output file");
  const std::string oom = message_of([] {
    ts::run_in_child("'x.h5'", {}, []() -> std::string { throw std::bad_alloc(); });
  });
  EXPECT_NE(oom.find("'x.h5': reading it needed more memory than its declared sizes allow"), std::string::npos);
}

TEST(IsolatedRead, AReplyLongerThanAllowedIsRefused) {
  const std::string m = message_of([] {
    ts::ChildLimits limits;
    limits.max_reply = 1000;
    ts::run_in_child("'big.h5'", limits, [] { return std::string(1 << 20, 'x'); });
  });
  EXPECT_NE(m.find("'big.h5': the reading process answered more than the file declares"), std::string::npos) << m;
}

TEST(IsolatedRead, ReaderRefusalsKeepTheirWords) {
  const std::string missing = message_of([] { ts::read_output_file_isolated("/nonexistent/out.h5"); });
  EXPECT_EQ(missing, "'/nonexistent/out.h5': no such file");
  const std::string text = (std::filesystem::path(::testing::TempDir()) /
                            ("isolated_" + std::to_string(::getpid()) + ".txt")).string();
  { std::FILE* f = std::fopen(text.c_str(), "w"); std::fputs("not hdf5\n", f); std::fclose(f); }
  EXPECT_EQ(message_of([&] { ts::read_output_file_isolated(text); }), "'" + text + "': not an HDF5 file");
  std::filesystem::remove(text);
}

}  // namespace
