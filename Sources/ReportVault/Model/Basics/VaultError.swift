/// A failure a user can act on: one case per problem, with the file, report, revision,
/// pointer or git code it concerns. The command line prints its ``message`` after `error: `
/// in the user's language (`Resources/messages.json`); ``description`` is the English line.
public indirect enum VaultError: VaultFailure, CustomStringConvertible {
    // MARK: Files the user names
    case stdinTooLarge(limitMB: Int)
    case noSuchFile(file: String)
    case isDirectory(file: String)
    case fileTooLarge(file: String, sizeMB: Int, limitMB: Int)
    case unreadable(file: String)
    case cannotWrite(file: String, reason: String)
    case outputExists(file: String)
    /// A file named by an option other than -o (`--xlsx`) exists and --force was not given.
    case outputOptionExists(file: String, option: String)
    case wordDocumentNotJSON(file: String)
    case textNotJSON(file: String)
    case invalidJSON(file: String, JSONParseError)
    /// A report file holding git's conflict markers (a plain `git pull` or `git merge`).
    case conflictMarkers(file: String, line: Int)
    case invalidJSONLine(file: String, line: Int, JSONParseError)
    case jsonLineMissing(file: String, line: Int, member: String)
    case inJSONLine(file: String, line: Int, VaultError)
    /// A problem of the report in `file` (or `<stdin>`, or `REV:reports/…`).
    case inFile(file: String, VaultError)

    // MARK: What a report must be
    case notAnObject(found: Message)
    case fiscalYearMissing
    case fiscalYearNotInteger(found: Message)
    case fiscalYearOutOfRange(year: Int, lowest: Int, highest: Int)
    case unitMissing
    case unitNameMissing
    case unitNameNotString(found: Message)
    /// A problem at a place in a report.
    case atPointer(pointer: String, VaultError)
    case unitNameEmpty
    case unitNameTooLong(length: Int, limit: Int)
    case unitNameHasSlash(name: String)
    case unitNameHasDotDot(name: String)
    case unitNameStartsWithDot(name: String)
    case unitNameControlCharacter(code: String)
    case unitNameSpaceAtEnd(name: String)
    /// A report `commit` refuses; `line` is where the first problem is written in the file.
    case schemaRefused(file: String, line: Int?, first: Message, more: Int)
    case strictRefused(file: String, line: Int?, rule: String, first: Message, more: Int)

    // MARK: Importing
    case importEmpty(file: String)
    /// A document with more table cells than any report.
    case importTooManyCells(count: Int, limit: Int)
    case zipNotWord(file: String)
    case damagedWord(file: String, reason: String)
    /// An .xlsx whose parts cannot be read.
    case damagedWorkbook(file: String, reason: String)
    case oldWordFormat(file: String)
    case pdf(file: String)
    /// A program vault converts a document with (pdftotext, LibreOffice) failed on it.
    case conversionFailed(file: String, tool: String, reason: String)
    case rtf(file: String)
    case unknownEncoding(file: String)
    case binary(file: String)
    case jsonGivenToImport(file: String)

    // MARK: The library's own files
    case resourceMissing(what: String, file: String)
    case schemaInvalid(file: String, SchemaError)
    case addressesNotInSchema(count: Int, addresses: [String])
    case vocabularyAddressesNotInSchema(file: String, addresses: [String])
    case vocabularyMalformed(file: String, needs: String)

    // MARK: Schema versions
    case schemaVersionTooNew(version: Int, newest: Int)
    case schemaVersionUnknown(version: String, newest: Int)
    case migrationPlaceUnknown(place: String, version: Int)
    case migrationStepMalformed(problem: String)
    case migrationNoVersion(report: String)
    case migrationBackwards(report: String, from: Int, to: Int)
    case migrationMissingValue(report: String, place: String, version: Int)
    case migrationInvalid(report: String, version: Int, problem: String)
    case nothingToMigrate(version: Int)

    // MARK: Vaults
    case alreadyRepository(path: String)
    case cannotCreate(path: String, reason: String)
    case noSuchFolder(path: String)
    /// The commit is on the branch; something after it failed (fsync, the reflog).
    case committedBut(commit: String, detail: String)
    /// A push that met another office's push to the same reference at the same moment.
    case pushRaced(url: String, reference: String)
    /// A fetch brought a tree with an entry no checkout may write; nothing was moved.
    case unsafeTreeArrived(url: String, commit: String, path: String, rule: Message)
    /// `vault -C PATH` of a folder that is not there, with vaults beside it of a similar name.
    case noSuchVaultFolder(path: String, similar: [String])
    /// A word that names neither a revision nor a report (`vault tag NAME WORD`).
    case neitherRevisionNorReport(argument: String, suggestions: [String])
    case notAVault(path: String)
    /// The vault belongs to another user, and git's `safe.directory` does not name it.
    case vaultOwnedByAnother(path: String, owner: String)
    case noVaultFound
    case gitButNotVault(path: String)
    case noFileNoVault(argument: String)

    // MARK: Names of reports, figures, revisions
    case reportArgumentMalformed(argument: String)
    case inReportArgument(argument: String, VaultError)
    case reportAmbiguous(argument: String, count: Int, candidates: [String])
    case noSuchReport(argument: String, revision: String, suggestions: [String])
    case figureAmbiguous(name: String, count: Int, candidates: [String])
    case noSuchFigureNamed(name: String)
    case figurePointerMalformed(pointer: String)
    case noSuchFigure(pointer: String, report: String, revision: String)
    case noCommitsYet
    case unknownRevision(revision: String)
    /// A revision from outside (the web view) that is not one of ``RevisionSyntax``'s forms.
    case revisionNotAccepted(revision: String)
    case ambiguousRevision(revision: String)
    case symmetricRange(range: String)
    case reportNotAt(report: String, revision: String, commit: String)
    /// The report was deleted from the branch (in `deletion`, by `author`); it was last stored in `last`.
    case reportDeleted(report: String, deletion: String, author: String, last: String)
    case reportInNeither(report: String, from: String, to: String)
    case noRevisions(report: String)
    /// `vault sql`: the cache file could not be built or read; the statement is not valid SQL,
    /// is more than one statement, or would write.
    case sqlCacheFailed(file: String, problem: String)
    case sqlInvalid(problem: String)
    case sqlOneStatement
    case sqlWrites(statement: String)
    /// `vault export --postgres`: no libpq, a schema name PostgreSQL would need quoted, a server
    /// that cannot be reached or refuses to log in, a statement the server refused.
    case postgresClientMissing
    case postgresSchemaInvalid(schema: String)
    case postgresUnreachable(url: String, problem: String)
    case postgresFailed(url: String, problem: String)
    case postgresOtherVault(url: String, schema: String, theirs: String, ours: String)
    /// `vault overview` of a revision that holds no report, or of a year it holds none of.
    case overviewNoReports(revision: String)
    case overviewNoYear(year: Int, years: String)
    case storedBlobInvalid(blob: String, JSONParseError)

    // MARK: Committing and changing
    case noReportToCommit
    case emptyCommitMessage
    case sameReportTwice(first: Int, second: Int, report: String)
    case editedByHand(path: String)
    case nothingChanged
    case alreadyNamed(report: String)
    case reportGone(report: String)
    case reportExists(report: String)
    case firstRevision(revision: String)
    case nothingToRevert(revision: String, report: String?)
    case addedAndChangedSince(report: String, revision: String)
    case branchMovedWhileLoading(commits: Int, branch: String)
    case committedButNotWrittenBack(file: String, commit: String, reason: String)
    case cannotRecordCheckout(file: String, reason: String)
    /// A failure of a layer above this one, carried through: a figure merge's conflicts, a
    /// stale file. Its own type says what it is and how it reads.
    case failure(any VaultFailure)

    // MARK: Pulling another office's history
    case pullInProgress(from: String)
    case noPullInProgress
    case pullConflicts(from: String, count: Int)
    case unresolvedConflicts(count: Int)
    case noRemoteBranch(remote: String, ref: String)
    case noConflictIn(report: String)
    case noSuchConflict(report: String, figure: String)
    case pullEditedByHand(path: String)
    /// `pull --continue`: hand edits made meanwhile meet the pull's changes, or are not a report.
    case handEditsMeetPull(report: String, figures: Message, way: Message)
    case mergedReportInvalid(report: String, pointer: String, problem: Message)
    case branchMovedDuringPull(branch: String, commit: String)
    case pullStateUnreadable(ref: String, commit: String)

    // MARK: Authors
    case authorMalformed(text: String)
    case authorNameEmpty(text: String)
    case authorEmailMalformed(text: String)
    case authorControlCharacter(text: String, code: String)
    case authorNameWithoutEmail
    case authorEmailWithoutName
    case noAuthor

    // MARK: Submissions
    case invalidTagName(name: String)
    case tagExists(name: String)
    case tagMessageLooksSigned(line: String)
    case tagNameCollides(name: String, other: String)
    case repairNeedsLedger(command: String)
    case tagWasWithdrawn(name: String)
    case emptyTagMessage
    case withdrawWithoutMessage
    case notInLedger(name: String)
    case alreadyWithdrawn(name: String)
    case tagMissing(name: String)
    /// `vault tag` with no reports named, when none changed since the submission covering it.
    case nothingNewToSubmit(name: String)
    /// `vault fix-history`: a merge among the unsent commits.
    case fixHistoryMerge(commit: String)
    /// `vault fix-history`: a report it cannot put in stored form (not JSON, not a report, wrong path).
    case fixHistoryCannot(place: String, problem: Message)
    /// `vault push`: unsent commits store reports not as vault stores them.
    case unsentNotStored(count: Int, first: Message)
    /// `vault tag --rename` of a tag a remote's ledger already holds.
    case tagAlreadySent(name: String)
    /// `vault tag --rename` of a signed tag (the signature covers its name).
    case signedTagNotRenamed(name: String)
    /// `vault tag --rename` when the ledger was merged with another office's since the tag.
    case ledgerMergedSince(name: String)
    case tagNotAsRecorded(name: String, recorded: String)
    case ledgerEntryUnreadable(commit: String)
    /// `vault submission NAME` for a tag that does not exist (or is lightweight).
    case noSuchSubmission(name: String)

    // MARK: Signing submissions
    case signingKeyMissing(file: String)
    case signingKeyIsPublic(file: String)
    case signingKeyNotOpenSSH(file: String)
    case signingKeyEncrypted(file: String)
    case signingKeyType(file: String, type: String)
    case signingKeyDamaged(file: String)
    case signingFailed(detail: String)
    case signersFileMissing(file: String)
    case signersFileMalformed(file: String, line: Int)
    case signersFileEmpty(file: String)
    case unknownConfigKey(key: String)

    // MARK: Remotes (the URL is always shown without credentials)
    case noSuchRemote(name: String)
    case remoteExists(name: String)
    case invalidRemoteName(name: String)
    case cloneTargetNotEmpty(path: String)
    case remoteUnreachable(url: String, detail: String)
    case remoteNotFound(url: String)
    case remoteCredentialsRefused(url: String)
    case remoteSSHKeyMissing(url: String)
    case remoteSSHKeyRefused(url: String)
    case remoteRSAKeyRefused(url: String)
    case remoteHostUnknown(url: String, host: String)
    case remoteCertificateInvalid(url: String, host: String)
    case remoteTimedOut(url: String, seconds: Int)
    case remoteFailed(url: String, detail: String)
    /// The server's branch has `count` revisions this vault lacks: pull first.
    case remoteAhead(url: String, count: Int)
    /// A tag of the same name names another commit on the server.
    case remoteTagConflict(url: String, name: String, theirs: String, ours: String)
    /// The server's ledger has entries this vault lacks (tags made on another clone).
    case remoteLedgerDiverged(url: String)
    /// The server refused `reference` (`reason` from git, `server` what its hook printed).
    case pushRefused(url: String, reference: String, reason: String, server: [String])
    /// The access list the server holds forbids `user` the branch `vault push` would send:
    /// `count` reasons, all in `reasons` (nothing was sent).
    case pushForbidden(url: String, user: String, count: Int, reasons: Message)
    /// The server's access list and this vault's both changed since they were alike.
    case remoteAccessDiverged(url: String)

    // MARK: access
    /// `access.json` (or an access list pushed) is not what vault writes.
    case accessFileInvalid(problem: Message)
    /// A user name no server authenticates (`vault access grant`).
    case accessUserNameInvalid(name: String)
    /// `vault access revoke`/`check` of a user the list does not name.
    case accessNoSuchUser(name: String)
    /// `vault access revoke USER --clerk UNIT` of a unit the user is not clerk of.
    case accessNotClerkOf(name: String, unit: String)
    /// `vault access revoke` of the list's last administrator.
    case accessLastAdmin(name: String)

    // MARK: Reviews
    /// `vault review` of a note, reply or return without words (`kind` as stored: note, reply, return).
    case reviewNeedsText(kind: String)
    /// `vault review --reply` where no note (or return) waits for one.
    case nothingToReplyTo(report: String, figure: String?)
    /// The server's access list does not let `user` write a `kind` entry (`roles`: theirs).
    case reviewNotAllowed(user: String, kind: String, roles: Message)
    /// `vault tag` of a report returned for correction and not changed since, without --force.
    case tagReturnedReport(report: String, by: String, date: String, text: String)
    /// The server's review chain and this vault's both have entries the other lacks.
    case remoteReviewsDiverged(url: String)

    // MARK: git
    case locked(doing: String, gitDirectory: String, detail: String)
    case branchKeptMoving(doing: String)
    case cannotWriteVault(doing: String, path: String, detail: String)
    /// Any other libgit2 failure: what the vault was doing, the libgit2 call, its code and message.
    case git(doing: String, operation: String, code: Int32, detail: String)

    /// The English line (for logs and tests); the command line prints ``message`` localised.
    public var description: String { message.text(.en) }

    /// The line in either language.
    public var message: Message {
        func m(_ key: String, _ values: [String: Message.Value] = [:]) -> Message { Message("error." + key, values) }
        func list(
            _ items: [String], _ shown: Int, _ separator: String = ", ", ellipsis: String = ", …"
        ) -> Message.Value {
            .text(items.prefix(shown).joined(separator: separator) + (items.count > shown ? ellipsis : ""))
        }
        switch self {
        case .stdinTooLarge(let limit): return m("stdinTooLarge", ["limit": .count(limit)])
        case .noSuchFile(let file): return m("noSuchFile", ["file": .text(file)])
        case .isDirectory(let file): return m("isDirectory", ["file": .text(file)])
        case .fileTooLarge(let file, let size, let limit):
            return m("fileTooLarge", ["file": .text(file), "size": .count(size), "limit": .count(limit)])
        case .unreadable(let file): return m("unreadable", ["file": .text(file)])
        case .cannotWrite(let file, let reason):
            return m("cannotWrite", ["file": .text(file), "reason": .text(reason)])
        case .outputExists(let file): return m("outputExists", ["file": .text(file)])
        case .outputOptionExists(let file, let option):
            return m("outputOptionExists", ["file": .text(file), "option": .text(option)])
        case .wordDocumentNotJSON(let file): return m("wordDocumentNotJSON", ["file": .text(file)])
        case .textNotJSON(let file): return m("textNotJSON", ["file": .text(file)])
        case .conflictMarkers(let file, let line):
            return m("conflictMarkers", ["file": .text(file), "line": .count(line)])
        case .invalidJSON(let file, let e):
            return m(
                "invalidJSON",
                [
                    "file": .text(file), "line": .count(e.line), "column": .count(e.column),
                    "problem": .message(e.problem),
                ])
        case .invalidJSONLine(let file, let line, let e):
            return m(
                "invalidJSONLine",
                ["file": .text(file), "line": .count(line), "column": .count(e.column), "problem": .message(e.problem)])
        case .jsonLineMissing(let file, let line, let member):
            return m("jsonLineMissing", ["file": .text(file), "line": .count(line), "member": .text(member)])
        case .inJSONLine(let file, let line, let e):
            return m("inJSONLine", ["file": .text(file), "line": .count(line), "problem": .message(e.message)])
        case .inFile(let file, let e): return m("inFile", ["file": .text(file), "problem": .message(e.message)])

        case .notAnObject(let found): return m("notAnObject", ["found": .message(found)])
        case .fiscalYearMissing: return m("fiscalYearMissing")
        case .fiscalYearNotInteger(let found): return m("fiscalYearNotInteger", ["found": .message(found)])
        case .fiscalYearOutOfRange(let year, let lowest, let highest):
            return m(
                "fiscalYearOutOfRange",
                ["year": .text(String(year)), "lowest": .text(String(lowest)), "highest": .text(String(highest))])
        case .unitMissing: return m("unitMissing")
        case .unitNameMissing: return m("unitNameMissing")
        case .unitNameNotString(let found): return m("unitNameNotString", ["found": .message(found)])
        case .atPointer(let pointer, let e):
            return m("atPointer", ["pointer": .text(pointer), "problem": .message(e.message)])
        case .unitNameEmpty: return m("unitNameEmpty")
        case .unitNameTooLong(let length, let limit):
            return m("unitNameTooLong", ["length": .count(length), "limit": .count(limit)])
        case .unitNameHasSlash(let name): return m("unitNameHasSlash", ["name": .text(name)])
        case .unitNameHasDotDot(let name): return m("unitNameHasDotDot", ["name": .text(name)])
        case .unitNameStartsWithDot(let name): return m("unitNameStartsWithDot", ["name": .text(name)])
        case .unitNameControlCharacter(let code): return m("unitNameControlCharacter", ["code": .text(code)])
        case .unitNameSpaceAtEnd(let name): return m("unitNameSpaceAtEnd", ["name": .text(name)])
        case .schemaRefused(let file, let line, let first, let more):
            let place = line.map { "\(file):\($0)" } ?? file
            return m(
                more > 0 ? "schemaRefusedMore" : "schemaRefused",
                ["file": .text(file), "place": .text(place), "first": .message(first), "more": .count(more)])
        case .strictRefused(let file, let line, let rule, let first, let more):
            let place = line.map { "\(file):\($0)" } ?? file
            return m(
                more > 0 ? "strictRefusedMore" : "strictRefused",
                [
                    "file": .text(file), "place": .text(place), "rule": .text(rule), "first": .message(first),
                    "more": .count(more),
                ])

        case .importEmpty(let file): return m("importEmpty", ["file": .text(file)])
        case .zipNotWord(let file): return m("zipNotWord", ["file": .text(file)])
        case .damagedWord(let file, let reason):
            return m("damagedWord", ["file": .text(file), "reason": .text(reason)])
        case .damagedWorkbook(let file, let reason):
            return m("damagedWorkbook", ["file": .text(file), "reason": .text(reason)])
        case .oldWordFormat(let file): return m("oldWordFormat", ["file": .text(file)])
        case .pdf(let file): return m("pdf", ["file": .text(file)])
        case .conversionFailed(let file, let tool, let reason):
            return m("conversionFailed", ["file": .text(file), "tool": .text(tool), "reason": .text(reason)])
        case .rtf(let file): return m("rtf", ["file": .text(file)])
        case .unknownEncoding(let file): return m("unknownEncoding", ["file": .text(file)])
        case .binary(let file): return m("binary", ["file": .text(file)])
        case .jsonGivenToImport(let file): return m("jsonGivenToImport", ["file": .text(file)])

        case .resourceMissing(let what, let file):
            return m("resourceMissing", ["what": .message(Message("resource." + what)), "file": .text(file)])
        case .schemaInvalid(let file, let e):
            return m("schemaInvalid", ["file": .text(file), "problem": .text(e.description)])
        case .addressesNotInSchema(let count, let addresses):
            return m(
                "addressesNotInSchema", ["count": .count(count), "addresses": .text(addresses.joined(separator: "; "))])
        case .vocabularyAddressesNotInSchema(let file, let addresses):
            return m(
                "vocabularyAddressesNotInSchema",
                [
                    "file": .text(file), "count": .count(addresses.count),
                    "addresses": .text(addresses.joined(separator: ", ")),
                ])
        case .vocabularyMalformed(let file, let needs):
            return m("vocabularyMalformed", ["file": .text(file), "needs": .text(needs)])

        case .schemaVersionTooNew(let version, let newest):
            return m(
                newest == 1 ? "schemaVersionTooNewOne" : "schemaVersionTooNew",
                ["version": .count(version), "newest": .count(newest)])
        case .schemaVersionUnknown(let version, let newest):
            return m(
                newest == 1 ? "schemaVersionUnknownOne" : "schemaVersionUnknown",
                ["version": .text(version), "newest": .count(newest)])
        case .migrationPlaceUnknown(let place, let version):
            return m("migrationPlaceUnknown", ["place": .text(place), "version": .count(version)])
        case .migrationStepMalformed(let problem): return m("migrationStepMalformed", ["problem": .text(problem)])
        case .migrationNoVersion(let report): return m("migrationNoVersion", ["report": .text(report)])
        case .migrationBackwards(let report, let from, let to):
            return m("migrationBackwards", ["report": .text(report), "from": .count(from), "to": .count(to)])
        case .migrationMissingValue(let report, let place, let version):
            return m(
                "migrationMissingValue", ["report": .text(report), "place": .text(place), "version": .count(version)])
        case .migrationInvalid(let report, let version, let problem):
            return m(
                "migrationInvalid", ["report": .text(report), "version": .count(version), "problem": .text(problem)])
        case .nothingToMigrate(let version): return m("nothingToMigrate", ["version": .count(version)])

        case .alreadyRepository(let path): return m("alreadyRepository", ["path": .text(path)])
        case .cannotCreate(let path, let reason):
            return m("cannotCreate", ["path": .text(path), "reason": .text(reason)])
        case .noSuchFolder(let path): return m("noSuchFolder", ["path": .text(path)])
        case .importTooManyCells(let count, let limit):
            return m("importTooManyCells", ["count": .count(count), "limit": .count(limit)])
        case .committedBut(let commit, let detail):
            return m("committedBut", ["commit": .text(commit), "detail": .text(detail)])
        case .pushRaced(let url, let reference):
            return m("pushRaced", ["url": .text(url), "reference": .text(reference)])
        case .unsafeTreeArrived(let url, let commit, let path, let rule):
            return m(
                "unsafeTreeArrived",
                ["url": .text(url), "commit": .text(commit), "path": .text(path), "rule": .message(rule)])
        case .noSuchVaultFolder(let path, let similar):
            return m(
                similar.isEmpty ? "noSuchVaultFolder" : "noSuchVaultFolderSimilar",
                ["path": .text(path), "similar": list(similar, 5, " / ")])
        case .neitherRevisionNorReport(let argument, let suggestions):
            return m(
                suggestions.isEmpty ? "neitherRevisionNorReport" : "neitherRevisionNorReportSimilar",
                ["argument": .text(argument), "suggestions": list(suggestions, 5)])
        case .notAVault(let path): return m("notAVault", ["path": .text(path)])
        case .vaultOwnedByAnother(let path, let owner):
            return m("vaultOwnedByAnother", ["path": .text(path), "owner": .text(owner)])
        case .noVaultFound: return m("noVaultFound")
        case .gitButNotVault(let path): return m("gitButNotVault", ["path": .text(path)])
        case .noFileNoVault(let argument): return m("noFileNoVault", ["argument": .text(argument)])

        case .reportArgumentMalformed(let argument): return m("reportArgumentMalformed", ["argument": .text(argument)])
        case .inReportArgument(let argument, let e):
            return m("inReportArgument", ["argument": .text(argument), "problem": .message(e.message)])
        case .reportAmbiguous(let argument, let count, let candidates):
            return m(
                "reportAmbiguous",
                ["argument": .text(argument), "count": .count(count), "candidates": list(candidates, 5)])
        case .noSuchReport(let argument, let revision, let suggestions):
            return m(
                suggestions.isEmpty ? "noSuchReportNoReports" : "noSuchReport",
                [
                    "argument": .text(argument), "revision": .text(revision),
                    "suggestions": .text(suggestions.joined(separator: ", ")),
                ])
        case .figureAmbiguous(let name, let count, let candidates):
            return m(
                "figureAmbiguous",
                ["name": .text(name), "count": .count(count), "candidates": list(candidates, 6, "; ", ellipsis: "; …")])
        case .noSuchFigureNamed(let name): return m("noSuchFigureNamed", ["name": .text(name)])
        case .figurePointerMalformed(let pointer): return m("figurePointerMalformed", ["pointer": .text(pointer)])
        case .noSuchFigure(let pointer, let report, let revision):
            return m("noSuchFigure", ["pointer": .text(pointer), "report": .text(report), "revision": .text(revision)])
        case .noCommitsYet: return m("noCommitsYet")
        case .overviewNoReports(let revision): return m("overviewNoReports", ["revision": .text(revision)])
        case .sqlCacheFailed(let file, let problem):
            return m("sqlCacheFailed", ["file": .text(file), "problem": .text(problem)])
        case .sqlInvalid(let problem): return m("sqlInvalid", ["problem": .text(problem)])
        case .sqlOneStatement: return m("sqlOneStatement")
        case .sqlWrites(let statement): return m("sqlWrites", ["statement": .text(statement)])
        case .postgresClientMissing: return m("postgresClientMissing")
        case .postgresSchemaInvalid(let schema): return m("postgresSchemaInvalid", ["schema": .text(schema)])
        case .postgresUnreachable(let url, let problem):
            return m("postgresUnreachable", ["url": .text(url), "problem": .text(problem)])
        case .postgresFailed(let url, let problem):
            return m("postgresFailed", ["url": .text(url), "problem": .text(problem)])
        case .postgresOtherVault(let url, let schema, let theirs, let ours):
            return m(
                "postgresOtherVault",
                ["url": .text(url), "schema": .text(schema), "theirs": .text(theirs), "ours": .text(ours)])
        case .overviewNoYear(let year, let years):
            return m("overviewNoYear", ["year": .text(String(year)), "years": .text(years)])
        case .unknownRevision(let revision): return m("unknownRevision", ["revision": .text(revision)])
        case .revisionNotAccepted(let revision): return m("revisionNotAccepted", ["revision": .text(revision)])
        case .ambiguousRevision(let revision): return m("ambiguousRevision", ["revision": .text(revision)])
        case .symmetricRange(let range): return m("symmetricRange", ["range": .text(range)])
        case .reportNotAt(let report, let revision, let commit):
            return m("reportNotAt", ["report": .text(report), "revision": .text(revision), "commit": .text(commit)])
        case .reportDeleted(let report, let deletion, let author, let last):
            return m(
                "reportDeleted",
                ["report": .text(report), "deletion": .text(deletion), "author": .text(author), "last": .text(last)])
        case .reportInNeither(let report, let from, let to):
            return m("reportInNeither", ["report": .text(report), "from": .text(from), "to": .text(to)])
        case .noRevisions(let report): return m("noRevisions", ["report": .text(report)])
        case .storedBlobInvalid(let blob, let e):
            return m(
                "storedBlobInvalid",
                [
                    "blob": .text(blob), "line": .count(e.line), "column": .count(e.column),
                    "problem": .message(e.problem),
                ])

        case .noReportToCommit: return m("noReportToCommit")
        case .emptyCommitMessage: return m("emptyCommitMessage")
        case .sameReportTwice(let first, let second, let report):
            return m("sameReportTwice", ["first": .count(first), "second": .count(second), "report": .text(report)])
        case .editedByHand(let path): return m("editedByHand", ["path": .text(path)])
        case .nothingChanged: return m("nothingChanged")
        case .alreadyNamed(let report): return m("alreadyNamed", ["report": .text(report)])
        case .reportGone(let report): return m("reportGone", ["report": .text(report)])
        case .reportExists(let report): return m("reportExists", ["report": .text(report)])
        case .firstRevision(let revision): return m("firstRevision", ["revision": .text(revision)])
        case .nothingToRevert(let revision, let report):
            return report.map { m("nothingToRevertIn", ["revision": .text(revision), "report": .text($0)]) }
                ?? m("nothingToRevert", ["revision": .text(revision)])
        case .addedAndChangedSince(let report, let revision):
            return m("addedAndChangedSince", ["report": .text(report), "revision": .text(revision)])
        case .branchMovedWhileLoading(let commits, let branch):
            return m("branchMovedWhileLoading", ["commits": .count(commits), "branch": .text(branch)])
        case .committedButNotWrittenBack(let file, let commit, let reason):
            return m(
                "committedButNotWrittenBack", ["file": .text(file), "commit": .text(commit), "reason": .text(reason)])
        case .cannotRecordCheckout(let file, let reason):
            return m("cannotRecordCheckout", ["file": .text(file), "reason": .text(reason)])
        case .failure(let failure): return failure.message

        case .pullInProgress(let from): return m("pullInProgress", ["from": .text(from)])
        case .noPullInProgress: return m("noPullInProgress")
        case .pullConflicts(let from, let count):
            return m("pullConflicts", ["from": .text(from), "count": .count(count)])
        case .unresolvedConflicts(let count): return m("unresolvedConflicts", ["count": .count(count)])
        case .noRemoteBranch(let remote, let ref):
            return m("noRemoteBranch", ["remote": .text(remote), "ref": .text(ref)])
        case .noConflictIn(let report): return m("noConflictIn", ["report": .text(report)])
        case .noSuchConflict(let report, let figure):
            return m("noSuchConflict", ["report": .text(report), "figure": .text(figure)])
        case .pullEditedByHand(let path): return m("pullEditedByHand", ["path": .text(path)])
        case .handEditsMeetPull(let report, let figures, let way):
            return m(
                "handEditsMeetPull", ["report": .text(report), "figures": .message(figures), "way": .message(way)])
        case .mergedReportInvalid(let report, let pointer, let problem):
            return m(
                "mergedReportInvalid",
                ["report": .text(report), "pointer": .text(pointer), "problem": .message(problem)])
        case .branchMovedDuringPull(let branch, let commit):
            return m("branchMovedDuringPull", ["branch": .text(branch), "commit": .text(commit)])
        case .pullStateUnreadable(let ref, let commit):
            return m("pullStateUnreadable", ["ref": .text(ref), "commit": .text(commit)])

        case .authorMalformed(let text): return m("authorMalformed", ["text": .text(text)])
        case .authorNameEmpty(let text): return m("authorNameEmpty", ["text": .text(text)])
        case .authorEmailMalformed(let text): return m("authorEmailMalformed", ["text": .text(text)])
        case .authorControlCharacter(let text, let code):
            return m("authorControlCharacter", ["text": .text(text), "code": .text(code)])
        case .authorNameWithoutEmail: return m("authorNameWithoutEmail")
        case .authorEmailWithoutName: return m("authorEmailWithoutName")
        case .noAuthor: return m("noAuthor")

        case .invalidTagName(let name): return m("invalidTagName", ["name": .text(name)])
        case .tagExists(let name): return m("tagExists", ["name": .text(name)])
        case .tagMessageLooksSigned(let line): return m("tagMessageLooksSigned", ["line": .text(line)])
        case .tagNameCollides(let name, let other):
            return m("tagNameCollides", ["name": .text(name), "other": .text(other)])
        case .repairNeedsLedger(let command): return m("repairNeedsLedger", ["command": .text(command)])
        case .tagWasWithdrawn(let name): return m("tagWasWithdrawn", ["name": .text(name)])
        case .emptyTagMessage: return m("emptyTagMessage")
        case .withdrawWithoutMessage: return m("withdrawWithoutMessage")
        case .notInLedger(let name): return m("notInLedger", ["name": .text(name)])
        case .alreadyWithdrawn(let name): return m("alreadyWithdrawn", ["name": .text(name)])
        case .tagMissing(let name): return m("tagMissing", ["name": .text(name)])
        case .nothingNewToSubmit(let name): return m("nothingNewToSubmit", ["name": .text(name)])
        case .fixHistoryMerge(let commit): return m("fixHistoryMerge", ["commit": .text(commit)])
        case .fixHistoryCannot(let place, let problem):
            return m("fixHistoryCannot", ["place": .text(place), "problem": .message(problem)])
        case .unsentNotStored(let count, let first):
            return m("unsentNotStored", ["count": .count(count), "first": .message(first)])
        case .tagAlreadySent(let name): return m("tagAlreadySent", ["name": .text(name)])
        case .signedTagNotRenamed(let name): return m("signedTagNotRenamed", ["name": .text(name)])
        case .ledgerMergedSince(let name): return m("ledgerMergedSince", ["name": .text(name)])
        case .tagNotAsRecorded(let name, let recorded):
            return m("tagNotAsRecorded", ["name": .text(name), "recorded": .text(recorded)])
        case .ledgerEntryUnreadable(let commit): return m("ledgerEntryUnreadable", ["commit": .text(commit)])
        case .noSuchSubmission(let name): return m("noSuchSubmission", ["name": .text(name)])

        case .signingKeyMissing(let file): return m("signingKeyMissing", ["file": .text(file)])
        case .signingKeyIsPublic(let file): return m("signingKeyIsPublic", ["file": .text(file)])
        case .signingKeyNotOpenSSH(let file): return m("signingKeyNotOpenSSH", ["file": .text(file)])
        case .signingKeyEncrypted(let file): return m("signingKeyEncrypted", ["file": .text(file)])
        case .signingKeyType(let file, let type):
            return m("signingKeyType", ["file": .text(file), "type": .text(type)])
        case .signingKeyDamaged(let file): return m("signingKeyDamaged", ["file": .text(file)])
        case .signingFailed(let detail): return m("signingFailed", ["detail": .text(detail)])
        case .signersFileMissing(let file): return m("signersFileMissing", ["file": .text(file)])
        case .signersFileMalformed(let file, let line):
            return m("signersFileMalformed", ["file": .text(file), "line": .count(line)])
        case .signersFileEmpty(let file): return m("signersFileEmpty", ["file": .text(file)])
        case .unknownConfigKey(let key): return m("unknownConfigKey", ["key": .text(key)])

        case .noSuchRemote(let name): return m("noSuchRemote", ["name": .text(name)])
        case .remoteExists(let name): return m("remoteExists", ["name": .text(name)])
        case .invalidRemoteName(let name): return m("invalidRemoteName", ["name": .text(name)])
        case .cloneTargetNotEmpty(let path): return m("cloneTargetNotEmpty", ["path": .text(path)])
        case .remoteUnreachable(let url, let detail):
            return m("remoteUnreachable", ["url": .text(url), "detail": .text(detail)])
        case .remoteNotFound(let url): return m("remoteNotFound", ["url": .text(url)])
        case .remoteCredentialsRefused(let url): return m("remoteCredentialsRefused", ["url": .text(url)])
        case .remoteSSHKeyMissing(let url): return m("remoteSSHKeyMissing", ["url": .text(url)])
        case .remoteSSHKeyRefused(let url): return m("remoteSSHKeyRefused", ["url": .text(url)])
        case .remoteRSAKeyRefused(let url): return m("remoteRSAKeyRefused", ["url": .text(url)])
        case .remoteHostUnknown(let url, let host):
            return m("remoteHostUnknown", ["url": .text(url), "host": .text(host)])
        case .remoteCertificateInvalid(let url, let host):
            return m("remoteCertificateInvalid", ["url": .text(url), "host": .text(host)])
        case .remoteTimedOut(let url, let seconds):
            return m("remoteTimedOut", ["url": .text(url), "seconds": .count(seconds)])
        case .remoteFailed(let url, let detail):
            return m("remoteFailed", ["url": .text(url), "detail": .text(detail), "hint": .message(Self.hint(detail))])
        case .remoteAhead(let url, let count): return m("remoteAhead", ["url": .text(url), "count": .count(count)])
        case .remoteTagConflict(let url, let name, let theirs, let ours):
            return m(
                "remoteTagConflict",
                ["url": .text(url), "name": .text(name), "theirs": .text(theirs), "ours": .text(ours)])
        case .remoteLedgerDiverged(let url): return m("remoteLedgerDiverged", ["url": .text(url)])
        case .pushRefused(let url, let reference, let reason, let server):
            return m(
                server.isEmpty ? "pushRefused" : "pushRefusedSaid",
                [
                    "url": .text(url), "reference": .text(reference), "reason": .text(reason),
                    "server": .text(server.joined(separator: " / ")), "hint": .message(Self.hint(reason)),
                ])

        case .pushForbidden(let url, let user, let count, let reasons):
            return m(
                "pushForbidden",
                ["url": .text(url), "user": .text(user), "count": .count(count), "reasons": .message(reasons)])
        case .remoteAccessDiverged(let url): return m("remoteAccessDiverged", ["url": .text(url)])
        case .accessFileInvalid(let problem): return m("accessFileInvalid", ["problem": .message(problem)])
        case .accessUserNameInvalid(let name): return m("accessUserNameInvalid", ["name": .text(name)])
        case .accessNoSuchUser(let name): return m("accessNoSuchUser", ["name": .text(name)])
        case .accessNotClerkOf(let name, let unit):
            return m("accessNotClerkOf", ["name": .text(name), "unit": .text(unit)])
        case .accessLastAdmin(let name): return m("accessLastAdmin", ["name": .text(name)])

        case .reviewNeedsText(let kind): return m("reviewNeedsText", ["kind": .message(Self.reviewKind(kind))])
        case .nothingToReplyTo(let report, let figure):
            return figure.map { m("nothingToReplyToFigure", ["report": .text(report), "figure": .text($0)]) }
                ?? m("nothingToReplyTo", ["report": .text(report)])
        case .reviewNotAllowed(let user, let kind, let roles):
            return m(
                "reviewNotAllowed",
                ["user": .text(user), "kind": .message(Self.reviewKind(kind)), "roles": .message(roles)])
        case .tagReturnedReport(let report, let by, let date, let text):
            return m(
                "tagReturnedReport",
                ["report": .text(report), "by": .text(by), "date": .text(date), "text": .text(text)])
        case .remoteReviewsDiverged(let url): return m("remoteReviewsDiverged", ["url": .text(url)])

        case .locked(let doing, let gitDirectory, let detail):
            return m("locked", ["doing": .text(doing), "gitDirectory": .text(gitDirectory), "detail": .text(detail)])
        case .branchKeptMoving(let doing): return m("branchKeptMoving", ["doing": .text(doing)])
        case .cannotWriteVault(let doing, let path, let detail):
            return m(
                "cannotWriteVault",
                [
                    "doing": .text(doing), "path": .text(path), "detail": .text(detail),
                    "hint": .message(Self.hint(detail)),
                ])
        case .git(let doing, let operation, let code, let detail):
            return m(
                "git",
                [
                    "doing": .text(doing), "operation": .text(operation), "code": .text(String(code)),
                    "detail": .text(detail), "hint": .message(Self.hint(detail)),
                ])
        }
    }
}

extension VaultError {
    /// A review entry's kind as stored (note, reply, return, approve), as a sentence names it.
    static func reviewKind(_ kind: String) -> Message {
        switch kind {
        case "reply": return Message("review.kind.reply")
        case "return": return Message("review.kind.return")
        case "approve": return Message("review.kind.approve")
        default: return Message("review.kind.note")
        }
    }

    /// What a clerk can do about a failure git or the system words in English (libgit2's and
    /// the OS's own texts), in the clerk's language: a few words after the detail, or nothing.
    static func hint(_ detail: String) -> Message {
        let text = detail.lowercased()
        if text.contains("early eof") || text.contains("unexpected eof") || text.contains("connection reset")
            || text.contains("broken pipe")
        {
            return Message("hint.earlyEOF")
        }
        if text.contains("hook declined") { return Message("hint.hookDeclined") }
        if text.contains("failed to lock") || text.contains("lock file") { return Message("hint.lockFailed") }
        if text.contains("no space left") || text.contains("disk quota") { return Message("hint.noSpace") }
        return Message("empty")
    }
}
