#!/usr/bin/env bash
# Every GoogleTest suite of core_tests is either kernel-dependent (run again with one thread
# and with the portable kernels) or host-only: a suite in neither list, or in both, fails.
# Usage: check_suites_classified.sh CORE_TESTS "KERNEL SUITES;..." "HOST SUITES;..."
set -euo pipefail
binary="$1"
IFS=';' read -r -a kernel <<<"$2"
IFS=';' read -r -a host <<<"$3"
suites="$("$binary" --gtest_list_tests | sed -n 's/^\([A-Za-z0-9_]*\)\.$/\1/p')"
status=0
while read -r suite; do
  in_kernel=0 in_host=0
  for s in "${kernel[@]}"; do [ "$s" = "$suite" ] && in_kernel=1; done
  for s in "${host[@]}"; do [ "$s" = "$suite" ] && in_host=1; done
  if [ $((in_kernel + in_host)) -ne 1 ]; then
    echo "suite '$suite' must be in exactly one of KERNEL_DEPENDENT_SUITES and HOST_ONLY_SUITES (tests/core/CMakeLists.txt)" >&2
    status=1
  fi
done <<<"$suites"
for s in "${kernel[@]}" "${host[@]}"; do
  grep -qx "$s" <<<"$suites" || { echo "listed suite '$s' has no tests" >&2; status=1; }
done
exit $status
