#!/usr/bin/env bash
# The layers the compiler holds (issue 30): each library target builds alone, and an upward
# import — a lower layer importing a higher one — does not compile. For each rule a probe
# file is added for one build and removed again.
set -euo pipefail
cd "$(dirname "$0")/.."
check=(--explicit-target-dependency-import-check error)
src=Sources/ReportVault
probes=()
trap 'rm -f "${probes[@]}"' EXIT
targets=(VaultJSON VaultSchema VaultSigning VaultModel VaultDiff VaultImport VaultGit ReportVault VaultSync VaultOutput VaultSQL)
for target in "${targets[@]}"; do
  swift build --target "$target" "${check[@]}" >/dev/null
  echo "check-layers: $target builds alone"
done
# A lower target importing a higher one must fail to compile: a probe file is added to the
# target's folder for one build and removed again.
refused() {
  local target=$1 folder=$2 upper=$3 out probe
  probe=$src/$folder/UpwardImportProbe.swift
  probes+=("$probe")
  echo "import $upper" > "$probe"
  if out=$(swift build --target "$target" "${check[@]}" 2>&1); then
    echo "check-layers: $target imported $upper and still built" >&2
    exit 1
  fi
  grep -q "Target $target imports another target ($upper)" <<<"$out" || { echo "$out" >&2; exit 1; }
  rm -f "$probe"
  echo "check-layers: an upward import ($target → $upper) is refused"
}
refused VaultJSON JSON ReportVault
refused VaultJSON JSON VaultSchema
refused VaultSchema Schema VaultModel
refused VaultSigning Signing ReportVault
refused VaultModel Model VaultDiff
refused VaultModel Model ReportVault
refused VaultDiff Diff ReportVault
refused VaultImport Import VaultDiff
refused VaultImport Import ReportVault
refused VaultGit Git VaultModel
refused VaultGit Git ReportVault
refused ReportVault Vault VaultOutput
refused ReportVault Vault VaultSync
refused VaultSync Remote VaultOutput
refused VaultOutput Output VaultSQL
# Only the git layer sees libgit2, only VaultSQL SQLite. SwiftPM's import check does not cover
# system-library modules a dependency brings (ReportVault could still `import CGit2` through
# VaultGit), so these two are checked in the sources.
only() {
  local module=$1 folder=$2 found
  found=$(grep -rlE "^(@preconcurrency )?import $module\b" Sources Tests Fuzz --include='*.swift' | grep -v "^$folder/" || true)
  [ -z "$found" ] || { echo "check-layers: $module imported outside $folder: $found" >&2; exit 1; }
  echo "check-layers: only $folder imports $module"
}
only CGit2 Sources/ReportVault/Git
only CSQLite Sources/ReportVault/SQL
