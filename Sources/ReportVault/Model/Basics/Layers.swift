// The layers below the report model, seen by its clients as part of it.
@_exported import VaultJSON
@_exported import VaultSchema
