/// Why a byte sequence is not acceptable JSON, and where (1-based line and column;
/// the column counts Unicode scalars).
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var problem: String

    public var description: String { "\(line):\(column): \(problem)" }
}
