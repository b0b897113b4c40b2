#pragma once
// A plain binary archive for checkpoints (the accumulators of a run that
// may be resumed) and for what a child process hands back (an output file
// read in isolation): trivially copyable values and vectors of them, in
// this machine's byte order. A short or malformed read throws, so a damaged
// checkpoint is refused rather than merged.
#include <cstdint>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ts::stats {

class ArchiveOut {
 public:
  explicit ArchiveOut(std::ostream& os) : os_(os) {}
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable<T>::value, "raw bytes only");
    os_.write(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    pod(static_cast<std::uint64_t>(v.size()));
    if (!v.empty()) os_.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
  }
  template <class A, class B>
  void pairs(const std::vector<std::pair<A, B>>& v) {
    std::vector<A> first;
    std::vector<B> second;
    for (const auto& [a, b] : v) {
      first.push_back(a);
      second.push_back(b);
    }
    vec(first);
    vec(second);
  }
  void str(const std::string& s) {
    pod(static_cast<std::uint64_t>(s.size()));
    os_.write(s.data(), static_cast<std::streamsize>(s.size()));
  }

 private:
  std::ostream& os_;
};

class ArchiveIn {
 public:
  // `what` names the stream in error messages ("checkpoint: truncated").
  explicit ArchiveIn(std::istream& is, std::string what = "checkpoint") : is_(is), what_(std::move(what)) {}
  template <class T>
  void pod(T& v) {
    static_assert(std::is_trivially_copyable<T>::value, "raw bytes only");
    read(reinterpret_cast<char*>(&v), sizeof v);
  }
  template <class T>
  void vec(std::vector<T>& v) {
    v.resize(size(sizeof(T)));
    if (!v.empty()) read(reinterpret_cast<char*>(v.data()), v.size() * sizeof(T));
  }
  template <class A, class B>
  void pairs(std::vector<std::pair<A, B>>& v) {
    std::vector<A> first;
    std::vector<B> second;
    vec(first);
    vec(second);
    if (first.size() != second.size()) throw std::runtime_error(what_ + ": malformed pairs");
    v.clear();
    for (std::size_t i = 0; i < first.size(); ++i) v.emplace_back(first[i], second[i]);
  }
  void str(std::string& s) {
    s.resize(size(1));
    if (!s.empty()) read(s.data(), s.size());
  }

 private:
  std::size_t size(std::size_t element) {
    std::uint64_t n = 0;
    pod(n);
    if (n > (std::uint64_t{1} << 40) / element) throw std::runtime_error(what_ + ": implausible array length");
    return static_cast<std::size_t>(n);
  }
  void read(char* p, std::size_t n) {
    is_.read(p, static_cast<std::streamsize>(n));
    if (static_cast<std::size_t>(is_.gcount()) != n) throw std::runtime_error(what_ + ": truncated");
  }
  std::istream& is_;
  std::string what_;
};

}  // namespace ts::stats
