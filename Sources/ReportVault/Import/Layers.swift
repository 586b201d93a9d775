// The layer below: reports, figures and their schemas are part of this layer's API.
@_exported import VaultModel
