#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (AddressSanitizer; optimized, but with `-assert-config
# Debug` so Tokenpack's asserts on its unsafe index math stay on: debug builds ran ~100/s) and runs
# each for SECONDS_PER_TARGET seconds (default 20), starting from the committed seeds in
# Fuzz/Corpus/<target> (new inputs go to a scratch corpus, so the repository stays small).
# A crash, assertion, sanitizer report, leak or timeout fails the script; the input that caused
# it is saved under FUZZ_ARTIFACTS (default Fuzz/.build/fuzz-artifacts), and its path and first
# bytes are printed. Replay one: Fuzz/.build/release/<target> <artifact>.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzJSONTape FuzzLineReader FuzzTemplates FuzzTokenizer FuzzPacked)
artifacts=${FUZZ_ARTIFACTS:-$PWD/.build/fuzz-artifacts}
mkdir -p "$artifacts"
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -assert-config -Xswiftc Debug)
swift build "${flags[@]}"
bin=$(swift build "${flags[@]}" --show-bin-path)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for t in "${targets[@]}"; do
    mkdir -p "$scratch/$t"
    log="$scratch/$t.log"
    if "$bin/$t" -max_total_time="$seconds" -max_len=4096 -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 \
        -artifact_prefix="$artifacts/$t-" "$scratch/$t" "Corpus/$t" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
        echo "fuzz $t: ok, $runs inputs in ${seconds}s ($rate/s), $cov"
    else
        status=1
        echo "fuzz $t: FAILED"
        grep -v '^#' "$log" | tail -40
        for a in "$artifacts/$t-"*; do
            [ -e "$a" ] || continue
            echo "saved input: $a ($(wc -c <"$a") bytes)"
            od -A d -c "$a" | head -8
        done
    fi
done
exit $status
