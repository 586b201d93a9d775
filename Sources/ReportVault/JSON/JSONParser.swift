/// A strict RFC 8259 parser that also enforces what a canonical report store needs
/// (RFC 8785 / I-JSON): valid UTF-8 only, no lone surrogates, no duplicate member
/// names, numbers that fit an IEEE-754 double, no byte order mark.
///
/// Nesting is limited to ``JSONParser/maximumDepth`` arrays and objects so that
/// hostile input (100,000 `[`) is refused with an error instead of exhausting the stack.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted. Reports nest about 6 deep.
    public static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// With ``parseWithLines(_:)``: each value's line, in document order.
    private var recording = false
    private var lines: [Int32] = []
    /// With ``parseWithLines(_:)``: how many values each value holds (itself included).
    private var sizes: [Int32] = []
    private var lineCursor = (offset: 0, line: 1)

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses one JSON text, which must be the whole of `bytes` apart from surrounding whitespace.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(Array(bytes))
        return try parser.parseDocument()
    }

    /// Parses like ``parse(_:)`` and also returns the line (1-based) each value starts on —
    /// so that a finding can name the line of the file it is about.
    public static func parseWithLines<Bytes: Collection<UInt8>>(
        _ bytes: Bytes
    ) throws(JSONParseError) -> (value: JSONValue, lines: JSONLineMap) {
        var parser = JSONParser(Array(bytes))
        parser.recording = true
        let value = try parser.parseDocument()
        return (value, JSONLineMap(root: value, lines: parser.lines, sizes: parser.sizes))
    }

    /// Parses one JSON text from a string.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    // MARK: - Grammar

    private mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw error(Message("json.bom"))
        }
        skipWhitespace()
        guard index < bytes.count else { throw error(Message("json.empty")) }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error(Message("json.trailingData")) }
        return value
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error(Message("json.endExpectingValue")) }
        guard recording else { return try parseBareValue() }
        // The value's line, then how many values it held once they are all read.
        lines.append(Int32(clamping: line(at: index)))
        sizes.append(1)
        let position = sizes.count - 1
        let value = try parseBareValue()
        sizes[position] = Int32(clamping: sizes.count - position)
        return value
    }

    private mutating func parseBareValue() throws(JSONParseError) -> JSONValue {
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw error(Message("json.nanInfinity"))
        default:
            throw error(Message("json.unexpectedExpectingValue", ["found": .text(describeByte(at: index))]))
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error(Message("json.tooDeep", ["depth": .count(Self.maximumDepth)]))
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1  // {
        var members: [JSONValue.Member] = []
        var seen = Set<[UInt8]>()
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else {
                if let written = thousandsSeparated() {
                    throw error(
                        Message(
                            "json.thousandsSeparator",
                            ["number": .text(written), "fixed": .text(written.replacingOccurrences(of: ",", with: ""))])
                    )
                }
                throw error(
                    index < bytes.count
                        ? Message("json.expectedMemberName", ["found": .text(describeByte(at: index))])
                        : Message("json.endInObject"))
            }
            let nameStart = index
            let name = try parseString()
            // Compare names by their Unicode scalars (UTF-8 bytes), not by String ==.
            // A linear scan is cheaper than hashing for the few members objects usually have
            // (a report's largest has 16, the schema's 21); a set past 64.
            let duplicate: Bool
            if members.count < 64 {
                duplicate = members.contains { sameScalars($0.name, name) }
            } else {
                if seen.isEmpty { for m in members { seen.insert(Array(m.name.utf8)) } }
                duplicate = !seen.insert(Array(name.utf8)).inserted
            }
            if duplicate {
                throw error(Message("json.duplicateMember", ["name": .text(name)]), at: nameStart)
            }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw error(Message("json.expectedColon", ["name": .text(name)])) }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(.init(name, value))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(members)
            case nil: throw error(Message("json.endInObject"))
            default: throw error(Message("json.expectedCommaOrBrace", ["found": .text(describeByte(at: index))]))
            }
        }
    }

    /// `1,238.70` where a member name should follow a number's comma: a figure typed with a
    /// thousands separator, as written (digits on both sides of the comma, nothing between).
    private func thousandsSeparated() -> String? {
        func isDigit(_ i: Int) -> Bool {
            i >= 0 && i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")
        }
        guard index >= 2, bytes[index - 1] == UInt8(ascii: ","), isDigit(index), isDigit(index - 2) else { return nil }
        var start = index - 2
        while start > 0,
            isDigit(start - 1) || bytes[start - 1] == UInt8(ascii: ".") || bytes[start - 1] == UInt8(ascii: "-")
        { start -= 1 }
        var end = index
        while end < bytes.count,
            isDigit(end) || bytes[end] == UInt8(ascii: ".") || (bytes[end] == UInt8(ascii: ",") && isDigit(end + 1))
        { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            case nil: throw error(Message("json.endInArray"))
            default: throw error(Message("json.expectedCommaOrBracket", ["found": .text(describeByte(at: index))]))
            }
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(JSONParseError) {
        let want = literal.utf8
        guard index + want.count <= bytes.count, bytes[index..<index + want.count].elementsEqual(want) else {
            throw error(Message("json.invalidLiteral", ["literal": .text(literal)]))
        }
        index += want.count
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = index
        if peek == UInt8(ascii: "-") {
            index += 1
            if peek == UInt8(ascii: "I") { throw error(Message("json.nanInfinity"), at: start) }
        }
        guard let first = peek, isDigit(first) else { throw error(Message("json.numberDigit")) }
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = peek, isDigit(next) { throw error(Message("json.numberLeadingZero"), at: start) }
        } else {
            skipDigits()
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard let d = peek, isDigit(d) else { throw error(Message("json.numberDigitAfterPoint")) }
            skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let d = peek, isDigit(d) else { throw error(Message("json.numberExponentDigit")) }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw error(Message("json.numberRange", ["number": .text(text)]), at: start)
        }
        return value
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func skipDigits() {
        while let b = peek, isDigit(b) { index += 1 }
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1  // opening quote
        var out: [UInt8] = []
        var runStart = index
        // Bytes of 0x80 and above are skipped here and each run of them checked as UTF-8 at
        // once when the run ends (the standard library's check); only a run that fails is
        // walked again byte by byte, to name the first bad sequence where it is.
        var nonASCII = false
        while true {
            guard index < bytes.count else {
                if nonASCII { try checkUTF8(runStart..<index) }
                throw error(Message("json.unterminatedString"), at: start)
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                // Without escapes (nearly every string) the text is decoded in place; a run
                // with non-ASCII bytes is checked and decoded by one call.
                if out.isEmpty, nonASCII, let text = String(validating: bytes[runStart..<index], as: UTF8.self) {
                    index += 1
                    return text
                }
                if nonASCII { try checkUTF8(runStart..<index) }
                defer { index += 1 }
                if out.isEmpty { return String(decoding: bytes[runStart..<index], as: UTF8.self) }
                out.append(contentsOf: bytes[runStart..<index])
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                if nonASCII { try checkUTF8(runStart..<index) }
                nonASCII = false
                out.append(contentsOf: bytes[runStart..<index])
                try parseEscape(into: &out)
                runStart = index
            case 0x00..<0x20:
                if nonASCII { try checkUTF8(runStart..<index) }
                throw error(Message("json.controlCharacter", ["code": .text(hex4(UInt32(byte)))]))
            case 0x20..<0x80:
                index += 1
            default:
                nonASCII = true
                index += 1
            }
        }
    }

    /// Throws at the first byte of `range` that does not begin a well-formed UTF-8 sequence
    /// (checked whole first; walked only when it fails). Leaves the cursor where it was.
    private mutating func checkUTF8(_ range: Range<Int>) throws(JSONParseError) {
        if String(validating: bytes[range], as: UTF8.self) != nil { return }
        let end = index
        index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] < 0x80 { index += 1 } else { try skipUTF8Sequence() }
        }
        index = end
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = index
        index += 1  // backslash
        guard let c = peek else { throw error(Message("json.unterminatedEscape"), at: escapeStart) }
        index += 1
        switch c {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4(escapeStart)
            var scalarValue = unit
            if (0xD800...0xDBFF).contains(unit) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw error(Message("json.loneHighSurrogate", ["unit": .text(hex4(unit))]), at: escapeStart)
                }
                let lowStart = index
                index += 2
                let low = try parseHex4(lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error(
                        Message("json.highSurrogateNotFollowed", ["unit": .text(hex4(unit)), "low": .text(hex4(low))]),
                        at: escapeStart)
                }
                scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw error(Message("json.loneLowSurrogate", ["unit": .text(hex4(unit))]), at: escapeStart)
            }
            out.append(contentsOf: String(Character(Unicode.Scalar(scalarValue)!)).utf8)
        default:
            throw error(Message("json.invalidEscape", ["escape": .text(describeASCII(c))]), at: escapeStart)
        }
    }

    private mutating func parseHex4(_ escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error(Message("json.incompleteUnicodeEscape"), at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - 0x41 + 10)
            default: throw error(Message("json.invalidUnicodeEscape"), at: escapeStart)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Advances over one multi-byte UTF-8 sequence, rejecting overlong forms,
    /// encoded surrogates and values above U+10FFFF.
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let lead = bytes[index]
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperBound = 0x9F  // U+D800...U+DFFF are not scalars
        case 0xF0: length = 4; lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperBound = 0x8F
        default: throw error(Message("json.invalidUTF8Byte", ["byte": .text(hex2(lead))]))
        }
        guard index + length <= bytes.count else { throw error(Message("json.truncatedUTF8")) }
        let second = bytes[index + 1]
        guard second >= lowerBound && second <= upperBound else {
            throw error(Message("json.invalidUTF8Sequence", ["byte": .text(hex2(lead))]))
        }
        var k = 2
        while k < length {
            let b = bytes[index + k]
            guard b >= 0x80 && b <= 0xBF else {
                throw error(Message("json.invalidUTF8Sequence", ["byte": .text(hex2(lead))]))
            }
            k += 1
        }
        index += length
    }

    // MARK: - Helpers

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func describeByte(at position: Int) -> String {
        let b = bytes[position]
        if b >= 0x21 && b < 0x7F { return "'\(describeASCII(b))'" }
        if b >= 0x80 {
            // Show the whole character when it is valid UTF-8.
            var end = position + 1
            while end < bytes.count && end < position + 4 && bytes[end] & 0xC0 == 0x80 { end += 1 }
            if let s = String(validating: bytes[position..<end], as: UTF8.self) { return "'\(s)'" }
        }
        return "byte 0x\(hex2(b))"
    }

    private func describeASCII(_ b: UInt8) -> String { String(UnicodeScalar(b)) }
    private func hex2(_ b: UInt8) -> String { hexDigits(UInt32(b), width: 2) }
    private func hex4(_ v: UInt32) -> String { hexDigits(v, width: 4) }

    /// The line of `offset`, counted on from the last offset asked for (values come in order).
    private mutating func line(at offset: Int) -> Int {
        for b in bytes[lineCursor.offset..<offset] where b == 0x0A { lineCursor.line += 1 }
        lineCursor.offset = offset
        return lineCursor.line
    }

    private func error(_ problem: Message, at position: Int? = nil) -> JSONParseError {
        let offset = min(position ?? index, bytes.count)
        var line = 1
        var column = 1
        for b in bytes[0..<offset] {
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONParseError(line: line, column: column, problem: problem)
    }
}
