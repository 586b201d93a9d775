import CGit2
import Crypto

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Writes one pack file and its index straight from objects, as `git fast-import` does: each
/// object is deflated once and appended, either whole or as a delta against an earlier object
/// of the same pack (`OFS_DELTA`), and the index is written from the ids, offsets and CRCs
/// kept on the way — no loose objects, no pack builder, no second pass over the objects.
///
/// The formats are git's (`gitformat-pack`: pack version 2, index version 2); libgit2 reads
/// the result like any other pack. The pack is written under a temporary name in
/// `objects/pack` and only gets its final name, index last, by ``finish()``: until then no
/// reader sees it, and a process killed half-way leaves a `tmp_pack_*` file and nothing else.
final class PackFileWriter {
    /// Where an object is in the pack, and the CRC-32 of its stored bytes (header and data).
    private struct Entry {
        var offset: UInt64
        var crc: UInt32
    }

    private let folder: String
    private let temporaryPath: String
    private let durable: Bool
    private var descriptor: Int32
    /// Bytes not yet written to the file.
    private var buffer: [UInt8] = []
    /// Bytes written to the file so far.
    private var flushed: UInt64 = 0
    private var entries: [ObjectID: Entry] = [:]
    /// Reused between objects: deflate's output.
    private var deflated: [UInt8] = []

    /// The offset the next object will get.
    private var offset: UInt64 { flushed + UInt64(buffer.count) }

    /// Objects written so far.
    var count: Int { entries.count }

