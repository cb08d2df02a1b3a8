#!/usr/bin/env bash
# run.sh SECONDS - build every tests/fuzz/fuzz_*.c with clang's libFuzzer and
# AddressSanitizer (library in build-fuzz/) and run each for SECONDS, starting
# from tests/fuzz/seeds/<name>/ (fuzz_request -> seeds/request). Crashes are
# written to build-fuzz/crash-* and fail the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-30}
CC=clang-14
command -v $CC >/dev/null || { echo "clang-14 is missing: make deps (bin/install-deps --fuzz)"; exit 1; }
make --no-print-directory BUILD=build-fuzz CC=$CC \
  EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -Wno-unknown-warning-option" \
  build-fuzz/libpiste.a
flags=$(make --no-print-directory -s print-flags BUILD=build-fuzz CC=$CC)
libs=$(make --no-print-directory -s print-libs)
status=0
for src in tests/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  seeds=tests/fuzz/seeds/${name#fuzz_}
  corpus=build-fuzz/corpus-${name#fuzz_}
  mkdir -p "$corpus"
  echo "== $name ($secs s)"
  $CC $flags -fsanitize=fuzzer,address,undefined -o "build-fuzz/$name" "$src" build-fuzz/libpiste.a $libs
  if ! "build-fuzz/$name" -max_total_time="$secs" -max_len=8192 -artifact_prefix=build-fuzz/ \
       -print_final_stats=1 "$corpus" "$seeds" 2>build-fuzz/$name.log; then
    tail -40 "build-fuzz/$name.log"; status=1
  else
    grep -E "stat::number_of_executed_units|Done" "build-fuzz/$name.log" | tail -2 || true
  fi
done
exit $status
