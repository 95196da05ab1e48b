#!/usr/bin/env bash
# Tokenpack's test command (README "Quick start", step 2; CI runs exactly this).
# Needs ../shared/reference beside the repository (or TOKENPACK_REFERENCE) for the parity tests.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