    /// Starts a pack in `objectsFolder/pack`; fsyncs the pack, its index and the folder when
    /// `durable`.
    init(objectsFolder: String, durable: Bool) throws(GitError) {
        folder = objectsFolder.hasSuffix("/") ? objectsFolder + "pack/" : objectsFolder + "/pack/"
        self.durable = durable
        mkdir(folder, 0o755)
        var template = Array((folder + "tmp_pack_XXXXXX").utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard descriptor >= 0 else { throw Self.osError("mkstemp(\(folder))") }
        // Version 2; the object count is filled in by finish().
        buffer = Array("PACK".utf8) + [0, 0, 0, 2, 0, 0, 0, 0]
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        // Gone already when the pack was named; left by a load that failed or stopped.
        unlink(temporaryPath)
    }

    /// Whether the pack holds `id` already.
    func contains(_ id: ObjectID) -> Bool { entries[id] != nil }

    /// Appends `data` as an object of `type` whose id is `id` (the caller hashed it, see
    /// ``objectID(_:_:)``), or as `delta` (from ``GitDelta/encode(from:to:)``) against the
    /// object at `base`. Returns the object's offset, which later deltas name as their base.
    @discardableResult
    func append(
        _ type: git_object_t, _ data: [UInt8], id: ObjectID, delta: (base: UInt64, bytes: [UInt8])? = nil
    ) throws(GitError) -> UInt64 {
        let start = offset
        let headerStart = buffer.count
        let body = delta?.bytes ?? data
        // Type and size: the size's low 4 bits in the first byte, then 7 bits per byte.
        let kind: UInt8 = delta == nil ? UInt8(type.rawValue) : 6  // OBJ_OFS_DELTA
        var size = body.count
        var first = kind << 4 | UInt8(size & 0x0f)
        size >>= 4
        while size > 0 {
            buffer.append(first | 0x80)
            first = UInt8(size & 0x7f)
            size >>= 7
        }
        buffer.append(first)
        if let delta {
            // The distance back to the base, most significant group first, each continued
            // group stored minus one (so no two encodings mean the same distance).
            var distance = start - delta.base
            var groups = [UInt8(distance & 0x7f)]
            distance >>= 7
            while distance > 0 {
                distance -= 1
                groups.append(0x80 | UInt8(distance & 0x7f))
                distance >>= 7
            }
            buffer.append(contentsOf: groups.reversed())
        }
        try deflate(body)
        buffer.append(contentsOf: deflated)
        let crc = buffer[headerStart...].withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        entries[id] = Entry(offset: start, crc: crc)
        if buffer.count >= 1 << 20 { try flush() }
        return start
    }

    /// Names the pack and writes its index: fills in the object count, appends the pack's
    /// SHA-1, writes `pack-<sha>.idx` and moves the pack to `pack-<sha>.pack` (fsynced first
    /// when durable). Returns the name (`pack-<sha>`), or nil when no object was written.
    func finish() throws(GitError) -> String? {
        guard !entries.isEmpty else { return nil }
        try flush()
        // The count, then the checksum of the whole file: it has to be read back, since the
        // count at its start was not known while writing.
        var count = UInt32(entries.count).bigEndian
        guard pwrite(descriptor, &count, 4, 8) == 4 else { throw Self.osError("write(\(temporaryPath))") }
        var hasher = Insecure.SHA1()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var position: off_t = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, position) }
            guard n >= 0 else { throw Self.osError("read(\(temporaryPath))") }
            if n == 0 { break }
            hasher.update(data: chunk[0..<n])
            position += off_t(n)
        }
        let checksum = Array(hasher.finalize())
        buffer = checksum
        try flush()
        if durable, fsync(descriptor) != 0 { throw Self.osError("fsync(\(temporaryPath))") }
        close(descriptor)
        descriptor = -1

        let name = "pack-" + ObjectID(bytes: checksum).hex
        // A pack is read only through its index, so the pack takes its name first.
        guard rename(temporaryPath, folder + name + ".pack") == 0 else {
            throw Self.osError("rename(\(temporaryPath))")
        }
        do {
            try writeFile(folder + name + ".idx", indexBytes(packChecksum: checksum))
        } catch {
            unlink(folder + name + ".pack")
            throw error
        }
        if durable {
            let directory = open(folder, O_RDONLY)
            if directory >= 0 {
                fsync(directory)
                close(directory)
            }
        }
        return name
    }

    /// The index (version 2): fan-out table, sorted ids, CRCs, offsets (large ones in a
    /// second table), the pack's checksum, and the index's own.
    private func indexBytes(packChecksum: [UInt8]) -> [UInt8] {
        let sorted = entries.sorted { $0.key < $1.key }
        var out: [UInt8] = [0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]
        out.reserveCapacity(8 + 1024 + sorted.count * 28 + 40)
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) } }
        var fanout = [UInt32](repeating: 0, count: 256)
        for (id, _) in sorted { fanout[Int(id.bytes[0])] += 1 }
        var running: UInt32 = 0
        for i in 0..<256 {
            running += fanout[i]
            append32(running)
        }
        for (id, _) in sorted { out.append(contentsOf: id.bytes) }
        for (_, entry) in sorted { append32(entry.crc) }
        var large: [UInt64] = []
        for (_, entry) in sorted {
            if entry.offset < 0x8000_0000 {
                append32(UInt32(entry.offset))
            } else {
                append32(0x8000_0000 | UInt32(large.count))
                large.append(entry.offset)
            }
        }
        for value in large { withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) } }
        out.append(contentsOf: packChecksum)
        out.append(contentsOf: Insecure.SHA1.hash(data: out))
        return out
    }

    private func writeFile(_ path: String, _ bytes: [UInt8]) throws(GitError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o444)
        guard fd >= 0 else { throw Self.osError("open(\(temporary))") }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = !durable || fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Self.osError("write(\(path))")
        }
    }

    private func flush() throws(GitError) {
        var done = 0
        while done < buffer.count {
            let n = buffer[done...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Self.osError("write(\(temporaryPath))") }
            done += n
        }
        flushed += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Deflates `data` (zlib's default level, as git's `core.compression`) into `deflated`.
    private func deflate(_ data: [UInt8]) throws(GitError) {
        var length = compressBound(uLong(data.count))
        if deflated.count < Int(length) { deflated = [UInt8](repeating: 0, count: Int(length)) }
        let code = data.withUnsafeBufferPointer { source in
            deflated.withUnsafeMutableBufferPointer { target in
                compress2(target.baseAddress, &length, source.baseAddress, uLong(source.count), Z_DEFAULT_COMPRESSION)
            }
        }
        guard code == Z_OK else {
            throw GitError(code: GitError.Code.generic, klass: 0, message: "zlib error \(code)", operation: "compress2")
        }
        deflated.removeLast(deflated.count - Int(length))
    }

    private static func osError(_ operation: String) -> GitError {
        GitError(
            code: GitError.Code.generic, klass: GitError.Class.os, message: String(cString: strerror(errno)),
            operation: operation)
    }

    /// The id git gives an object of `type` with these bytes: the SHA-1 of "<type> <size>\0"
    /// and the bytes.
    static func objectID(_ type: git_object_t, _ data: [UInt8]) -> ObjectID {
        let name: String
        switch type {
        case GIT_OBJECT_COMMIT: name = "commit"
        case GIT_OBJECT_TREE: name = "tree"
        case GIT_OBJECT_TAG: name = "tag"
        default: name = "blob"
        }
        var hasher = Insecure.SHA1()
        hasher.update(data: Array("\(name) \(data.count)\0".utf8))
        hasher.update(data: data)
        return ObjectID(bytes: Array(hasher.finalize()))
    }
}

