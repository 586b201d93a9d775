import CGit2

/// Writes many commits in one process into one new pack (``PackFileWriter``), the way
/// `git fast-import` does: the trees of the paths being written are kept in memory between
/// commits (read once from the vault, by id, as far down as a path needs), each new blob,
/// tree and commit is hashed, deflated once and appended, and reports and trees are stored as
/// deltas against an earlier version kept in memory (of the same report, else the last one
/// stored whole in its folder; of the same tree) when that is much smaller.
///
/// Nothing is visible until ``finish()`` names the pack; the branch is not touched, the
/// caller moves it once, by compare-and-swap — so a reader never sees a ref to objects that
/// are not on disk.
package final class GitBulkWriter {
    private let pack: PackFileWriter
    private let repository: GitRepository
    private let root: TreeNode
    /// The id of the last commit written, or the base's.
    private var parent: ObjectID?
    private var parentTree: ObjectID?
    private let authorText: String
    /// The author of every commit written, as the branch's ``ChangeIndex`` keeps it.
    package let authorIdentity: String

    /// Whole objects kept in memory as delta bases, by report path and by folder path.
    private var reportBases: [String: DeltaBase] = [:]
    private var folderBases: [String: DeltaBase] = [:]
    /// Report paths and their bases' offsets in the order the bases were kept, for letting go
    /// of the oldest.
    private var baseOrder: [(String, UInt64)] = []
    private var baseOrderStart = 0
    private var baseBytes = 0
    /// How many bytes of report bases are kept (the trees' own are always kept).
    private let baseBudget = 24 << 20

    private struct DeltaBase {
        var base: GitDelta.Base
        var offset: UInt64
    }

    package init(repository: GitRepository, base: ObjectID?, author: GitSignature, durable: Bool) throws(GitError) {
        self.repository = repository
        parent = base
        // As `git_commit_create` writes it: refused as libgit2 refuses it (a name with "<", an
        // empty name, …; checked here, before anything is written), with the name and email
        // trimmed as libgit2 trims them.
        try author.withGitSignature { _ in }
        let written = author.asWritten
        authorText = written.headerText
        authorIdentity = ChangeIndex.authorIdentity(written)
        let rootID = try base.map { id throws(GitError) in try repository.lookupCommit(id).treeID }
        parentTree = rootID
        root = TreeNode(id: rootID)
        pack = try PackFileWriter(objectsFolder: repository.gitDirectory + "objects", durable: durable)
    }

    /// Writes a commit on top of the last one that sets each path to its bytes; nil, and
    /// nothing written, when that changes no file.
    package func commit(_ updates: [(path: String, bytes: [UInt8])], message: String) throws(GitError) -> ObjectID? {
        var changed: [String] = []
        for update in updates {
            let id = PackFileWriter.objectID(GIT_OBJECT_BLOB, update.bytes)
            let components = update.path.split(separator: "/").map { Array($0.utf8) }
            guard try root.set(components[...], to: id, loading: repository) else { continue }
            changed.append(update.path)
            if !pack.contains(id) { try writeBlob(update.bytes, id: id, path: update.path) }
        }
        let tree = try writeTree(root, path: "")
        guard tree != parentTree else { return nil }
        var text = "tree \(tree.hex)\n"
        if let parent { text += "parent \(parent.hex)\n" }
        text += "author \(authorText)\ncommitter \(authorText)\n\n" + message
        let bytes = Array(text.utf8)
        let id = PackFileWriter.objectID(GIT_OBJECT_COMMIT, bytes)
        if !pack.contains(id) { try pack.append(GIT_OBJECT_COMMIT, bytes, id: id) }
        parent = id
        parentTree = tree
        written.append((id, changed))
        return id
    }

    /// The commits written so far, oldest first, with the paths each changed (for the
    /// branch's ``ChangeIndex``).
    package private(set) var written: [(commit: ObjectID, changed: [String])] = []

    /// Names the pack and writes its index; returns its name, or nil when nothing was written.
    package func finish() throws(GitError) -> String? { try pack.finish() }

    private func writeBlob(_ bytes: [UInt8], id: ObjectID, path: String) throws(GitError) {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if try appendAsDelta(GIT_OBJECT_BLOB, bytes, id: id, against: reportBases[path] ?? folderBases[folder]) != nil {
            return
        }
        let offset = try pack.append(GIT_OBJECT_BLOB, bytes, id: id)
        let base = DeltaBase(base: GitDelta.Base(bytes, records: .lines), offset: offset)
        if let old = reportBases.updateValue(base, forKey: path) { baseBytes -= old.base.bytes.count }
        folderBases[folder] = base
        baseBytes += bytes.count
        baseOrder.append((path, offset))
        // Let go of the oldest report bases beyond the budget (each folder's last stays).
        while baseBytes > baseBudget, baseOrderStart < baseOrder.count {
            let (oldest, at) = baseOrder[baseOrderStart]
            baseOrderStart += 1
            if let old = reportBases[oldest], old.offset == at {
                reportBases[oldest] = nil
                baseBytes -= old.base.bytes.count
            }
        }
        if baseOrderStart > 4096 {
            baseOrder.removeFirst(baseOrderStart)
            baseOrderStart = 0
        }
    }

    /// Appends `bytes` as a delta against `base` when the delta is under a quarter of the
    /// object (a sixteenth for a tree: each version of a folder's tree differs from the last
    /// by an entry or two, so its deltas against the last whole one grow with every commit,
    /// and a whole tree every few dozen commits keeps the pack small); returns nil, and
    /// writes nothing, otherwise.
    private func appendAsDelta(
        _ type: git_object_t, _ bytes: [UInt8], id: ObjectID, against base: DeltaBase?
    ) throws(GitError) -> UInt64? {
        guard let base else { return nil }
        let delta = GitDelta.encode(from: base.base, to: bytes)
        guard delta.count < bytes.count / (type == GIT_OBJECT_TREE ? 16 : 4) else { return nil }
        return try pack.append(type, bytes, id: id, delta: (base.offset, delta))
    }

    /// The id of `node`'s tree, writing it and the changed trees below it.
    private func writeTree(_ node: TreeNode, path: String) throws(GitError) -> ObjectID {
        if let id = node.id { return id }
        for i in node.entries.indices {
            guard let child = node.entries[i].child, child.id == nil else { continue }
            node.entries[i].id = try writeTree(
                child, path: path.isEmpty ? node.entries[i].nameText : path + "/" + node.entries[i].nameText)
        }
        let bytes = node.serialized()
        let id = PackFileWriter.objectID(GIT_OBJECT_TREE, bytes)
        node.id = id
        if id != node.storedID, !pack.contains(id) {
            let offset: UInt64
            if let written = try appendAsDelta(GIT_OBJECT_TREE, bytes, id: id, against: node.base) {
                offset = written
            } else {
                offset = try pack.append(GIT_OBJECT_TREE, bytes, id: id)
                node.base = DeltaBase(base: GitDelta.Base(bytes, records: .treeEntries), offset: offset)
            }
        }
        return id
    }

    /// One tree, as far as the load has needed it: its entries in git's order, with the
    /// folders a path went into held as nodes.
    private final class TreeNode {
        struct Entry {
            var name: [UInt8]
            var mode: [UInt8]
            var id: ObjectID
            var child: TreeNode?
            var isFolder: Bool { mode == GitBulkWriter.folderMode }
            var nameText: String { String(decoding: name, as: UTF8.self) }
        }

        /// The tree's id; nil while it has changes not yet written.
        var id: ObjectID?
        /// The id it had when read from the vault (nil for a new folder).
        let storedID: ObjectID?
        var entries: [Entry] = []
        var loaded = false
        /// This tree as last stored whole, the base of its next versions' deltas.
        var base: DeltaBase?

        init(id: ObjectID?) {
            self.id = id
            storedID = id
            loaded = id == nil
        }

        /// Sets the file at `path` to `blob`, making folders as needed; false when it already
        /// was that blob.
        func set(
            _ path: ArraySlice<[UInt8]>, to blob: ObjectID, loading repository: GitRepository
        ) throws(GitError) -> Bool {
            try load(repository)
            let name = path.first!
            let folder = path.count > 1
            let (index, found) = try position(of: name, folder: folder)
            if !folder {
                if found {
                    guard entries[index].id != blob else { return false }
                    entries[index].id = blob
                } else {
                    entries.insert(Entry(name: name, mode: GitBulkWriter.fileMode, id: blob), at: index)
                }
                id = nil
                return true
            }
            if !found {
                entries.insert(
                    Entry(name: name, mode: GitBulkWriter.folderMode, id: blob, child: TreeNode(id: nil)), at: index)
            } else if entries[index].child == nil {
                entries[index].child = TreeNode(id: entries[index].id)
            }
            guard try entries[index].child!.set(path.dropFirst(), to: blob, loading: repository) else { return false }
            id = nil
            return true
        }

        /// Where `name` is or would go among the entries, in git's order: names compared as
        /// bytes, a folder's as if it ended in "/". An entry of the same name and the other kind
        /// sorts elsewhere; git allows only one of them, so finding one is a conflict.
        private func position(of name: [UInt8], folder: Bool) throws(GitError) -> (Int, Bool) {
            let (index, found) = search(name, folder: folder)
            if !found, search(name, folder: !folder).1 {
                throw GitError(
                    code: GitError.Code.exists, klass: 0,
                    message: folder ? "a file has this name" : "a folder has this name", operation: "load")
            }
            return (index, found)
        }

        private func search(_ name: [UInt8], folder: Bool) -> (Int, Bool) {
            var low = 0, high = entries.count
            while low < high {
                let middle = (low + high) / 2
                let order = GitBulkWriter.compare(entries[middle].name, entries[middle].isFolder, name, folder)
                if order == 0 { return (middle, true) }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return (low, false)
        }

        private func load(_ repository: GitRepository) throws(GitError) {
            guard !loaded, let storedID else { return }
            guard let raw = try repository.objectBytes(storedID, of: GIT_OBJECT_TREE) else {
                throw GitError(
                    code: GitError.Code.notFound, klass: 0, message: "no tree \(storedID)", operation: "load")
            }
            var i = 0
            while i < raw.count {
                let space = raw[i...].firstIndex(of: 0x20)!, nul = raw[space...].firstIndex(of: 0)!
                entries.append(
                    Entry(
                        name: Array(raw[space + 1..<nul]), mode: Array(raw[i..<space]),
                        id: ObjectID(bytes: Array(raw[nul + 1..<nul + 21]))))
                i = nul + 21
            }
            loaded = true
        }

        /// The tree object's bytes.
        func serialized() -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(entries.count * 64)
            for entry in entries {
                out.append(contentsOf: entry.mode)
                out.append(0x20)
                out.append(contentsOf: entry.name)
                out.append(0)
                out.append(contentsOf: entry.id.bytes)
            }
            return out
        }
    }

    private static let fileMode = Array("100644".utf8)
    private static let folderMode = Array("40000".utf8)

    /// git's order of tree entries (`base_name_compare`).
    private static func compare(_ a: [UInt8], _ aFolder: Bool, _ b: [UInt8], _ bFolder: Bool) -> Int {
        let common = min(a.count, b.count)
        for i in 0..<common where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        let x: UInt8 = a.count > common ? a[common] : (aFolder ? 0x2F : 0)
        let y: UInt8 = b.count > common ? b[common] : (bFolder ? 0x2F : 0)
        return x == y ? 0 : (x < y ? -1 : 1)
    }
}
