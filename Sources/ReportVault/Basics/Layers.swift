// The layers below this library, seen by its clients as part of it (the fuzz build compiles
// their sources into one module with it, so there is nothing to import there).
#if !VAULT_FUZZ
    @_exported import VaultJSON
    @_exported import VaultSchema
    @_exported import VaultSigning
#endif
