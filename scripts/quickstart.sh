#!/usr/bin/env bash
# Tokenpack quick start (README, step 1): install what is missing, build, and encode the bundled
# sample corpus with the bundled GLM-4 tokenizer into out/sample_*.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
pkg-config --exists libzstd 2>/dev/null || need+=(libzstd-dev)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
if ((${#need[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing ${need[*]} (apt-get)..." >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "Building tokenpack (release)..." >&2
log="$(mktemp)"
if ! swift build -c release --product tokenpack >"$log" 2>&1; then
    cat "$log" >&2
    echo "build failed (log above)" >&2
    exit 1
fi
rm -f "$log"
bin="$(swift build -c release --show-bin-path)/tokenpack"
echo "tokenpack is $bin (one self-contained file: copy it anywhere, or run scripts/install.sh PREFIX)" >&2

mkdir -p out
"$bin" encode samples/chat.jsonl.zst --output-prefix out/sample "$@"
