#!/usr/bin/env bash
# Builds tokenpack in release mode and copies the one executable to PREFIX/bin (default
# /usr/local). The binary holds the GLM-4 vocabulary itself, so it runs from anywhere.
#   bash scripts/install.sh ~/.local      # → ~/.local/bin/tokenpack
set -euo pipefail
prefix="${1:-/usr/local}"
cd "$(dirname "$0")/.."
echo "Building tokenpack (release)..." >&2
swift build -c release --product tokenpack >&2
bin="$(swift build -c release --show-bin-path)/tokenpack"
mkdir -p "$prefix/bin"
install -m 0755 "$bin" "$prefix/bin/tokenpack"
echo "installed $prefix/bin/tokenpack" >&2
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on PATH" >&2 ;;
esac
