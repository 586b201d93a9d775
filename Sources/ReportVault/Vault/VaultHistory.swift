import Foundation

// MARK: - Reading reports by blob, once

extension Vault {
    /// The parsed report in blob `id`, parsed at most once per vault object (unless `cache`
    /// is false: walks over a thousand revisions visit each blob once and keep none).
    public func reportValue(_ id: ObjectID, cache: Bool = true) throws(VaultError) -> JSONValue {
        if let cached = parsed[id] { return cached }
        let bytes: [UInt8]
        do { bytes = try repository.readBlob(id) } catch { throw describe(error, while: "read blob \(id.short)") }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .storedBlobInvalid(blob: id.short, error) }
        if cache { parsed[id] = value }
        return value
    }

    /// The raw bytes of a blob.
    func blobBytes(_ id: ObjectID) throws(VaultError) -> [UInt8] {
        do { return try repository.readBlob(id) } catch { throw describe(error, while: "read blob \(id.short)") }
    }

    /// The bytes of a report blob as version `version` of the schema has it: the stored bytes
    /// when the report states that version (the usual case, found without parsing), else the
    /// report moved to that version (``ReportSchemas/convert(_:from:to:)``), and the version
    /// it states — so a walk over revisions follows a figure across a migration.
    func blobBytes(
        _ id: ObjectID, as version: Int, schemas: ReportSchemas
    ) throws(VaultError) -> (bytes: [UInt8], version: Int) {
        let bytes = try blobBytes(id)
        if case .number(let d)? = JSONSkim.find([.member("schemaVersion")], in: bytes)?.value, d == Double(version) {
            return (bytes, version)
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .storedBlobInvalid(blob: id.short, error) }
        let own = try schemas.version(for: value)
        return (CanonicalJSON.stored(try schemas.convert(value, from: own, to: version)), own)
    }

    /// The tag names pointing at each commit.
    public func tagsByCommit() throws(VaultError) -> [ObjectID: [String]] {
        var map: [ObjectID: [String]] = [:]
        for tag in try tags() { map[tag.target, default: []].append(tag.name) }
        return map
    }
}

// MARK: - diff between revisions

extension Vault {
    /// Figure-level comparison of every report that differs between two revisions
    /// (or only `report`). Reports present on one side only are added or removed whole.
    public func compare(
        _ from: String, _ to: String, report: ReportPath?, diff: FigureDiff, checker: ReportCheck
    ) throws(VaultError) -> [ReportComparison] {
        let old = Dictionary(uniqueKeysWithValues: try reports(at: from).map { ($0.path, $0.blob) })
        let new = Dictionary(uniqueKeysWithValues: try reports(at: to).map { ($0.path, $0.blob) })
        var paths = Set(old.keys).union(new.keys).sorted()
        if let report {
            guard paths.contains(report) else {
                throw VaultError.reportInNeither(report: report.description, from: from, to: to)
            }
            paths = [report]
        }
        var out: [ReportComparison] = []
        for path in paths where old[path] != new[path] {
            let a = try old[path].map { id throws(VaultError) in try reportValue(id) }
            let b = try new[path].map { id throws(VaultError) in try reportValue(id) }
            for (revision, value) in [(from, a), (to, b)] {
                guard let value else { continue }
                do { _ = try diff.schemas.version(for: value) } catch {
                    throw .inFile(file: "\(revision):\(path.storedPath)", error)
                }
            }
            out.append(try ReportComparison(report: path.description, old: a, new: b, diff: diff, checker: checker))
        }
        return out
    }

    /// `log` with, per commit and report, the changes the figure diff finds against the parent.
    /// With a report, the blob ids come from the log's walk and only the last two parsed
    /// revisions are kept (a commit's parent blob is usually the next entry's blob).
    public func logWithStats(
        _ report: ReportPath?, limit: Int?, diff: FigureDiff
    ) throws(VaultError) -> [(entry: LogEntry, changes: [ReportPath: [FigureChange]])] {
        let resume = Libgit2.suspendHashChecks()  // reads only; `vault verify` re-hashes every object
        defer { resume() }
        var out: [(LogEntry, [ReportPath: [FigureChange]])] = []
        var recent: [(ObjectID, JSONValue)] = []
        func value(_ id: ObjectID) throws(VaultError) -> JSONValue {
            if let hit = recent.first(where: { $0.0 == id }) { return hit.1 }
            let parsed = try reportValue(id, cache: false)
            recent.append((id, parsed))
            if recent.count > 2 { recent.removeFirst() }
            return parsed
        }
        for entry in try log(report, limit: limit) {
            var stats: [ReportPath: [FigureChange]] = [:]
            for path in entry.reports {
                var blobs: (ObjectID?, ObjectID?) = (nil, nil)
                if report != nil {
                    blobs = (entry.parentBlob, entry.blob)
                } else {
                    do {
                        if let parent = entry.commit.parents.first {
                            blobs.0 = try repository.blobID(at: path.storedPath, in: parent)
                        }
                        blobs.1 = try repository.blobID(at: path.storedPath, in: entry.commit.id)
                    } catch { throw describe(error, while: "log") }
                }
                switch blobs {
                case let (a?, b?):
                    do { stats[path] = try diff.changes(from: try value(a), to: try value(b)) } catch {
                        throw .inFile(file: "\(entry.commit.id.short):\(path.storedPath)", error)
                    }
                case (nil, _?):
                    stats[path] = [
                        FigureChange(
                            path: "", label: path.description, kind: .added, old: nil, new: nil, delta: nil, pct: nil,
                            unit: nil)
                    ]
                case (_?, nil):
                    stats[path] = [
                        FigureChange(
                            path: "", label: path.description, kind: .removed, old: nil, new: nil, delta: nil, pct: nil,
                            unit: nil)
                    ]
                default: break
                }
            }
            out.append((entry, stats))
        }
        return out
    }
}

