// The layers below the vault, seen by its clients as part of it.
@_exported import VaultModel
@_exported import VaultSigning
@_exported import VaultDiff
