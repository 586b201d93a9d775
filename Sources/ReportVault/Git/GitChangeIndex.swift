import CGit2
import Foundation
import VaultJSON

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Which blob paths each commit of a branch changed against its first parent, in the order
/// ``GitRepository/walk(from:_:)`` visits the commits: what `vault log REPORT`, `history` and
/// `blame` need, without reading the trees of every commit on the branch each time. git's
/// answer to the same question is the commit-graph's changed-path Bloom filters; this one is
/// exact, so a reader still compares the blob ids of only the commits it names.
///
/// A cache derived from the repository's objects alone: kept in one file beside the
/// repository's own (never pushed, never in an object), and read again from the objects
/// whenever the file is missing, damaged (its CRC-32 or any count out of place), of another
/// format version, or made for another tip. When the branch has moved on by commits with one
/// parent each, only those commits are compared; otherwise the walk's order is read again and
/// only commits the file does not know are compared. Failing to write it (a read-only vault)
/// costs only speed.
package struct ChangeIndex: Equatable {
    /// The commit the walk starts from.
    package let tip: ObjectID
    /// Newest first, in the walk's order.
    private(set) var commits: [ObjectID] = []
    /// Every path some commit changed, once.
    package private(set) var paths: [String] = []
    /// Commit i changed `changed[start[i]..<start[i + 1]]`, numbers into `paths`.
    private var start: [Int] = [0]
    private var changed: [UInt32] = []
    private var numbers: [PathKey: UInt32] = [:]
    /// Each commit's author, a number into `authors` (each "name NUL email", as
    /// ``authorIdentity(_:)`` makes it): the stale-draft check of `vault commit` asks who
    /// changed a report, and reading the commits for it was most of a clerk's commit.
    private var authorOf: [UInt32] = []
    private(set) var authors: [String] = []
    private var authorNumbers: [String: UInt32] = [:]
    /// How many commits were compared with their parent to make this index (the others came
    /// from the file); not saved.
    var compared = 0

    init(tip: ObjectID) {
        self.tip = tip
    }

    /// A path as a dictionary key: hashed and compared as its UTF-8 bytes, as git names files
    /// (a String's own hashing normalises first, which for Chinese names was most of reading
    /// the file of a large vault).
    private struct PathKey: Hashable {
        let path: String
        func hash(into hasher: inout Hasher) {
            var bytes = path
            bytes.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
        static func == (a: PathKey, b: PathKey) -> Bool { sameScalars(a.path, b.path) }
    }

    /// The number of `path`, added when new.
    private mutating func number(_ path: String) -> UInt32 {
        if let n = numbers[PathKey(path: path)] { return n }
        let n = UInt32(paths.count)
        numbers[PathKey(path: path)] = n
        paths.append(path)
        return n
    }

    /// An author as the index keeps it: name and email, which no name or email can run together.
    static func authorIdentity(_ author: GitSignature) -> String { author.name + "\u{0}" + author.email }

    private mutating func authorNumber(_ identity: String) -> UInt32 {
        if let n = authorNumbers[identity] { return n }
        let n = UInt32(authors.count)
        authorNumbers[identity] = n
        authors.append(identity)
        return n
    }

    /// Adds the next commit of the walk (older than every one added before).
    mutating func append(_ commit: ObjectID, author: String, changed names: [String]) {
        commits.append(commit)
        authorOf.append(authorNumber(author))
        for name in names { changed.append(number(name)) }
        start.append(changed.count)
    }

    /// How another index's numbers map to this one's, learnt while copying its commits.
    struct Renumbering {
        fileprivate var paths: [UInt32?] = []
        fileprivate var authors: [UInt32?] = []
    }

    /// Adds commit number `i` of `other` next; `renumber` (new at first, kept between calls)
    /// maps `other`'s numbers to this index's.
    mutating func append(commitAt i: Int, of other: ChangeIndex, renumber: inout Renumbering) {
        if renumber.paths.isEmpty { renumber.paths = [UInt32?](repeating: nil, count: other.paths.count) }
        if renumber.authors.isEmpty { renumber.authors = [UInt32?](repeating: nil, count: other.authors.count) }
        commits.append(other.commits[i])
        let a = Int(other.authorOf[i])
        if renumber.authors[a] == nil { renumber.authors[a] = authorNumber(other.authors[a]) }
        authorOf.append(renumber.authors[a]!)
        for n in other.changed[other.start[i]..<other.start[i + 1]] {
            if let mine = renumber.paths[Int(n)] {
                changed.append(mine)
            } else {
                let mine = number(other.paths[Int(n)])
                renumber.paths[Int(n)] = mine
                changed.append(mine)
            }
        }
        start.append(changed.count)
    }

    /// The paths commit number `i` changed.
    func changedPaths(ofCommitAt i: Int) -> [String] {
        changed[start[i]..<start[i + 1]].map { paths[Int($0)] }
    }

    /// The commits that changed `path`, newest first.
    package func commits(changing path: String) -> [ObjectID] {
        changes(of: path).map(\.commit)
    }

    /// The same with each commit's author (``authorIdentity(_:)``).
    func changes(of path: String) -> [(commit: ObjectID, author: String)] {
        guard let n = numbers[PathKey(path: path)] else { return [] }
        return commits.indices.filter { changed[start[$0]..<start[$0 + 1]].contains(n) }.map {
            (commits[$0], authors[Int(authorOf[$0])])
        }
    }

    /// The same tip, commits and paths per commit (not how they were made).
    package static func == (a: ChangeIndex, b: ChangeIndex) -> Bool {
        a.tip == b.tip && a.commits == b.commits
            && a.commits.indices.allSatisfy {
                a.changedPaths(ofCommitAt: $0) == b.changedPaths(ofCommitAt: $0)
                    && a.authors[Int(a.authorOf[$0])] == b.authors[Int(b.authorOf[$0])]
            }
    }

    // MARK: - The file

    /// The format: `VAULTLOG`, a version, the tip's 20 bytes, the paths and then the authors
    /// (each its UTF-8 length and bytes), the commits newest first (each its 20 bytes, its
    /// author's number, how many paths it changed and their numbers), then the CRC-32 of
    /// everything before it; integers are 32-bit little-endian. (Version 1 had no authors.)
    static let magic = Array("VAULTLOG".utf8)
    static let version: UInt32 = 2

    var bytes: [UInt8] {
        var out = Self.magic
        out.reserveCapacity(64 + paths.count * 64 + commits.count * 28 + changed.count * 4)
        func put(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        put(Self.version)
        tip.append(to: &out)
        for text in [paths, authors] {
            put(UInt32(text.count))
            for item in text {
                put(UInt32(item.utf8.count))
                out += item.utf8
            }
        }
        put(UInt32(commits.count))
        for (i, commit) in commits.enumerated() {
            commit.append(to: &out)
            put(authorOf[i])
            put(UInt32(start[i + 1] - start[i]))
            for n in changed[start[i]..<start[i + 1]] { put(n) }
        }
        put(Self.crc(out[...]))
        return out
    }

    /// The index these bytes hold; nil for anything but an intact file of this version.
    init?(bytes: [UInt8]) {
        var reader = Reader(bytes: bytes)
        var trailer = Reader(bytes: bytes, at: max(0, bytes.count - 4))
        guard bytes.count >= Self.magic.count + 8, Self.crc(bytes[..<(bytes.count - 4)]) == trailer.u32(),
            reader.take(Self.magic.count) == Self.magic[...], reader.u32() == Self.version,
            let tip = reader.id(), let pathCount = reader.u32()
        else { return nil }
        self.init(tip: tip)
        for _ in 0..<pathCount {
            guard let length = reader.u32(), let name = reader.take(Int(length)),
                let path = String(validating: name, as: UTF8.self),
                numbers[PathKey(path: path)] == nil
            else { return nil }
            numbers[PathKey(path: path)] = UInt32(paths.count)
            paths.append(path)
        }
        guard let authorCount = reader.u32(), Int(authorCount) <= bytes.count / 4 else { return nil }
        for _ in 0..<authorCount {
            guard let length = reader.u32(), let name = reader.take(Int(length)),
                let author = String(validating: name, as: UTF8.self),
                authorNumbers[author] == nil
            else { return nil }
            authorNumbers[author] = UInt32(authors.count)
            authors.append(author)
        }
        guard let commitCount = reader.u32(), Int(commitCount) <= bytes.count / 28 else { return nil }
        authorOf.reserveCapacity(Int(commitCount))
        commits.reserveCapacity(Int(commitCount))
        start.reserveCapacity(Int(commitCount) + 1)
        for _ in 0..<commitCount {
            guard let id = reader.id(), let author = reader.u32(), author < UInt32(authors.count),
                let count = reader.u32(), Int(count) <= paths.count
            else { return nil }
            commits.append(id)
            authorOf.append(author)
            for _ in 0..<count {
                guard let n = reader.u32(), n < UInt32(paths.count) else { return nil }
                changed.append(n)
            }
            start.append(changed.count)
        }
        guard reader.offset == bytes.count - 4, commits.first == tip else { return nil }
    }

    private static func crc(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(bytes: [UInt8], at offset: Int = 0) {
            self.bytes = bytes
            self.offset = offset
        }

        mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }

        mutating func u32() -> UInt32? {
            take(4).map { s in s.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) } }
        }

        mutating func id() -> ObjectID? {
            take(20).map { s in s.withUnsafeBytes { ObjectID(raw: $0) } }
        }
    }

    /// The index in `file`, or nil when there is none or it is not intact.
    package static func load(from file: String) -> ChangeIndex? {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0, info.st_size < 64 << 20 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return ChangeIndex(bytes: bytes)
    }

    /// Writes the index to `file` under a temporary name, then renames it into place, so a
    /// reader sees the old file or the new one whole. Best effort: a failure leaves no file
    /// behind and is not reported (the index is only a cache). Temporary files a killed
    /// process left more than an hour ago are removed.
    func save(to file: String) {
        let slash = file.lastIndex(of: "/").map { file.index(after: $0) } ?? file.startIndex
        let folder = String(file[..<slash]), prefix = String(file[slash...]) + ".tmp."
        if let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) {
            for name in names where name.hasPrefix(prefix) {
                let path = folder + name
                if let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                    date.timeIntervalSinceNow < -3600
                {
                    unlink(path)
                }
            }
        }
        let temporary = file + ".tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let data = bytes
        var done = 0
        while done < data.count {
            let n = data.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            done += n
        }
        close(fd)
        if done != data.count || rename(temporary, file) != 0 { unlink(temporary) }
    }
}

