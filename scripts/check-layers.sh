#!/usr/bin/env bash
# The layers the compiler holds (issue 30): each library target builds alone, and an upward
# import — a lower layer importing a higher one — does not compile. For each rule a probe
# file is added for one build and removed again.
set -euo pipefail
cd "$(dirname "$0")/.."
check=(--explicit-target-dependency-import-check error)
probe=Sources/ReportVault/JSON/UpwardImportProbe.swift
signingProbe=Sources/ReportVault/Signing/UpwardImportProbe.swift
trap 'rm -f "$probe" "$signingProbe"' EXIT
for target in VaultJSON VaultSigning ReportVault; do
  swift build --target "$target" "${check[@]}" >/dev/null
  echo "check-layers: $target builds alone"
done
# A lower target importing ReportVault must fail to compile: a probe file is added to it for
# one build and removed again.
refused() {
  local target=$1 probe=$2 out
  echo 'import ReportVault' > "$probe"
  if out=$(swift build --target "$target" "${check[@]}" 2>&1); then
    echo "check-layers: $target imported ReportVault and still built" >&2
    exit 1
  fi
  grep -q "Target $target imports another target (ReportVault)" <<<"$out" || { echo "$out" >&2; exit 1; }
  rm -f "$probe"
  echo "check-layers: an upward import ($target → ReportVault) is refused"
}
refused VaultJSON "$probe"
refused VaultSigning "$signingProbe"
