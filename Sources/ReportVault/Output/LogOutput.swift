/// `vault log --json` (schema/log-output.schema.json): the revisions, newest first.
public struct LogOutput: JSONOutput {
    /// One revision.
    public struct Revision: Sendable {
        public var commit: CommitInfo
        /// The reports it added, changed or removed.
        public var reports: [ReportPath]
        /// The submission tags on it.
        public var tags: [String]
        /// For each of `reports`: how many figures and how many values changed.
        public var stats: [Stat]
    }

    /// What one revision changed in one report.
    public struct Stat: Sendable {
        public var report: ReportPath
        public var figuresChanged: Int
        public var changes: Int
    }

    public var revisions: [Revision]

    public init(revisions: [Revision]) {
        self.revisions = revisions
    }

    /// From `Vault.logWithStats` and `Vault.tagsByCommit`.
    public init(_ rows: [(entry: Vault.LogEntry, changes: [ReportPath: [FigureChange]])], tags: [ObjectID: [String]]) {
        revisions = rows.map { row in
            Revision(
                commit: row.entry.commit, reports: row.entry.reports, tags: tags[row.entry.commit.id] ?? [],
                stats: row.entry.reports.map { report in
                    let changes = row.changes[report] ?? []
                    return Stat(
                        report: report, figuresChanged: changes.filter(\.isFigure).count, changes: changes.count)
                })
        }
    }

    public var json: JSONValue {
        .array(
            revisions.map { r in
                .object([
                    .init("commit", .string(r.commit.id.hex)),
                    .init(
                        "author",
                        .object([
                            .init("name", .string(r.commit.author.name)),
                            .init("email", .string(r.commit.author.email)),
                        ])),
                    .init("date", .string(r.commit.author.isoDate)),
                    .init("message", .string(r.commit.message)),
                    .init("reports", .array(r.reports.map { .string($0.description) })),
                    .init("tags", .array(r.tags.map(JSONValue.string))),
                    .init(
                        "stats",
                        .array(
                            r.stats.map { s in
                                .object([
                                    .init("report", .string(s.report.description)),
                                    .init("figuresChanged", .count(s.figuresChanged)),
                                    .init("changes", .count(s.changes)),
                                ])
                            })),
                ])
            })
    }
}

extension JSONValue {
    /// `Name <email>`, as git shows an author on one line.
    static func person(_ signature: GitSignature) -> JSONValue { .string("\(signature.name) <\(signature.email)>") }
}
