import Foundation

/// What `vault verify` found.
public struct VerifyResult: JSONOutput {
    public var objects = 0
    public var reportBlobs = 0
    public var tags = 0
    public var ledgerEntries = 0
    /// One line per problem; empty when the vault is intact.
    public var problems: [String] = []

    /// `vault verify --json` (schema/verify-output.schema.json).
    public var json: JSONValue {
        .object([
            .init("ok", .bool(problems.isEmpty)),
            .init("objects", .number(Double(objects))),
            .init("reportBlobs", .number(Double(reportBlobs))),
            .init("tags", .number(Double(tags))),
            .init("ledgerEntries", .number(Double(ledgerEntries))),
            .init("problems", .array(problems.map(JSONValue.string))),
        ])
    }
}

extension Vault {
    /// Proves the vault intact: every reachable object reads back with its hash; every report
    /// on every branch and tag is in the stored canonical form, at the path its identity gives,
    /// and valid against the schema; every ledger entry's tag still exists and points where it
    /// did, with the same report digests; every tag is in the ledger.
    public func verify(schema: JSONSchema) throws(VaultError) -> VerifyResult {
        var result = VerifyResult()
        do {
            let objects = try repository.readAllReachableObjects()
            result.objects = objects.count
            result.problems += objects.problems
        } catch {
            result.problems.append("objects: \(error.message)")
        }

        // Reports at every branch and tag.
        var checked = Set<ObjectID>()
        let refs: [(name: String, target: ObjectID)]
        do { refs = try repository.references() } catch { throw describe(error, while: "verify") }
        for ref in refs where ref.name.hasPrefix("refs/heads/") || ref.name.hasPrefix("refs/tags/") {
            guard let commit = try? repository.resolveCommit(ref.name) else { continue }
            let blobs: [(path: String, id: ObjectID)]
            do { blobs = try repository.blobs(under: "reports", in: commit) } catch {
                result.problems.append("\(ref.name): cannot list reports: \(error.message)")
                continue
            }
            for blob in blobs where checked.insert(blob.id).inserted {
                result.reportBlobs += 1
                let place = "\(shortRef(ref.name)):\(blob.path)"
                guard let bytes = try? repository.readBlob(blob.id) else {
                    result.problems.append("\(place): blob \(blob.id.short) cannot be read")
                    continue
                }
                let value: JSONValue
                do { value = try JSONParser.parse(bytes) } catch {
                    result.problems.append("\(place):\(error.description)")
                    continue
                }
                if CanonicalJSON.stored(value) != bytes {
                    result.problems.append("\(place): not in the stored canonical form (written without vault?)")
                }
                if let report = try? Report(value) {
                    if report.path.storedPath != blob.path {
                        result.problems.append("\(place): the report's fiscalYear and unit.name say \(report.path.storedPath)")
                    }
                } else {
                    result.problems.append("\(place): not a report (fiscalYear or unit.name missing or invalid)")
                }
                let errors = schema.validate(value)
                if let first = errors.first {
                    result.problems.append("\(place): \(errors.count) schema error\(errors.count == 1 ? "" : "s"), first: \(first.description)")
                }
            }
        }

        result.problems += branchHistoryProblems()

        // Tags against the ledger.
        let tags = try self.tags()
        result.tags = tags.count
        let entries = try ledger()
        result.ledgerEntries = entries.count
        let byName = Dictionary(tags.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var ledgered = Set<String>()
        let withdrawn = Set(entries.filter { $0.withdrawal != nil }.map(\.tag))
        for entry in entries where entry.withdrawal == nil {
            ledgered.insert(entry.tag)
            let restore = "restore it with: git update-ref refs/tags/\(entry.tag) \(entry.tagObject.hex)"
            if withdrawn.contains(entry.tag) {
                // Withdrawn: kept under refs/vault/withdrawn/, gone from refs/tags/.
                if (try? repository.referenceTarget(Self.withdrawnRef(entry.tag))) != .some(entry.tagObject) {
                    result.problems.append(
                        "tag \(entry.tag): withdrawn, but \(Self.withdrawnRef(entry.tag)) no longer holds tag object \(entry.tagObject.short); restore it with: git update-ref \(Self.withdrawnRef(entry.tag)) \(entry.tagObject.hex)"
                    )
                }
                if byName[entry.tag] != nil {
                    result.problems.append("tag \(entry.tag): withdrawn, but a tag of that name exists again (made outside vault)")
                }
                continue
            }
            guard let tag = byName[entry.tag] else {
                result.problems.append("tag \(entry.tag): in the ledger (\(entry.date), commit \(entry.target.short)) but deleted; \(restore)")
                continue
            }
            if tag.tagObject != entry.tagObject || tag.target != entry.target {
                result.problems.append(
                    "tag \(entry.tag): moved — the ledger recorded tag object \(entry.tagObject.short) on commit \(entry.target.short), it is now \(tag.tagObject?.short ?? "a lightweight tag") on commit \(tag.target.short); \(restore.replacingOccurrences(of: "git update-ref", with: "git update-ref -m restore"))"
                )
                continue
            }
            for line in entry.reports {
                guard let path = ReportPath(storedPath: line.path) else { continue }
                guard let stored = try? show(path, at: entry.target.hex) else {
                    result.problems.append("tag \(entry.tag): \(line.path) is missing at \(entry.target.short)")
                    continue
                }
                if stored.report.digest != line.digest {
                    result.problems.append("tag \(entry.tag): \(line.path) digest \(stored.report.digest) differs from the ledger's \(line.digest)")
                }
            }
        }
        for tag in tags where !ledgered.contains(tag.name) && !withdrawn.contains(tag.name) {
            result.problems.append("tag \(tag.name): not in the ledger (created or re-created outside vault, e.g. with git tag)")
        }
        return result
    }

    /// What the branch's history shows was lost: reports deleted from the branch by a commit,
    /// and branch moves (in the reflog) that left commits behind, each with the command that
    /// restores it.
    func branchHistoryProblems() -> [String] {
        var problems: [String] = []
        guard let tip = try? repository.branchTip(branch) else { return [] }
        let name = shortRef(branch)
        do {
            try repository.walk(from: tip) { id in
                for change in try repository.changes(in: id) where change.deleted && change.path.hasPrefix("reports/") {
                    let info = try repository.commitInfo(id)
                    // Removed or renamed by vault rm / vault mv, which say so in a trailer.
                    if info.message.contains("\n" + Self.removedTrailer + change.path) { continue }
                    if (try? repository.blobID(at: change.path, in: tip)) != nil { continue }  // restored since
                    problems.append(
                        "\(name): \(change.path) was deleted by commit \(id.short) (\(info.author.name), \(info.author.isoDate): \(firstLine(info.message))); restore it with: vault show \(info.parents.first?.short ?? id.short) \(ReportPath(storedPath: change.path)?.description ?? change.path) > report.json && vault commit report.json -m \"restore\""
                    )
                }
                return true
            }
        } catch {
            problems.append("\(name): history cannot be read: \(error)")
        }
        // Moves of the branch that dropped commits still unreachable from its tip.
        var reported = Set<ObjectID>()
        for move in (try? repository.reflog(branch)) ?? [] {
            // The move that dropped them: its old commit is not in its new history, nor in the tip's.
            guard let old = move.old, !reported.contains(old), (try? repository.isAncestor(old, of: tip)) == false,
                move.new.map({ (try? repository.isAncestor(old, of: $0)) == false }) ?? true
            else { continue }
            reported.insert(old)
            // Moving the branch back is only safe when nothing was committed on it since.
            let restore =
                (try? repository.isAncestor(tip, of: old)) == true
                ? "to restore it: git update-ref \(branch) \(old.hex)"
                : "the branch has new commits since, so keep it aside with: git branch recovered-\(old.short) \(old.hex)"
            problems.append(
                "\(name): commit \(old.short) is no longer on the branch — it moved to \(move.new?.short ?? "nothing") on \(move.committer.isoDate) by \(move.committer.name) (\(move.message.isEmpty ? "no message" : move.message)); to look at it: git log \(old.short), \(restore)"
            )
        }
        return problems
    }

    private func shortRef(_ name: String) -> String {
        for prefix in ["refs/heads/", "refs/tags/"] where name.hasPrefix(prefix) { return String(name.dropFirst(prefix.count)) }
        return name
    }
}
