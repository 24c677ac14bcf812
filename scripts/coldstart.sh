#!/usr/bin/env bash
# The cold start of every function under the Lambda runtime interface
# emulator (tools/coldstart), against a moto server started for the run.
#
#   scripts/coldstart.sh [N] [SRC]   # N cold starts each (default 20) of SRC's functions (default .)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"
eval "$(./scripts/moto.sh)"
trap './scripts/moto.sh stop' EXIT
go run ./tools/coldstart -n "${1:-20}" -src "${2:-.}"
