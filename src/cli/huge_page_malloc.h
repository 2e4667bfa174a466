// Transparent huge pages for lineage's large matrices.
//
// The weight analysis allocates and frees many matrices of 10–500 MB (block units, probe
// responses, panel replicas). glibc serves each from a fresh mmap, so every 4 KB page faults on
// first touch: on the 1B-shaped bench pair that was 10.5 M faults and a third of the run in the
// kernel. glibc's `glibc.malloc.hugetlb=1` tunable makes those mappings eligible for transparent
// huge pages (512× fewer faults; measured 132 s → 113 s wall), but tunables are read only at
// process start, so the CLI re-executes itself once with the tunable set.
//
// Contract:
//   - Call first thing in main, before any thread starts. Returns normally (and the process
//     carries on unchanged) when GLIBC_TUNABLES is already set by the user (never overridden),
//     when the executable (resolved through /proc/self/exe) cannot be executed, or on a platform
//     without it.
//   - The re-executed process sees GLIBC_TUNABLES set, so this happens at most once.
//   - No effect on results: only page sizes change.
#pragma once

namespace lineage::cli {

void ReexecWithHugePageMalloc(char** argv);

}  // namespace lineage::cli
