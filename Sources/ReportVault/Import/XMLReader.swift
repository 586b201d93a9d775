#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Reads XML as Office documents hold it (`word/document.xml` and its neighbours) and hands
/// each element's start and end and each run of text to a delegate, in document order.
///
/// Elements, attributes, text, CDATA sections, comments and processing instructions; the five
/// predefined entities and character references. A document type declaration is refused:
/// Office Open XML has none, and the entities one declares are an old way to make a reader
/// expand a small file without end. Names are handed over without their namespace prefix
/// (`w:p` → `p`); attributes keep their qualified names (`w:val`). Text outside the root
/// element must be white space.
///
/// Written for the tool rather than taken from Foundation's XMLParser, which brings libxml2
/// and ICU into every process at start-up (0.45 ms a command) for the one that imports.
struct XMLReader {
    /// What a reader is told.
    protocol Delegate: AnyObject {
        func start(_ name: String, attributes: [String: String])
        func end(_ name: String)
        func text(_ text: String)
    }

    /// Why the bytes are not XML the reader can read.
    enum Failure: Error, Equatable {
        /// The document stops inside an element (a truncated file).
        case truncated
        /// Not well-formed at `line` (1-based).
        case malformed(line: Int, problem: String)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var open: [Range<Int>] = []
    private var sawRoot = false

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Reads `data` (UTF-8, or UTF-16 with its byte order mark) through to its end.
    static func read(_ data: [UInt8], into delegate: Delegate) throws(Failure) {
        var data = data
        if data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE]) {
            let big = data[0] == 0xFE
            var units: [UInt16] = []
            for k in stride(from: 2, to: data.count - 1, by: 2) {
                let high = UInt16(big ? data[k] : data[k + 1]), low = UInt16(big ? data[k + 1] : data[k])
                units.append(high << 8 | low)
            }
            guard let text = String(validating: units, as: UTF16.self) else {
                throw .malformed(line: 1, problem: "not valid UTF-16")
            }
            data = Array(text.utf8)
        } else if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            data.removeFirst(3)
        }
        // Line ends read as XML reads them: CR LF and a lone CR are one LF.
        if data.contains(0x0D) {
            var normalised: [UInt8] = []
            normalised.reserveCapacity(data.count)
            for (k, b) in data.enumerated() where !(b == 0x0D && k + 1 < data.count && data[k + 1] == 0x0A) {
                normalised.append(b == 0x0D ? 0x0A : b)
            }
            data = normalised
        }
        let result: Result<Void, Failure> = data.withUnsafeBufferPointer { buffer in
            var reader = XMLReader(buffer)
            do throws(Failure) {
                try reader.document(delegate)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    // MARK: - Grammar

    private mutating func document(_ delegate: Delegate) throws(Failure) {
        while i < bytes.count {
            guard let lt = find(UInt8(ascii: "<")) else {
                try text(upTo: bytes.count, delegate)
                i = bytes.count
                break
            }
            try text(upTo: lt, delegate)
            i = lt
            if has("<?") {
                try skip(past: "?>")
            } else if has("<!--") {
                try skip(past: "-->")
            } else if has("<![CDATA[") {
                let start = i + 9
                try skip(past: "]]>")
                guard !open.isEmpty else { throw malformed("character data outside the root element") }
                delegate.text(try string(start..<(i - 3)))
            } else if has("<!") {
                throw malformed("a document type declaration, which Office documents do not have")
            } else if has("</") {
                i += 2
                let name = try self.name()
                skipSpace()
                guard i < bytes.count else { throw .truncated }
                guard bytes[i] == UInt8(ascii: ">") else { throw malformed("an end tag that does not close with >") }
                i += 1
                guard let top = open.popLast() else { throw malformed("an end tag with no element open") }
                guard bytes[top].elementsEqual(bytes[name]) else {
                    throw malformed(
                        "</\(String(decoding: bytes[name], as: UTF8.self))> closes <\(String(decoding: bytes[top], as: UTF8.self))>"
                    )
                }
                delegate.end(try localName(name))
            } else {
                try element(delegate)
            }
        }
        if !open.isEmpty { throw .truncated }
        if !sawRoot { throw malformed("no root element") }
    }

    /// A start tag (`<name attr="value" …>` or `…/>`) at `i`.
    private mutating func element(_ delegate: Delegate) throws(Failure) {
        if open.isEmpty && sawRoot { throw malformed("a second root element") }
        i += 1
        let name = try self.name()
        var attributes: [String: String] = [:]
        while true {
            let spaced = skipSpace()
            guard i < bytes.count else { throw .truncated }
            if bytes[i] == UInt8(ascii: ">") || has("/>") { break }
            guard spaced else { throw malformed("attributes not separated by white space") }
            let key = try self.name()
            skipSpace()
            guard i < bytes.count else { throw .truncated }
            guard bytes[i] == UInt8(ascii: "=") else { throw malformed("an attribute without a value") }
            i += 1
            skipSpace()
            guard i < bytes.count else { throw .truncated }
            let quote = bytes[i]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw malformed("an attribute value without quotes")
            }
            i += 1
            guard let close = find(quote) else { throw .truncated }
            let raw = bytes[i..<close]
            if raw.contains(UInt8(ascii: "<")) { throw malformed("< inside an attribute value") }
            // White space characters written in a value read as spaces (attribute-value
            // normalisation; one written as a character reference stays what it is).
            let value = try decode(i..<close, normalizingSpace: true)
            i = close + 1
            let keyText = try string(key)
            guard attributes.updateValue(value, forKey: keyText) == nil else {
                throw malformed("the attribute \(keyText) given twice")
            }
        }
        sawRoot = true
        let local = try localName(name)
        if bytes[i] == UInt8(ascii: ">") {
            i += 1
            open.append(name)
            delegate.start(local, attributes: attributes)
        } else {
            i += 2
            delegate.start(local, attributes: attributes)
            delegate.end(local)
        }
    }

    /// Text from `i` to `end`: handed over inside the root element, else it must be white space.
    private mutating func text(upTo end: Int, _ delegate: Delegate) throws(Failure) {
        guard end > i else { return }
        if open.isEmpty {
            guard bytes[i..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                throw malformed("text outside the root element")
            }
            return
        }
        delegate.text(try decode(i..<end))
    }

    // MARK: - Pieces

    /// A name at `i` (to the next white space, `/`, `>` or `=`), consumed.
    private mutating func name() throws(Failure) -> Range<Int> {
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: "/") || b == UInt8(ascii: ">")
                || b == UInt8(ascii: "=")
            {
                break
            }
            if b == UInt8(ascii: "<") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "&") {
                throw malformed("a name with \(Character(Unicode.Scalar(b))) in it")
            }
            i += 1
        }
        if i == bytes.count { throw .truncated }
        guard i > start else { throw malformed("a tag without a name") }
        return start..<i
    }

    /// A name without its namespace prefix.
    private func localName(_ name: Range<Int>) throws(Failure) -> String {
        let local = bytes[name].lastIndex(of: UInt8(ascii: ":")).map { ($0 + 1)..<name.upperBound } ?? name
        return try string(local)
    }

    /// The text of `range`, with its entities and character references replaced (and, in an
    /// attribute's value, tabs and line ends read as spaces).
    private func decode(_ range: Range<Int>, normalizingSpace: Bool = false) throws(Failure) -> String {
        let raw = bytes[range]
        let spaces = normalizingSpace && raw.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard spaces || raw.contains(UInt8(ascii: "&")) else { return try string(range) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var j = range.lowerBound
        while j < range.upperBound {
            guard bytes[j] == UInt8(ascii: "&") else {
                out.append(spaces && (bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D) ? 0x20 : bytes[j])
                j += 1
                continue
            }
            guard let semicolon = bytes[j..<min(j + 13, range.upperBound)].firstIndex(of: UInt8(ascii: ";")) else {
                throw malformed("an & that starts no entity (write &amp;)", at: j)
            }
            let entity = String(decoding: bytes[(j + 1)..<semicolon], as: UTF8.self)
            switch entity {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let number: UInt32?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    let digits = entity.dropFirst(2)
                    number = digits.allSatisfy(\.isHexDigit) ? UInt32(digits, radix: 16) : nil
                } else if entity.hasPrefix("#") {
                    let digits = entity.dropFirst()
                    number = digits.allSatisfy { $0.isASCII && $0.isNumber } ? UInt32(digits, radix: 10) : nil
                } else {
                    throw malformed(
                        "the entity &\(entity); (only &lt; &gt; &amp; &quot; &apos; and character references are XML's own)",
                        at: j)
                }
                // XML's characters only: tab, line ends, and from space on (no surrogates, no FFFE/FFFF).
                guard let number, number == 0x9 || number == 0xA || number == 0xD || number >= 0x20, number != 0xFFFE,
                    number != 0xFFFF,
                    let scalar = Unicode.Scalar(number)
                else { throw malformed("the character reference &\(entity);", at: j) }
                out.append(contentsOf: String(Character(scalar)).utf8)
            }
            j = semicolon + 1
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw malformed("text that is not UTF-8", at: range.lowerBound)
        }
        return text
    }

    private func string(_ range: Range<Int>) throws(Failure) -> String {
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw malformed("text that is not UTF-8", at: range.lowerBound)
        }
        return text
    }

    /// Whether the bytes at `i` start with `prefix`.
    private func has(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { p in (0..<count).allSatisfy { bytes[i + $0] == p[$0] } }
    }

    /// Moves `i` past the next `terminator`.
    private mutating func skip(past terminator: StaticString) throws(Failure) {
        while i < bytes.count {
            if has(terminator) {
                i += terminator.utf8CodeUnitCount
                return
            }
            i += 1
        }
        throw .truncated
    }

    /// Skips white space; whether there was some.
    @discardableResult
    private mutating func skipSpace() -> Bool {
        let start = i
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        return i > start
    }

    private func find(_ byte: UInt8) -> Int? {
        guard i < bytes.count, let base = bytes.baseAddress, let found = memchr(base + i, Int32(byte), bytes.count - i)
        else { return nil }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    private func malformed(_ problem: String, at position: Int? = nil) -> Failure {
        let end = min(position ?? i, bytes.count)
        return .malformed(line: 1 + bytes[0..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, problem: problem)
    }
}

extension XMLReader.Delegate {
    /// Text is skipped by a delegate that reads only elements and attributes.
    func text(_ text: String) {}
}
