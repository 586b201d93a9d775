// The layer below: JSON values, pointers and numbers are part of this layer's API (the fuzz
// build compiles these sources into one module with VaultJSON's, so there is nothing to import).
#if !VAULT_FUZZ
    @_exported import VaultJSON
#endif
