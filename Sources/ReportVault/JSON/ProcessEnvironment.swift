import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's environment variables, read without Foundation's `ProcessInfo.environment`,
/// which builds a dictionary of every variable at each call (≈ 0.5 M instructions here, and a
/// commit asked it nine times).
public enum ProcessEnvironment {
    /// One variable's value; nil when it is not set.
    public static subscript(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// One variable's value; nil when it is not set or empty.
    public static func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }

    /// Every variable, as the process started with them (read once: the command line reads it
    /// to resolve an author or to pass to a child process, never after changing it).
    public static let all: [String: String] = {
        #if canImport(Glibc)
            var out: [String: String] = [:]
            var entry: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = environ
            while let pointer = entry.pointee {
                let text = String(cString: pointer)
                if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                    let name = String(text[..<equals])
                    if out[name] == nil { out[name] = String(text[text.utf8.index(after: equals)...]) }
                }
                entry += 1
            }
            return out
        #else
            return ProcessInfo.processInfo.environment
        #endif
    }()
}
