#!/usr/bin/env bash
# Builds one libFuzzer target with the library sources it exercises (no libgit2 needed):
#   Fuzz/build.sh FuzzJSONParser out/fuzz-json
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1 out=$2
mkdir -p "$(dirname "$out")"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name FuzzTarget \
  -o "$out" "Fuzz/$target.swift" Sources/ReportVault/JSON/*.swift Sources/ReportVault/Import/*.swift 2>&1 \
  | grep -v "Cannot export local symbol" || true
test -x "$out"
