#pragma once
// An emulated kernel launch: the kernel's arguments are copied once (the
// launch's parameter buffer), and every thread of every block calls the
// kernel with its own copy of them, as device threads do.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "cuda/emulation/device.hpp"

namespace ts::emu {

// Runs `thread_body` for every thread of the grid (cuda/emulation/runtime.cpp):
// checks the configuration and the sticky error first, and records a fault
// of the kernel as the sticky error, like a real asynchronous launch.
void launch_kernel(const char* kernel_name, dim3 grid, dim3 block, std::size_t shared_bytes, cudaStream_t stream,
                   const std::function<void()>& thread_body);

template <class... Params>
class Launch {
 public:
  Launch(dim3 grid, dim3 block, std::size_t shared_bytes, cudaStream_t stream, const char* name,
         void (*kernel)(Params...))
      : grid_(grid), block_(block), shared_bytes_(shared_bytes), stream_(stream), name_(name), kernel_(kernel) {}

  template <class... Args>
  void operator()(Args&&... args) const {
    static_assert(sizeof...(Args) == sizeof...(Params), "kernel launched with the wrong number of arguments");
    const std::tuple<std::decay_t<Params>...> parameters(std::forward<Args>(args)...);
    launch_kernel(name_, grid_, block_, shared_bytes_, stream_, [&] { std::apply(kernel_, parameters); });
  }

 private:
  dim3 grid_, block_;
  std::size_t shared_bytes_;
  cudaStream_t stream_;
  const char* name_;
  void (*kernel_)(Params...);
};

}  // namespace ts::emu
