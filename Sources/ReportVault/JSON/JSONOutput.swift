/// A command's `--json` output: a typed value and its JSON rendering.
///
/// Each conforming type's shape is documented by a JSON Schema in the package's `schema/`
/// folder (`schema/<command>-output.schema.json`); the command prints `json` in the stored
/// layout (``CanonicalJSON/stored(_:)``).
public protocol JSONOutput: Sendable {
    /// The value as JSON.
    var json: JSONValue { get }
}

extension JSONValue {
    /// A string, or null when absent.
    package static func orNull(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// A count as a JSON number.
    package static func count(_ n: Int) -> JSONValue { .number(Double(n)) }
}
