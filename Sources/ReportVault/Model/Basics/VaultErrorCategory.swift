/// A failure the user is told of: a line in their language and the kind of failure, which is
/// the command line's exit status. Each layer's errors conform: ``VaultError``, a figure merge's
/// conflicts (`MergeConflicts`), a file made from an old copy (`StaleFile`).
public protocol VaultFailure: Error, Sendable {
    /// The line in either language.
    var message: Message { get }
    /// The kind of failure.
    var category: VaultError.Category { get }
}

extension VaultFailure {
    /// The process exit status the command line uses for this failure: its ``category``.
    public var exitCode: Int32 { category.rawValue }
}

extension VaultError {
    /// What kind of failure an error is, for a script that runs `vault`: the command line's exit
    /// status (README, "Exit status"). A script can tell "try again after a pull" (conflict) from
    /// "fix the file" (refused) or "call the server's administrator" (server refused) without
    /// reading the text, which is in the clerk's language.
    public enum Category: Int32, Sendable, CaseIterable {
        /// Anything else; also `vault check` and `vault verify` when they find problems.
        case failed = 1
        /// The input was refused: a report, document, author, tag name or option value that is
        /// not what it must be. Nothing was changed.
        case refused = 2
        /// A file, vault, report, figure, revision, tag or remote that is not there.
        case notFound = 3
        /// Another change meets this one: conflicts, a moved branch, a lock, a hand edit, a name
        /// taken, a server ahead. Usually: pull, resolve, or look, then try again.
        case conflict = 4
        /// The server (or its hook, or its access list) refused, or the credentials were refused.
        case serverRefused = 5
        /// The server could not be reached, or did not answer in time.
        case unreachable = 6
        /// The vault, its history or vault's own installed files are damaged or unreadable.
        case damaged = 7

        /// The word `vault --json` outputs and the README use for the category.
        public var name: String {
            switch self {
            case .failed: return "failed"
            case .refused: return "refused"
            case .notFound: return "not-found"
            case .conflict: return "conflict"
            case .serverRefused: return "server-refused"
            case .unreachable: return "unreachable"
            case .damaged: return "damaged"
            }
        }
    }

    /// A stable name for the problem, the same in every language (`noSuchReport`): the key of
    /// its message, of the innermost problem where one error wraps another.
    public var code: String {
        switch self {
        case .inJSONLine(_, _, let inner), .inFile(_, let inner), .atPointer(_, let inner),
            .inReportArgument(_, let inner):
            return inner.code
        default:
            let key = message.key
            return key.hasPrefix("error.") ? String(key.dropFirst(6)) : key
        }
    }

