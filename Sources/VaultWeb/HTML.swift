/// A piece of an HTML page, built from typed parts instead of concatenated strings: element
/// and attribute names are compile-time constants, and every text or attribute value is
/// escaped when the page is rendered — a unit name or a commit message holding `<script>`
/// shows as text. The only markup taken as it is, is the page's own style sheet (a constant).
public struct Node: Sendable {
    enum Kind: Sendable {
        case element(tag: StaticString, attributes: [Attribute], children: [Node])
        case text(String)
        /// A constant of this module (the style sheet), never data.
        case constant(StaticString)
    }

    let kind: Kind

    /// Text, escaped when rendered.
    public static func text(_ s: String) -> Node { Node(kind: .text(s)) }

    static func constant(_ s: StaticString) -> Node { Node(kind: .constant(s)) }

    /// The node and its children as HTML.
    public var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch kind {
        case .text(let s): out += Self.escape(s)
        case .constant(let s): out += s.description
        case .element(let tag, let attributes, let children):
            out += "<\(tag)"
            for a in attributes {
                out += " \(a.name)=\""
                out += Self.escape(a.value)
                out += "\""
            }
            out += ">"
            if Self.void.contains(tag.description) { return }
            for child in children { child.render(into: &out) }
            out += "</\(tag)>"
        }
    }

    /// Elements HTML writes without an end tag.
    static let void: Set<String> = ["br", "input", "meta", "link", "img", "hr", "col"]

    /// Text safe in element content and in a quoted attribute value, without the controls
    /// that change the direction of the text around it.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Direction controls (U+202E turns "txt.exe" into "exe.txt") in a label or a
            // commit message would reorder the page around them: they are dropped.
            case "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}": continue
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// One attribute: a constant name and an escaped value.
public struct Attribute: Sendable {
    let name: StaticString
    let value: String

    public init(_ name: StaticString, _ value: String) {
        self.name = name
        self.value = value
    }

    public static func `class`(_ value: String) -> Attribute { Attribute("class", value) }
    public static func href(_ value: String) -> Attribute { Attribute("href", value) }
    public static func id(_ value: String) -> Attribute { Attribute("id", value) }
}

/// Builds children from statements: nodes, strings (as text), optionals, loops and branches.
@resultBuilder
public enum NodeBuilder {
    public static func buildBlock(_ parts: [Node]...) -> [Node] { parts.flatMap { $0 } }
    public static func buildExpression(_ node: Node) -> [Node] { [node] }
    public static func buildExpression(_ nodes: [Node]) -> [Node] { nodes }
    public static func buildExpression(_ text: String) -> [Node] { [.text(text)] }
    public static func buildOptional(_ nodes: [Node]?) -> [Node] { nodes ?? [] }
    public static func buildEither(first nodes: [Node]) -> [Node] { nodes }
    public static func buildEither(second nodes: [Node]) -> [Node] { nodes }
    public static func buildArray(_ parts: [[Node]]) -> [Node] { parts.flatMap { $0 } }
}

/// An element with attributes and children.
public func el(
    _ tag: StaticString, _ attributes: Attribute..., @NodeBuilder content children: () -> [Node] = { [] }
) -> Node {
    Node(kind: .element(tag: tag, attributes: attributes, children: children()))
}

/// An element with attributes given as an array (some present only sometimes).
public func el(
    _ tag: StaticString, attributes: [Attribute], @NodeBuilder content children: () -> [Node] = { [] }
) -> Node {
    Node(kind: .element(tag: tag, attributes: attributes, children: children()))
}
