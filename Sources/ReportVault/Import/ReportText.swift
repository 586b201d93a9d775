/// The running text of a report (the document's paragraphs outside tables), as the
/// sentence rules read it: each paragraph with a number unique in the document (its line
/// in a text file, its paragraph number in a Word document) and a normalized copy.
struct ReportText {
    struct Line {
        /// The paragraph's key: line number (text) or paragraph number (Word).
        let number: Int
        /// The paragraph as written.
        let original: String
        /// The paragraph with full-width digits and punctuation made half-width, for matching.
        let text: String
        /// Where it stands in the source.
        let place: ImportDocument.Place
        /// The outline level of a Word heading (0 for 标题 1).
        var outlineLevel: Int? = nil
    }

    /// Paragraphs outside tables, non-empty, in order.
    let narrative: [Line]
    private let index: [Int: Int]

    init(_ document: ImportDocument) {
        narrative = document.paragraphs.filter { !$0.text.trimmed.isEmpty }.map {
            Line(
                number: Self.key($0.place), original: $0.text, text: Self.normalize($0.text), place: $0.place,
                outlineLevel: $0.outlineLevel)
        }
        index = Dictionary(
            narrative.enumerated().map { ($0.element.number, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    /// The paragraph with key `number`.
    func line(_ number: Int) -> Line? { index[number].map { narrative[$0] } }

    static func key(_ place: ImportDocument.Place) -> Int {
        switch place {
        case .line(let n), .paragraph(let n): return n
        case .cell(let t, let r, let c): return -(t * 1_000_000 + r * 1_000 + c)
        }
    }

    /// Full-width digits, letters and the punctuation numbers use become half-width;
    /// non-breaking and ideographic spaces become spaces; spaces between two Chinese
    /// characters go (the text of a PDF breaks words: "设 17 个内设 机构", "离 退休人数"), unless
    /// a label follows ("某镇政府 填报日期：…").
    static func normalize(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        func isHan(_ u: Unicode.Scalar) -> Bool {
            (0x4E00...0x9FFF).contains(u.value) || (0x3400...0x4DBF).contains(u.value)
        }
        let scalars = Array(s.unicodeScalars)
        for (k, scalar) in scalars.enumerated() {
            if scalar == " " || scalar == "\u{3000}" || scalar == "\u{00A0}", let last = out.last, isHan(last) {
                var j = k + 1
                while j < scalars.count, scalars[j] == " " || scalars[j] == "\u{3000}" || scalars[j] == "\u{00A0}" {
                    j += 1
                }
                // Not before a label of its own ("塘湖镇政府 填报日期:2021.5.18").
                var k = j
                while k < scalars.count, k - j <= 6, isHan(scalars[k]) { k += 1 }
                let label = k < scalars.count && (scalars[k] == ":" || scalars[k] == "：")
                if j < scalars.count, isHan(scalars[j]), !label { continue }
            }
            switch scalar.value {
            case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0xFF05: out.append("%")
            case 0xFF0E: out.append(".")
            case 0xFF0B: out.append("+")
            case 0xFF0D: out.append("-")
            case 0x00A0, 0x3000: out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
