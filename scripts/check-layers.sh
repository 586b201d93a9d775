#!/usr/bin/env bash
# The layers the compiler holds (issue 30): each library target builds alone, and an upward
# import — a lower layer importing a higher one — does not compile. For each rule a probe
# file is added for one build and removed again.
set -euo pipefail
cd "$(dirname "$0")/.."
check=(--explicit-target-dependency-import-check error)
probe=Sources/ReportVault/JSON/UpwardImportProbe.swift
signingProbe=Sources/ReportVault/Signing/UpwardImportProbe.swift
schemaProbe=Sources/ReportVault/Schema/UpwardImportProbe.swift
vaultProbe=Sources/ReportVault/Basics/UpwardImportProbe.swift
trap 'rm -f "$probe" "$signingProbe" "$schemaProbe" "$vaultProbe"' EXIT
for target in VaultJSON VaultSchema VaultSigning ReportVault VaultSQL; do
  swift build --target "$target" "${check[@]}" >/dev/null
  echo "check-layers: $target builds alone"
done
# A lower target importing a higher one must fail to compile: a probe file is added to it for
# one build and removed again.
refused() {
  local target=$1 probe=$2 upper=${3:-ReportVault} out
  echo "import $upper" > "$probe"
  if out=$(swift build --target "$target" "${check[@]}" 2>&1); then
    echo "check-layers: $target imported $upper and still built" >&2
    exit 1
  fi
  grep -q "Target $target imports another target ($upper)" <<<"$out" || { echo "$out" >&2; exit 1; }
  rm -f "$probe"
  echo "check-layers: an upward import ($target → $upper) is refused"
}
refused VaultJSON "$probe"
refused VaultJSON "$probe" VaultSchema
refused VaultSchema "$schemaProbe"
refused VaultSigning "$signingProbe"
refused ReportVault "$vaultProbe" VaultSQL
