#!/usr/bin/env bash
# Builds one libFuzzer target with the library sources it exercises (no libgit2 needed):
#   Fuzz/build.sh FuzzJSONParser out/fuzz-json
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1 out=$2
mkdir -p "$(dirname "$out")"
if [ "$target" = FuzzImport ]; then
  # The importer needs the schema, the model and ZIPFoundation (whose sources SwiftPM has
  # checked out: run `swift build` once first); no libgit2, no swift-crypto (VAULT_FUZZ).
  zip=.build/checkouts/ZIPFoundation/Sources
  [ -d "$zip" ] || { echo "run 'swift build' first: $zip is missing" >&2; exit 1; }
  sources=$(find Sources/ReportVault/Basics Sources/ReportVault/JSON Sources/ReportVault/Schema Sources/ReportVault/Model Sources/ReportVault/Import -name '*.swift')
  sources="$sources $zip/ZIPFoundation/*.swift"
  flags="-D VAULT_FUZZ -enable-bare-slash-regex -Xcc -D_GNU_SOURCE=1 -I $zip/CZLib"
else
  sources="Sources/ReportVault/JSON/*.swift"
  flags=""
fi
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name FuzzTarget -package-name ReportVault $flags \
  -o "$out" "Fuzz/$target.swift" $sources 2>&1 \
  | grep -v "Cannot export local symbol" || true
test -x "$out"