/// Git's delta format (`gitformat-pack`, "Deltified representation"): the sizes of base and
/// result, then instructions that copy a range of the base or insert new bytes. `encode`
/// cuts both texts into records — lines for reports, entries for trees — and copies every
/// record the base has, so a report with three changed figures is three inserted lines and a
/// few copies.
enum GitDelta {
    /// Where the records of a text end.
    enum Records {
        /// Each line with its newline (the stored form of a report has one member per line).
        case lines
        /// Each entry of a tree object: "<mode> <name>\0" and a 20-byte id.
        case treeEntries
    }

    /// A base cut into records, with the offset of the first record of each content.
    struct Base {
        let bytes: [UInt8]
        let records: Records
        fileprivate var firstOffset: [UInt64: Int] = [:]

        init(_ bytes: [UInt8], records: Records) {
            self.bytes = bytes
            self.records = records
            GitDelta.forEachRecord(bytes, records) { start, end in
                if end - start >= GitDelta.shortestCopy {
                    let key = GitDelta.fingerprint(bytes, start, end)
                    if firstOffset[key] == nil { firstOffset[key] = start }
                }
            }
        }
    }

    /// Records shorter than this are inserted rather than looked up: a copy instruction
    /// takes up to 8 bytes.
    fileprivate static let shortestCopy = 8

    /// The delta that makes `target` from `base`.
    static func encode(from base: Base, to target: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        func appendSize(_ value: Int) {
            var v = value
            while v >= 0x80 {
                out.append(UInt8(v & 0x7f) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        appendSize(base.bytes.count)
        appendSize(target.count)
        var copyStart = 0, copyLength = 0
        var insertStart = 0, insertLength = 0

        func flushCopy() {
            var start = copyStart, remaining = copyLength
            while remaining > 0 {
                let length = min(remaining, 0x00ff_ffff)
                var op: UInt8 = 0x80
                var operands: [UInt8] = []
                for i in 0..<4 where (start >> (8 * i)) & 0xff != 0 {
                    op |= 1 << i
                    operands.append(UInt8((start >> (8 * i)) & 0xff))
                }
                for i in 0..<3 where (length >> (8 * i)) & 0xff != 0 {
                    op |= 1 << (4 + i)
                    operands.append(UInt8((length >> (8 * i)) & 0xff))
                }
                out.append(op)
                out.append(contentsOf: operands)
                start += length
                remaining -= length
            }
            copyLength = 0
        }
        func flushInsert() {
            var start = insertStart, remaining = insertLength
            while remaining > 0 {
                let length = min(remaining, 0x7f)
                out.append(UInt8(length))
                out.append(contentsOf: target[start..<start + length])
                start += length
                remaining -= length
            }
            insertLength = 0
        }

        base.bytes.withUnsafeBufferPointer { b in
            target.withUnsafeBufferPointer { t in
                func same(_ baseStart: Int, _ start: Int, _ length: Int) -> Bool {
                    baseStart + length <= b.count
                        && memcmp(b.baseAddress! + baseStart, t.baseAddress! + start, length) == 0
                }
                forEachRecord(target, base.records) { start, end in
                    let length = end - start
                    if copyLength > 0, same(copyStart + copyLength, start, length) {
                        copyLength += length
                        return
                    }
                    if length >= shortestCopy, let found = base.firstOffset[fingerprint(target, start, end)],
                        same(found, start, length)
                    {
                        flushCopy()
                        flushInsert()
                        copyStart = found
                        copyLength = length
                        return
                    }
                    flushCopy()
                    if insertLength == 0 { insertStart = start }
                    insertLength += length
                }
            }
        }
        flushCopy()
        flushInsert()
        return out
    }

    fileprivate static func forEachRecord(_ bytes: [UInt8], _ records: Records, _ body: (Int, Int) -> Void) {
        // A line ends with its newline; a tree entry 20 bytes (its id) after its name's NUL.
        let (terminator, trailing): (UInt8, Int) = records == .lines ? (0x0A, 0) : (0, 20)
        bytes.withUnsafeBufferPointer { p in
            var start = 0
            while start < p.count {
                var end = start
                while end < p.count, p[end] != terminator { end += 1 }
                end = min(end + 1 + trailing, p.count)
                body(start, end)
                start = end
            }
        }
    }

    /// FNV-1a of a record.
    fileprivate static func fingerprint(_ bytes: [UInt8], _ start: Int, _ end: Int) -> UInt64 {
        bytes.withUnsafeBufferPointer { p in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for i in start..<end { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
            return h
        }
    }
}