extension GitRepository {
    /// The change index of the walk from `tip`, from `file` when it holds one for `tip`,
    /// brought up to date from the objects when not (and then written back to `file`).
    /// `loaded` is the file's index when the caller has read it already.
    package func changeIndex(at tip: ObjectID, cachedIn file: String, loaded: ChangeIndex?? = nil) throws -> ChangeIndex
    {
        let old = loaded ?? ChangeIndex.load(from: file)
        if let old, old.tip == tip { return old }
        var index = ChangeIndex(tip: tip)
        var trees = TreePair()
        if let old, let chain = try oneParentChain(from: tip, to: old.tip, in: old) {
            // Commits with one parent each, on top of the old tip: the walk meets them first,
            // newest first, and then exactly the old walk.
            for id in chain {
                let (author, changed) = try changedBlobPaths(in: id, trees: &trees)
                index.append(id, author: author, changed: changed)
                index.compared += 1
            }
            var renumber = ChangeIndex.Renumbering()
            for i in old.commits.indices { index.append(commitAt: i, of: old, renumber: &renumber) }
        } else {
            var known: [ObjectID: Int] = [:]
            if let old { for (i, id) in old.commits.enumerated() { known[id] = i } }
            var renumber = ChangeIndex.Renumbering()
            try walk(from: tip) { id in
                if let old, let i = known[id] {
                    index.append(commitAt: i, of: old, renumber: &renumber)
                } else {
                    let (author, changed) = try changedBlobPaths(in: id, trees: &trees)
                    index.append(id, author: author, changed: changed)
                    index.compared += 1
                }
                return true
            }
        }
        index.save(to: file)
        return index
    }

