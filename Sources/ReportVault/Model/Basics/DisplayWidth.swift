/// How wide text shows in a terminal or a spreadsheet column: East Asian wide characters
/// (汉字, full-width forms) take two columns, everything else one.
public enum DisplayWidth {
    /// The columns `text` takes.
    public static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, s in sum + (isWide(s) ? 2 : 1) }
    }

    /// Whether a scalar takes two columns (Unicode's East Asian Wide and Full-width ranges
    /// that reports use: Hangul, CJK, compatibility ideographs, full-width forms).
    public static func isWide(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v)
            || (0x20000...0x3FFFD).contains(v)
    }
}
