// The vault below: what a pull integrates and a push sends are its revisions and ledger.
@_exported import ReportVault