    /// Puts `commits` (oldest first, each the only parent of the next, the first on top of
    /// `base`) before the index in `file` when that was made for `base` — as `vault load`
    /// writes a chain it knows the changes of. Leaves any other file for the next reader to
    /// bring up to date.
    package func extendChangeIndex(
        in file: String, from base: ObjectID?, by commits: [(commit: ObjectID, changed: [String])], author: String
    ) {
        guard let tip = commits.last?.commit else { return }
        let old = base == nil ? nil : ChangeIndex.load(from: file)
        guard base == nil || old?.tip == base else { return }
        var index = ChangeIndex(tip: tip)
        for (id, changed) in commits.reversed() { index.append(id, author: author, changed: changed) }
        var renumber = ChangeIndex.Renumbering()
        if let old { for i in old.commits.indices { index.append(commitAt: i, of: old, renumber: &renumber) } }
        index.save(to: file)
    }

    /// The commits from `tip` down to `base` (not included), newest first, when each has
    /// exactly one parent and `base` is reached along them; nil otherwise — as soon as the
    /// chain meets a commit of `old` other than `base` (the branch was moved back or rewritten).
    private func oneParentChain(
        from tip: ObjectID, to base: ObjectID, in old: ChangeIndex
    ) throws(GitError) -> [ObjectID]? {
        var chain: [ObjectID] = []
        var id = tip
        let known = Set(old.commits)
        while id != base {
            guard !known.contains(id) else { return nil }
            let parents = try lookupCommit(id).parents
            guard parents.count == 1 else { return nil }
            chain.append(id)
            id = parents[0]
        }
        return chain
    }