// MARK: - history of one figure

/// One revision at which a figure's value changed.
public struct FigureRevision: Sendable {
    public var commit: CommitInfo
    /// Where the figure was in that revision (rows can move).
    public var path: String?
    /// The value, or nil where the figure did not exist.
    public var value: JSONValue?
    /// value − the previous (older) value, for numbers.
    public var delta: Decimal?
    public var tags: [String]
}

extension Vault {
    /// The value of the figure at `pointer` (as of the newest revision) at every revision
    /// that changed it, newest first. A row matched by its key is followed when it moves.
    /// Revisions of another schema version are read moved to the newest revision's version,
    /// so a figure that moved between versions is followed (its path is given as it was).
    public func history(
        of report: ReportPath, pointer: String, schemas: ReportSchemas
    ) throws(VaultError) -> [FigureRevision] {
        let resume = Libgit2.suspendHashChecks()  // reads only; `vault verify` re-hashes every object
        defer { resume() }
        guard let tokens = JSONPointer.tokens(pointer), !tokens.isEmpty else {
            throw .figurePointerMalformed(pointer: pointer)
        }
        let revisions = try log(report)
        guard let newest = revisions.first(where: { $0.blob != nil }), let newestBlob = newest.blob else {
            throw .noRevisions(report: report.description)
        }
        let newestValue = try reportValue(newestBlob)
        let version: Int
        do { version = try schemas.version(for: newestValue) } catch {
            throw .inFile(file: "\(newest.commit.id.short):\(report.storedPath)", error)
        }
        let address = FigureAddress(tokens: tokens, in: newestValue, schema: try schemas.schema(version))
        guard address.resolve(in: newestValue) != nil else {
            throw .noSuchFigure(pointer: pointer, report: report.description, revision: newest.commit.id.short)
        }
        let tags = try tagsByCommit()
        var out: [FigureRevision] = []
        let steps = address.skimSteps
        // The figure in a blob (where it is, its value), each blob read once.
        var seen: [ObjectID: (tokens: [String], value: JSONValue)?] = [:]
        func figure(in blob: ObjectID?, of entry: LogEntry) throws(VaultError) -> (tokens: [String], value: JSONValue)?
        {
            guard let id = blob else { return nil }
            if let known = seen[id] { return known }
            var found: (tokens: [String], value: JSONValue)?
            // The version and the figure in one pass; a blob of another version is moved
            // to the newest's first.
            let bytes = try blobBytes(id)
            let both = JSONSkim.find([[.member("schemaVersion")], steps], in: bytes)
            if case .number(let stated)? = both[0]?.value, stated == Double(version) {
                found = both[1]
            } else {
                let read: (bytes: [UInt8], version: Int)
                do { read = try blobBytes(id, as: version, schemas: schemas) } catch {
                    throw .inFile(file: "\(entry.commit.id.short):\(report.storedPath)", error)
                }
                found = JSONSkim.find(steps, in: read.bytes)
                if let tokens = found?.tokens, read.version != version {
                    found?.tokens = try schemas.place(tokens, from: version, to: read.version)
                }
            }
            seen[id] = .some(found)
            return found
        }
        // Each revision against its own parent (not the revision listed before it, which on
        // another line of work may never have had the figure's value): a revision that left
        // the figure as its parent had it is not listed, nor a merge that took the value of
        // one of its other parents — the commit that made it is, as git blame says.
        for entry in revisions {
            let found = try figure(in: entry.blob, of: entry)
            let value = found?.value
            let before = try figure(in: entry.parentBlob, of: entry)?.value
            if entry.parentBlob != nil, before == value { continue }
            if entry.commit.parents.count > 1 {
                var fromOther = false
                for other in entry.commit.parents.dropFirst() {
                    let blob: ObjectID?
                    do { blob = try repository.blobID(at: report.storedPath, in: other) } catch {
                        throw describe(error, while: "history")
                    }
                    if try figure(in: blob, of: entry)?.value == value {
                        fromOther = true
                        break
                    }
                }
                if fromOther { continue }
            }
            var delta: Decimal?
            if case .number(let new)? = value, case .number(let old)? = before {
                delta = ExactNumber(new).decimal - ExactNumber(old).decimal
            }
            out.append(
                FigureRevision(
                    commit: entry.commit, path: found.map { JSONPointer.make($0.tokens) }, value: value, delta: delta,
                    tags: tags[entry.commit.id] ?? []))
        }
        return out
    }
}

