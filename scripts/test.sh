#!/usr/bin/env bash
# Tokenpack's test command (README "Quick start", step 2; CI runs exactly this).
# Needs ../shared/reference beside the repository (or TOKENPACK_REFERENCE) for the parity tests.
#
# The suite runs in debug, so every `assert` on the unsafe code's index math is on, with runtime
# exclusivity checking named explicitly (`checked` is Swift's default; the flag pins it, STYLE.md
# point 5). AddressSanitizer runs over the parsers of outside bytes in scripts/fuzz.sh (CI runs it
# next): the whole suite under ASan is a second full build (this debug build took 707 s on the
# shared 2 cores), which beside the fuzz run and the Slurm test does not fit CI's budget.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests -Xswiftc -enforce-exclusivity=checked
swift test --skip-build