    /// Trees opened for the commit compared last, by id: walking a branch, a commit's parent's
    /// trees are the next commit's own, read once for both.
    struct TreePair {
        var last: [ObjectID: GitTree] = [:]
        var current: [ObjectID: GitTree] = [:]
    }

    /// The author of `commit`, and the paths of blobs it added, changed or removed against its first parent (every
    /// blob of a root commit), or that became or stopped being blobs — the paths where the
    /// blob a reader finds differs. Subtrees are compared by id and opened only where they
    /// differ, as git's tree diff does, without building a diff.
    func changedBlobPaths(
        in commit: ObjectID, trees: inout TreePair
    ) throws(GitError) -> (author: String, paths: [String]) {
        let c = try lookupCommit(commit)
        let parentTree = try c.parents.first.map { p throws(GitError) in try lookupCommit(p).treeID }
        var out: [String] = []
        trees.current = [:]
        try compareTrees(parentTree, c.treeID, prefix: "", trees: &trees, into: &out)
        // The parent's trees, opened now, are those the next commit of a walk opens as its own.
        trees.last = trees.current
        return (ChangeIndex.authorIdentity(c.author), out)
    }

    private typealias Entry = (id: ObjectID, type: git_object_t)

    private func compareTrees(
        _ old: ObjectID?, _ new: ObjectID?, prefix: String, trees: inout TreePair, into out: inout [String]
    ) throws(GitError) {
        func open(_ id: ObjectID?, keep: Bool) throws(GitError) -> GitTree? {
            guard let id else { return nil }
            let tree: GitTree
            if let known = trees.last[id] { tree = known } else { tree = try lookupTree(id) }
            if keep { trees.current[id] = tree }
            return tree
        }
        let a = try open(old, keep: true)
        let b = try open(new, keep: false)
        func entry(_ tree: GitTree, _ i: Int) -> (name: UnsafePointer<CChar>, entry: Entry) {
            let e = git_tree_entry_byindex(tree.pointer, i)!
            return (git_tree_entry_name(e), (ObjectID(git_tree_entry_id(e).pointee), git_tree_entry_type(e)))
        }
        let countA = a.map { git_tree_entrycount($0.pointer) } ?? 0
        let countB = b.map { git_tree_entrycount($0.pointer) } ?? 0
        // Usually the same names in the same places: compare them pairwise, ids first as
        // libgit2 holds them (a folder of 2,000 reports is 2,000 pairs per commit).
        if let a, let b, countA == countB {
            var pairs: [(String, Entry, Entry)] = []
            var same = true
            for i in 0..<countA {
                let x = git_tree_entry_byindex(a.pointer, i)!, y = git_tree_entry_byindex(b.pointer, i)!
                guard strcmp(git_tree_entry_name(x), git_tree_entry_name(y)) == 0 else {
                    same = false
                    break
                }
                if git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(y)) != 0,
                    git_tree_entry_type(x) == git_tree_entry_type(y)
                {
                    continue
                }
                let ex = entry(a, i), ey = entry(b, i)
                pairs.append((String(cString: ex.name), ex.entry, ey.entry))
            }
            if same {
                for (name, x, y) in pairs { try changed(name, x, y, prefix: prefix, trees: &trees, into: &out) }
                return
            }
        }
        // Names added or removed: both lists are in git's order, so walk them side by side.
        var i = 0, j = 0
        while i < countA || j < countB {
            let x = i < countA ? entry(a!, i) : nil
            let y = j < countB ? entry(b!, j) : nil
            let order: Int
            if let x, let y {
                order = Self.gitOrder(x.name, x.entry.type == GIT_OBJECT_TREE, y.name, y.entry.type == GIT_OBJECT_TREE)
            } else {
                order = x == nil ? 1 : -1
            }
            if order < 0 {
                try changed(String(cString: x!.name), x!.entry, nil, prefix: prefix, trees: &trees, into: &out)
                i += 1
            } else if order > 0 {
                try changed(String(cString: y!.name), nil, y!.entry, prefix: prefix, trees: &trees, into: &out)
                j += 1
            } else {
                if x!.entry.id != y!.entry.id || x!.entry.type != y!.entry.type {
                    try changed(String(cString: x!.name), x!.entry, y!.entry, prefix: prefix, trees: &trees, into: &out)
                }
                i += 1
                j += 1
            }
        }
    }

    /// Compares two entry names as git sorts a tree's entries: bytewise, a folder's name as
    /// if it ended in `/`.
    private static func gitOrder(
        _ a: UnsafePointer<CChar>, _ aIsTree: Bool, _ b: UnsafePointer<CChar>, _ bIsTree: Bool
    ) -> Int {
        let la = strlen(a), lb = strlen(b)
        let n = min(la, lb)
        let c = memcmp(a, b, n)
        if c != 0 { return Int(c) }
        let ca = la > n ? UInt8(bitPattern: a[n]) : (aIsTree ? UInt8(ascii: "/") : 0)
        let cb = lb > n ? UInt8(bitPattern: b[n]) : (bIsTree ? UInt8(ascii: "/") : 0)
        return Int(ca) - Int(cb)
    }

    private func changed(
        _ name: String, _ old: Entry?, _ new: Entry?, prefix: String, trees: inout TreePair, into out: inout [String]
    ) throws(GitError) {
        let path = prefix.isEmpty ? name : prefix + "/" + name
        let oldTree = old.flatMap { $0.type == GIT_OBJECT_TREE ? $0.id : nil }
        let newTree = new.flatMap { $0.type == GIT_OBJECT_TREE ? $0.id : nil }
        if oldTree != nil || newTree != nil {
            try compareTrees(oldTree, newTree, prefix: path, trees: &trees, into: &out)
        }
        if old?.type == GIT_OBJECT_BLOB || new?.type == GIT_OBJECT_BLOB { out.append(path) }
    }
}
