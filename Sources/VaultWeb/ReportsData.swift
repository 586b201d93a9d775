import ReportVault

/// The reports page's rows: each report at the branch tip with its last revision, its number
/// of drafts, its submission and the check findings of its latest draft.
struct ReportsData {
    struct Row {
        var state: VaultStatus.ReportState
        var drafts: Int
        var errors: Int
        var warnings: Int
    }

    var branch: String
    var tip: CommitInfo?
    var rows: [Row]
    var search: String?
    var total: Int

    init(vault: Vault, checker: ReportCheck, search: String?) throws {
        let status = try vault.status()
        branch = status.branch.replacingOccurrences(of: "refs/heads/", with: "")
        tip = status.tip
        let search = search.flatMap {
            $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces)
        }
        self.search = search
        total = status.reports.count
        let shown = status.reports.filter { state in
            search.map {
                state.path.unitName.localizedCaseInsensitiveContains($0) || state.path.description.contains($0)
            } ?? true
        }
        // One walk of the branch counts every report's drafts.
        var drafts: [ReportPath: Int] = [:]
        if status.tip != nil {
            for entry in try vault.log() { for path in entry.reports { drafts[path, default: 0] += 1 } }
        }
        rows = try shown.map { state in
            let findings = try checker.findings(for: try vault.show(state.path).report.value)
            return Row(
                state: state, drafts: drafts[state.path] ?? 0, errors: findings.filter { $0.severity == .error }.count,
                warnings: findings.filter { $0.severity == .warning }.count)
        }
    }
}
