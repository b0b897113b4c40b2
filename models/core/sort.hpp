#pragma once
// In-place heapsort for small per-path arrays (medians, Gini, Nakamoto at
// snapshots): no heap allocation, no recursion, the same on host and device.
// The sorted result is unique, so any sort would give the same statistics.
#include "models/core/macros.hpp"

namespace ts {

// Heapsort of positions 0..n-1 given `less(i, j)` and `swap(i, j)`, so that
// parallel arrays can move together.
template <class Less, class Swap>
TS_HD_INLINE void sift_down_indexed(int root, int n, Less less, Swap swap) {
  while (true) {
    int child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && less(child, child + 1)) ++child;
    if (!less(root, child)) return;
    swap(root, child);
    root = child;
  }
}

template <class Less, class Swap>
TS_HD_INLINE void heap_sort_indexed(int n, Less less, Swap swap) {
  for (int i = n / 2 - 1; i >= 0; --i) sift_down_indexed(i, n, less, swap);
  for (int end = n - 1; end > 0; --end) {
    swap(0, end);
    sift_down_indexed(0, end, less, swap);
  }
}

template <typename T>
TS_HD_INLINE void exchange(T* a, int i, int j) {
  const T tmp = a[i];
  a[i] = a[j];
  a[j] = tmp;
}

template <typename T>
TS_HD_INLINE void heap_sort(T* a, int n) {
  heap_sort_indexed(n, [a](int i, int j) { return a[i] < a[j]; }, [a](int i, int j) { exchange(a, i, j); });
}

// `key` ascending, `value[i]` carried with `key[i]` (a population of groups:
// a value per member and the group's member count). Statistics over the
// sorted groups that depend only on the multiset of pairs do not depend on
// the order of equal keys.
template <typename K, typename V>
TS_HD_INLINE void heap_sort_by_key(K* key, V* value, int n) {
  heap_sort_indexed(
      n, [key](int i, int j) { return key[i] < key[j]; },
      [key, value](int i, int j) {
        exchange(key, i, j);
        exchange(value, i, j);
      });
}

// Median of sorted values (mean of the middle two for an even count).
template <typename T>
TS_HD_INLINE double sorted_median(const T* a, int n) {
  if (n <= 0) return 0.0;
  if (n % 2 == 1) return static_cast<double>(a[n / 2]);
  return 0.5 * (static_cast<double>(a[n / 2 - 1]) + static_cast<double>(a[n / 2]));
}

}  // namespace ts
