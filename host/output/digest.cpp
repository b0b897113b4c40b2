// SHA-256 (OpenSSL EVP) over a canonical byte stream of the numeric arrays
// (output_reader.cpp recovers those arrays from a file). The stream
// (results/README.md, "Digest") is:
//   "tokenstress-numeric-digest-v1\n"
//   then for every array, in byte-wise order of names:
//     u64 len, name; u64 len, type ("float64" | "int64");
//     u64 rank, u64 extent per axis; the values, 8 bytes each
// with all integers and values little-endian (doubles as IEEE-754 bits, so
// NaN payloads and -0.0 count: equal digests mean bitwise equal content).
#include "host/output/digest.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "host/output/hdf5_writer.hpp"

namespace ts {
namespace {

const char* type_name(StoredType t) { return t == StoredType::float64 ? "float64" : "int64"; }

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
      throw OutputError("OpenSSL: cannot initialise SHA-256");
  }
  void update(const void* data, std::size_t n) {
    if (n && EVP_DigestUpdate(ctx_.get(), data, n) != 1) throw OutputError("OpenSSL: SHA-256 update failed");
  }
  void u64(std::uint64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
    update(b, 8);
  }
  void text(const std::string& s) {
    u64(s.size());
    update(s.data(), s.size());
  }
  std::string hex() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), md, &n) != 1) throw OutputError("OpenSSL: SHA-256 final failed");
    std::string out;
    for (unsigned i = 0; i < n; ++i) out += fmt::format("{:02x}", md[i]);
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

// Values go through a buffer of little-endian words: one EVP call per 64 KiB.
void hash_values(Sha256& sha, const NumericArray& a) {
  constexpr std::size_t kBlock = 8192;
  unsigned char buf[kBlock * 8];
  const double* v = a.values();
  const std::size_t n = a.size();
  for (std::size_t start = 0; start < n; start += kBlock) {
    std::size_t count = std::min(kBlock, n - start);
    for (std::size_t i = 0; i < count; ++i) {
      std::uint64_t bits;
      if (a.type == StoredType::float64) {
        std::memcpy(&bits, &v[start + i], 8);
      } else {
        bits = static_cast<std::uint64_t>(static_cast<std::int64_t>(v[start + i]));
      }
      for (int b = 0; b < 8; ++b) buf[i * 8 + b] = static_cast<unsigned char>(bits >> (8 * b));
    }
    sha.update(buf, count * 8);
  }
}

}  // namespace

std::size_t NumericArray::size() const {
  std::size_t n = 1;
  for (std::size_t s : shape) n *= s;
  return n;
}

std::string sha256_hex(const std::string& bytes) {
  Sha256 sha;
  sha.update(bytes.data(), bytes.size());
  return sha.hex();
}

std::string digest_of(const std::vector<NumericArray>& arrays) {
  std::vector<const NumericArray*> sorted;
  for (const NumericArray& a : arrays) sorted.push_back(&a);
  std::sort(sorted.begin(), sorted.end(), [](auto* x, auto* y) { return x->name < y->name; });
  Sha256 sha;
  const std::string magic = "tokenstress-numeric-digest-v1\n";
  sha.update(magic.data(), magic.size());
  for (const NumericArray* a : sorted) {
    sha.text(a->name);
    sha.text(type_name(a->type));
    sha.u64(a->shape.size());
    for (std::size_t s : a->shape) sha.u64(s);
    hash_values(sha, *a);
  }
  return sha.hex();
}

std::string numeric_digest(const RunResult& r) { return digest_of(output_arrays(r)); }

}  // namespace ts
