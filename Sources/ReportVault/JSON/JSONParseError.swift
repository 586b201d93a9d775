/// Why a byte sequence is not acceptable JSON, and where (1-based line and column;
/// the column counts Unicode scalars).
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// What is wrong, in either language (`json.*` in the message catalogue).
    public var problem: Message

    public var description: String { "\(line):\(column): \(problem)" }
}
