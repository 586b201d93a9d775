// The layers below the vault, seen by its clients as part of it.
@_exported import VaultDiff
@_exported import VaultGit
@_exported import VaultImport
@_exported import VaultModel
@_exported import VaultSigning
