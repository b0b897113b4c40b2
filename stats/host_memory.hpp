#pragma once
// The machine's physical memory in bytes (0 when unknown), for the memory
// planning of a run and of the CUDA executor's pinned buffers.
#include <unistd.h>

namespace ts {

inline double host_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0;
}

}  // namespace ts
