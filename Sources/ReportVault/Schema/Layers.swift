// The layer below: JSON values, pointers and numbers are part of this layer's API.
@_exported import VaultJSON
