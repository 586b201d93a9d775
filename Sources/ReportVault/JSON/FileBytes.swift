#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#else
    import Darwin
    private let systemRead = Darwin.read
#endif

/// Reading a whole file (a report the user names, a work-tree copy, a bundled resource) with
/// the C library's open, fstat and read: Foundation's FileManager answers the same questions
/// through dictionaries of attributes and dynamic casts (≈ 1 M instructions for a report).
package enum FileBytes {
    /// What reading a file came to.
    package enum Outcome {
        case bytes([UInt8])
        case missing
        case directory
        /// Larger than the limit, by its size in bytes (nothing read).
        case tooLarge(Int)
        case unreadable
    }

    /// The whole file at `path`, refused unread when it is larger than `limit` bytes.
    package static func read(_ path: String, limit: Int) -> Outcome {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return .unreadable }
        if (status.st_mode & S_IFMT) == S_IFDIR { return .directory }
        let size = Int(status.st_size)
        if size > limit { return .tooLarge(size) }
        // The size fstat gives, read in one call for a regular file; more as it comes (a pipe).
        var bytes = [UInt8](repeating: 0, count: max(size + 1, 4096))
        var count = 0
        while true {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: bytes.count) }
            let n = bytes.withUnsafeMutableBufferPointer { systemRead(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return .unreadable }
            if n == 0 { break }
            count += n
            if count > limit { return .tooLarge(count) }  // a pipe or device has no size to refuse by
        }
        bytes.removeSubrange(count...)
        return .bytes(bytes)
    }

    /// The whole file at `path`, or nil when it cannot be read; a folder there reads as
    /// empty (something other than any version of a report: the work tree leaves it be).
    package static func read(_ path: String) -> [UInt8]? {
        switch read(path, limit: Int.max) {
        case .bytes(let bytes): return bytes
        case .directory: return []
        case .missing, .tooLarge, .unreadable: return nil
        }
    }
}