// MARK: - blame

/// Who last changed one figure.
public struct FigureBlame: Sendable {
    public var figure: Figure
    public var commit: CommitInfo
}

extension Vault {
    /// Every figure of the report at its newest revision, with the commit that last changed
    /// its value (rows followed by key).
    ///
    /// Walks back over the revisions that changed the report's blob (the log gives them); a
    /// figure is settled at the newest revision that holds its current value while its parents
    /// did not. Each blob is scanned once for the open figures only (``FigureProbe``), and the
    /// walk stops when none is open.
    /// Revisions of another schema version are read moved to the newest revision's version.
    public func blame(_ report: ReportPath, schemas: ReportSchemas) throws(VaultError) -> [FigureBlame] {
        let resume = Libgit2.suspendHashChecks()  // reads only; `vault verify` re-hashes every object
        defer { resume() }
        let revisions = try log(report)
        guard let newest = revisions.first, let newestBlob = newest.blob else {
            throw .noRevisions(report: report.description)
        }
        let current = try reportValue(newestBlob)
        let version: Int
        do { version = try schemas.version(for: current) } catch {
            throw .inFile(file: "\(newest.commit.id.short):\(report.storedPath)", error)
        }
        let schema = try schemas.schema(version)
        let figures = FigureList(schema: schema).figures(of: current)
        let addresses = figures.map { FigureAddress(tokens: JSONPointer.tokens($0.path)!, in: current, schema: schema) }
        var probe = FigureProbe(addresses: addresses.map(\.steps), rowKeys: addresses.map(\.rowKeys))
        // A value written as now is the same number; other texts are compared as numbers.
        let texts = figures.map { Array($0.text.utf8) }
        func holdsCurrent(_ numbers: [ArraySlice<UInt8>?], _ k: Int) -> Bool {
            guard let raw = numbers[k] else { return false }
            if raw.elementsEqual(texts[k]) { return true }
            if case .number(let d)? = try? JSONParser.parse(raw), d == figures[k].value { return true }
            return false
        }
        // The open figures' numbers in a blob, each blob scanned once (a figure only closes,
        // so an earlier scan holds every figure still open).
        var scanned: [ObjectID: [ArraySlice<UInt8>?]] = [:]
        func numbers(_ id: ObjectID, _ entry: LogEntry) throws(VaultError) -> [ArraySlice<UInt8>?] {
            if let known = scanned[id] { return known }
            let bytes: [UInt8]
            do { bytes = try blobBytes(id, as: version, schemas: schemas).bytes } catch {
                throw .inFile(file: "\(entry.commit.id.short):\(report.storedPath)", error)
            }
            let found = probe.numbers(in: bytes)
            scanned[id] = found
            return found
        }
        // A figure is blamed on the newest revision that holds its value while its parent did
        // not — and, for a merge, none of its other parents did (then the merge only took it):
        // each revision against its own parents, as git blame does, not against the revision
        // listed before it, which on another line of work may never have had the value.
        var blamed = [Int?](repeating: nil, count: figures.count)
        for (i, entry) in revisions.enumerated() where probe.openCount > 0 {
            guard let blob = entry.blob else { continue }
            let after = try numbers(blob, entry)
            let before = try entry.parentBlob.map { id throws(VaultError) in try numbers(id, entry) }
            var others: [[ArraySlice<UInt8>?]] = []
            for other in entry.commit.parents.dropFirst() {
                let otherBlob: ObjectID?
                do { otherBlob = try repository.blobID(at: report.storedPath, in: other) } catch {
                    throw describe(error, while: "blame")
                }
                if let otherBlob { others.append(try numbers(otherBlob, entry)) }
            }
            for k in figures.indices where probe.isOpen[k] && holdsCurrent(after, k) {
                if let before, holdsCurrent(before, k) { continue }
                if others.contains(where: { holdsCurrent($0, k) }) { continue }
                blamed[k] = i
                probe.close(k)
            }
        }
        // A figure no revision settled (a history cut short): its oldest revision.
        return figures.indices.map {
            FigureBlame(figure: figures[$0], commit: revisions[blamed[$0] ?? revisions.count - 1].commit)
        }
    }
}

extension Vault {
    /// The work a merge commit brings: the revisions of its other parents that its first
    /// parent lacked, and their authors (by name, in order of first appearance).
    public func mergedWork(of merge: CommitInfo) throws(VaultError) -> (authors: [String], count: Int) {
        guard let first = merge.parents.first, merge.parents.count > 1 else { return ([], 0) }
        do {
            var authors: [String] = []
            var count = 0
            for other in merge.parents.dropFirst() {
                for id in try repository.commits(from: other, excluding: [first]) {
                    let info = try repository.commitInfo(id)
                    count += 1
                    if !authors.contains(info.author.name) { authors.append(info.author.name) }
                }
            }
            return (authors, count)
        } catch {
            throw describe(error, while: "read merge \(merge.id.short)")
        }
    }
}
