/// Formats doubles as ECMAScript's `Number.prototype.toString` does, which is
/// the number form RFC 8785 (section 3.2.2.3) prescribes.
public enum ECMAScriptNumber {
    /// The RFC 8785 text of a finite double (`-0` is written `0`).
    public static func format(_ value: Double) -> String {
        precondition(value.isFinite, "RFC 8785 has no form for NaN or Infinity")
        if value == 0 { return "0" }
        // Swift writes the same shortest digits as ECMAScript; when it uses no exponent
        // (about 1e-4 ≤ |x| < 2^53), the two texts agree but for Swift's ".0" on integers.
        let plain = value.description
        // Looked for byte by byte: Foundation's `contains` on a String costs more than the
        // formatting (this runs for every number of every report written or checked).
        let bytes = plain.utf8
        if !bytes.contains(UInt8(ascii: "e")) {
            return bytes.count > 2 && bytes.last == UInt8(ascii: "0")
                && bytes[bytes.index(bytes.endIndex, offsetBy: -2)] == UInt8(ascii: ".")
                ? String(plain.dropLast(2)) : plain
        }
        // Swift's description gives the shortest digit string that round-trips
        // (closest to the exact value on ties), the same digits ECMAScript picks;
        // only the layout differs.
        let (digits, pointPosition) = decimalDigits(of: value.magnitude)
        let sign = value < 0 ? "-" : ""
        let k = digits.count
        let n = pointPosition
        if k <= n && n <= 21 {
            return sign + digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let cut = digits.index(digits.startIndex, offsetBy: n)
            return sign + digits[..<cut] + "." + digits[cut...]
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + digits
        }
        let exponent = n - 1
        let exponentText = (exponent < 0 ? "-" : "+") + String(exponent.magnitude)
        if k == 1 { return sign + digits + "e" + exponentText }
        let first = digits.prefix(1)
        return sign + first + "." + digits.dropFirst() + "e" + exponentText
    }

    /// The significant digits of a positive finite double and the position n of
    /// the decimal point, so that value = 0.d1d2…dk × 10^n.
    package static func decimalDigits(of value: Double) -> (digits: String, pointPosition: Int) {
        let text = value.description  // e.g. "1043.96477", "1e-06", "1.2345e+20"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = Array(integerPart + fractionPart)
        var point = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (String(digits), point)
    }
}
