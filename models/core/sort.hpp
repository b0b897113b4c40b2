#pragma once
// In-place heapsort for small per-path arrays (medians, Gini, Nakamoto at
// snapshots): no heap allocation, no recursion, the same on host and device.
// The sorted result is unique, so any sort would give the same statistics.
#include "models/core/macros.hpp"

namespace ts {

template <typename T>
TS_HD_INLINE void sift_down(T* a, int root, int n) {
  while (true) {
    int child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && a[child] < a[child + 1]) ++child;
    if (!(a[root] < a[child])) return;
    const T tmp = a[root];
    a[root] = a[child];
    a[child] = tmp;
    root = child;
  }
}

template <typename T>
TS_HD_INLINE void heap_sort(T* a, int n) {
  for (int i = n / 2 - 1; i >= 0; --i) sift_down(a, i, n);
  for (int end = n - 1; end > 0; --end) {
    const T tmp = a[0];
    a[0] = a[end];
    a[end] = tmp;
    sift_down(a, 0, end);
  }
}

// Heapsort of `key` ascending, carrying `value[i]` along with `key[i]` (a
// population of groups: a value per member and the group's member count).
// Ties keep no particular order; statistics over the sorted groups that
// depend only on the multiset of (key, value) pairs are unaffected.
template <typename K, typename V>
TS_HD_INLINE void sift_down_by_key(K* key, V* value, int root, int n) {
  while (true) {
    int child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && key[child] < key[child + 1]) ++child;
    if (!(key[root] < key[child])) return;
    const K k = key[root];
    key[root] = key[child];
    key[child] = k;
    const V v = value[root];
    value[root] = value[child];
    value[child] = v;
    root = child;
  }
}

template <typename K, typename V>
TS_HD_INLINE void heap_sort_by_key(K* key, V* value, int n) {
  for (int i = n / 2 - 1; i >= 0; --i) sift_down_by_key(key, value, i, n);
  for (int end = n - 1; end > 0; --end) {
    const K k = key[0];
    key[0] = key[end];
    key[end] = k;
    const V v = value[0];
    value[0] = value[end];
    value[end] = v;
    sift_down_by_key(key, value, 0, end);
  }
}

// Median of sorted values (mean of the middle two for an even count).
template <typename T>
TS_HD_INLINE double sorted_median(const T* a, int n) {
  if (n <= 0) return 0.0;
  if (n % 2 == 1) return static_cast<double>(a[n / 2]);
  return 0.5 * (static_cast<double>(a[n / 2 - 1]) + static_cast<double>(a[n / 2]));
}

}  // namespace ts
