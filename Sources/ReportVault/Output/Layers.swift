// The vault below: its reports, revisions and their figures are what this layer formats.
@_exported import ReportVault
