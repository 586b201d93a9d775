import ArgumentParser
import Foundation
import ReportVault

struct Commit: VaultSubcommand {
    static let name = "commit"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Commit.abstract"),
        discussion: tr("help.Commit.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Commit.files"), valueName: "file"))
    var files: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp(tr("help.Commit.message")))
    var message: String

    @OptionGroup var author: AuthorOption

    @Flag(help: ArgumentHelp(tr("help.Commit.strict")))
    var strict = false

    @Option(help: ArgumentHelp(tr("help.Commit.base"), valueName: "rev"))
    var base: Revision?

    @Flag(help: ArgumentHelp(tr("help.Commit.force")))
    var force = false

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError(tr("cli.commit.noFiles")) }
    }

    func run() throws {
        let read = try files.map { try FileInput.reportWithLines($0) }
        var reports = read.map(\.report)
        let schemas = try ReportSchemas.load()
        let checker = try ReportCheck(schemas: schemas)
        var warnings: [(String, [Finding], JSONLineMap)] = []
        for (file, (report, lines)) in zip(files, read) {
            let findings = try checker.admit(report, source: file, strict: strict, lines: lines)
            if !findings.isEmpty { warnings.append((file, findings, lines)) }
        }
        let opened = try vault.open()
        let signature = try author.signature(in: opened)
        // A file older than the branch's schema version is moved up, never the branch down.
        let brought = try opened.bringingUp(reports, files: files, schemas: schemas)
        reports = brought.reports
        // A file from 'vault checkout' knows the revision it was made from (one file at a time;
        // --force keeps the file's values as they are).
        let figureDiff = try FigureDiff(schemas: schemas)
        let recorded =
            files.count == 1 && !force ? opened.recordedBase(of: files[0], report: reports[0], diff: figureDiff) : nil
        let base = self.base?.text ?? recorded
        // --force keeps the file's values: every figure it sets is listed before it does.
        if force {
            for (file, report) in zip(files, reports) {
                let (tip, changes) = try opened.figuresOverwritten(by: report, diff: figureDiff)
                guard let tip, !changes.isEmpty else { continue }
                Output.note(
                    tr(
                        "cli.commit.forceList",
                        [
                            "file": .text(file), "count": .count(changes.count),
                            "report": .text(report.path.description), "commit": .text(tip.short),
                        ]))
                for change in changes {
                    Output.note(
                        "  \(change.label): \(change.old.map(brief) ?? tr("cli.absent")) → \(change.new.map(brief) ?? tr("cli.absent"))"
                    )
                }
            }
        }
        let outcome: Vault.CommitOutcome
        do {
            outcome = try opened.commit(
                reports, message: message, author: signature, base: base, merger: try ThreeWayMerge(schemas: schemas),
                diff: figureDiff, force: force, files: files)
        } catch {
            try reportRefusal(error, files: files)
        }
        switch outcome {
        case .committed(let id, let storedReports, let workTree):
            print(tr("cli.commit", ["id": "\(id)"]))
            for m in brought.moved {
                Output.note(
                    tr("cli.commit.broughtUp", ["file": .text(m.file), "from": .count(m.from), "to": .count(m.to)]))
            }
            // A committed file's next edit starts from this revision (recorded for every file
            // committed alone, checked out or not): it takes what was stored (the merged report,
            // when others' changes came in), so that none of them is undone by a later commit
            // of the same file.
            if files.count == 1 {
                let stored = try opened.show(reports[0].path, at: id.hex)
                if stored.report.value != read[0].report.value {
                    do { try Data(stored.bytes).write(to: URL(fileURLWithPath: files[0])) } catch {
                        throw VaultError.committedButNotWrittenBack(
                            file: files[0], commit: id.short, reason: error.localizedDescription)
                    }
                    Output.note(tr("cli.commit.mergedWrittenBack", ["file": "\(files[0])", "commit": "\(id.short)"]))
                }
                try opened.recordCheckout(of: files[0], report: reports[0].path, at: id)
            }
            for stored in storedReports {
                print("  \(stored.path.storedPath)  \(stored.digest)")
                guard !stored.fromTheirs.isEmpty, let base else { continue }
                let since = base.count == 40 ? String(base.prefix(7)) : base
                print(tr("cli.commit.merged", ["since": "\(since)", "count": .count(stored.fromTheirs.count)]))
                for change in stored.fromTheirs.prefix(20) {
                    if change.isText {
                        print(tr("cli.commit.mergedText", ["label": "\(change.label)"]))
                    } else {
                        print(
                            "      \(change.label): \(change.old.map(brief) ?? tr("cli.absent")) → \(change.new.map(brief) ?? tr("cli.absent"))"
                        )
                    }
                }
            }
            // A submission names the revision it froze: it stays; a new one needs a new tag.
            if let parent = try? opened.resolve("\(id.hex)~1"), let submitted = try? opened.tagsByCommit()[parent],
                !submitted.isEmpty
            {
                Output.note(
                    tr(
                        "cli.commit.submissionStays",
                        ["tags": "\(submitted.joined(separator: ", "))", "commit": "\(parent.short)"]))
            }
            WorkTreeNotes.print(workTree)
            for (file, findings, lines) in warnings {
                Output.note(
                    tr("cli.commit.warnings", ["summary": "\(FindingText.summary(file, findings))", "file": "\(file)"]))
                for finding in findings {
                    Output.note(
                        "  \(finding.rule)  \(finding.messageZH)"
                            + (finding.line(in: lines).map { tr("cli.check.line", ["line": .count($0)]) } ?? ""))
                }
            }
        case .unchanged(let tip):
            let names = reports.map(\.path.description).joined(separator: ", ")
            print(
                tip.map { tr("cli.commit.unchangedAt", ["reports": "\(names)", "commit": "\($0.short)"]) }
                    ?? tr("cli.commit.unchanged", ["reports": "\(names)"]))
            // A remembered file with no edits of its own since its base: others' changes since
            // are kept, and the clerk is told that the file still holds the older values.
            if files.count == 1, let recorded, let tip, let stored = try? opened.show(reports[0].path, at: tip.hex),
                stored.report.value != read[0].report.value
            {
                Output.note(
                    tr(
                        "cli.commit.noEditsSince",
                        [
                            "file": .text(files[0]), "base": .text(String(recorded.prefix(7))),
                            "commit": .text(tip.short), "report": .text(reports[0].path.description),
                        ]))
            }
        }
    }

    /// A merge conflict or a stale file lists its figures and what to do, and exits 4; any
    /// other error goes on.
    private func reportRefusal(_ error: VaultError, files: [String]) throws -> Never {
        switch error {
        case .failure(let conflict as MergeConflicts):
            Output.error(error.message.localized)
            for c in conflict.conflicts {
                Output.note(
                    tr(
                        "cli.commit.conflict",
                        [
                            "pointer": "\(c.pointer)", "base": "\(brief(c.base))", "theirs": "\(brief(c.theirs))",
                            "ours": "\(brief(c.ours))",
                        ]))
            }
            Output.note(tr("cli.commit.conflictNext", ["file": .text(files.count == 1 ? files[0] : "FILE")]))
        case .failure(let stale as StaleFile):
            Output.error(error.message.localized)
            for f in stale.figures {
                Output.note(
                    tr(
                        "cli.commit.stale",
                        [
                            "label": "\(f.label)", "current": "\(brief(f.current))", "ours": "\(brief(f.ours))",
                            "author": "\(f.commit.author.name)",
                            "commit": "\(f.commit.id.short)", "date": "\(f.commit.author.isoDate.prefix(10))",
                            "message": "\(f.commit.message.subject)",
                        ])
                )
            }
            let file = files.count == 1 ? files[0] : "FILE"
            Output.note(tr("cli.commit.staleMerge", ["file": "\(file)", "base": "\(stale.suggestedBase)"]))
            Output.note(tr("cli.commit.staleForce", ["file": "\(file)"]))
        default:
            throw error
        }
        throw ExitCode(VaultError.Category.conflict.rawValue)
    }
}

/// A value in one short line for conflict listings.
private func brief(_ v: JSONValue?) -> String {
    guard let v else { return tr("cli.absent") }
    let text = String(decoding: CanonicalJSON.rfc8785(v), as: UTF8.self)
    return text.count > 50 ? String(text.prefix(47)) + "…" : text
}