    /// The kind of failure (every case is placed here, so a new one must be placed too).
    public var category: Category {
        switch self {
        case .inJSONLine(_, _, let inner), .inFile(_, let inner), .atPointer(_, let inner),
            .inReportArgument(_, let inner):
            return inner.category
        case .failure(let failure):
            return failure.category

        case .noSuchFile, .noSuchFolder, .noSuchVaultFolder, .neitherRevisionNorReport, .notAVault, .noVaultFound,
            .gitButNotVault, .noFileNoVault, .noSuchReport,
            .noSuchFigureNamed, .noSuchFigure, .noCommitsYet, .unknownRevision, .reportNotAt, .reportDeleted,
            .reportInNeither, .noRevisions, .reportGone, .overviewNoReports, .overviewNoYear,
            .noPullInProgress, .noRemoteBranch, .noConflictIn, .noSuchConflict, .notInLedger, .tagMissing,
            .noSuchSubmission, .signingKeyMissing,
            .signersFileMissing, .nothingToReplyTo, .noSuchRemote, .remoteNotFound, .accessNoSuchUser,
            .accessNotClerkOf:
            return .notFound

        case .outputExists, .outputOptionExists, .conflictMarkers, .alreadyRepository, .pushRaced, .sameReportTwice,
            .editedByHand, .alreadyNamed, .reportExists,
            .addedAndChangedSince, .branchMovedWhileLoading, .pullInProgress, .pullConflicts, .unresolvedConflicts,
            .pullEditedByHand, .handEditsMeetPull,
            .branchMovedDuringPull, .tagExists, .tagNameCollides, .tagWasWithdrawn, .alreadyWithdrawn, .tagAlreadySent,
            .ledgerMergedSince, .remoteExists,
            .cloneTargetNotEmpty, .remoteAhead, .remoteReviewsDiverged, .tagReturnedReport, .remoteTagConflict,
            .remoteLedgerDiverged, .remoteAccessDiverged,
            .locked, .branchKeptMoving, .postgresOtherVault:
            return .conflict

        case .pushRefused, .pushForbidden, .reviewNotAllowed, .remoteCredentialsRefused, .remoteSSHKeyMissing,
            .remoteSSHKeyRefused,
            .remoteRSAKeyRefused, .unsafeTreeArrived:
            return .serverRefused

        case .remoteUnreachable, .remoteHostUnknown, .remoteCertificateInvalid, .remoteTimedOut, .postgresUnreachable:
            return .unreachable

        case .storedBlobInvalid, .pullStateUnreadable, .ledgerEntryUnreadable, .tagNotAsRecorded, .resourceMissing,
            .schemaInvalid, .addressesNotInSchema,
            .vocabularyAddressesNotInSchema, .vocabularyMalformed, .migrationStepMalformed, .migrationPlaceUnknown:
            return .damaged

        case .stdinTooLarge, .isDirectory, .fileTooLarge, .unreadable, .wordDocumentNotJSON, .textNotJSON, .invalidJSON,
            .invalidJSONLine, .jsonLineMissing,
            .notAnObject, .fiscalYearMissing, .fiscalYearNotInteger, .fiscalYearOutOfRange, .unitMissing,
            .unitNameMissing, .unitNameNotString, .unitNameEmpty,
            .unitNameTooLong, .unitNameHasSlash, .unitNameHasDotDot, .unitNameStartsWithDot, .unitNameControlCharacter,
            .unitNameSpaceAtEnd, .schemaRefused,
            .strictRefused, .importEmpty, .importTooManyCells, .zipNotWord, .damagedWord, .damagedWorkbook,
            .conversionFailed, .rtf,
            .unknownEncoding, .binary, .jsonGivenToImport, .schemaVersionTooNew, .schemaVersionUnknown,
            .migrationNoVersion, .migrationBackwards,
            .migrationMissingValue, .migrationInvalid, .nothingToMigrate, .reportArgumentMalformed, .reportAmbiguous,
            .figureAmbiguous,
            .figurePointerMalformed, .revisionNotAccepted, .ambiguousRevision, .symmetricRange, .noReportToCommit,
            .emptyCommitMessage, .nothingChanged,
            .firstRevision, .nothingToRevert, .mergedReportInvalid, .authorMalformed, .authorNameEmpty,
            .authorEmailMalformed, .authorControlCharacter,
            .authorNameWithoutEmail, .authorEmailWithoutName, .noAuthor, .invalidTagName, .tagMessageLooksSigned,
            .repairNeedsLedger, .emptyTagMessage,
            .withdrawWithoutMessage, .nothingNewToSubmit, .fixHistoryMerge, .fixHistoryCannot, .unsentNotStored,
            .signedTagNotRenamed, .signingKeyIsPublic,
            .signingKeyNotOpenSSH, .signingKeyEncrypted, .signingKeyType, .signingKeyDamaged, .signersFileMalformed,
            .signersFileEmpty, .unknownConfigKey,
            .invalidRemoteName, .vaultOwnedByAnother, .reviewNeedsText, .accessFileInvalid, .accessUserNameInvalid,
            .accessLastAdmin, .sqlInvalid, .sqlOneStatement, .sqlWrites, .postgresSchemaInvalid:
            return .refused

        // A program vault converts documents with (LibreOffice, pdftotext) is not installed.
        case .oldWordFormat, .pdf: return .failed

        case .cannotWrite, .cannotCreate, .committedBut, .committedButNotWrittenBack, .cannotRecordCheckout,
            .signingFailed, .remoteFailed, .cannotWriteVault, .sqlCacheFailed, .postgresClientMissing, .postgresFailed:
            return .failed

        // libgit2's own code (git2/errors.h) says what kind: -3 not found; -5 ambiguous, -12 invalid
        // spec; -4 exists, -11 not fast-forward, -13 conflict, -14 locked, -15 modified meanwhile;
        // -16 authentication; -17 certificate. Anything else is a failure of its own.
        case .git(_, _, let code, _):
            switch code {
            case -3: return .notFound
            case -5, -12: return .refused
            case -4, -11, -13, -14, -15: return .conflict
            case -16: return .serverRefused
            case -17: return .unreachable
            default: return .failed
            }

        }
    }
}
