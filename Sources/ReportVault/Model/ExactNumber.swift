import Foundation

/// A figure as an exact decimal, with the number of decimals it was written with.
///
/// Money is never added as `Double`: the stored double is turned back into its shortest
/// decimal text (the RFC 8785 form, e.g. `1043.96477`) and that text into a `Decimal`.
public struct ExactNumber: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var decimal: Decimal
    /// Digits after the decimal point as written (2 for 2023.37, 0 for 58).
    public var places: Int

    public init(_ value: Double) {
        let text = ECMAScriptNumber.format(value)
        if text.utf8.contains(UInt8(ascii: "e")) {
            decimal = Decimal(value)
            places = 0
        } else {
            decimal = Decimal(string: text) ?? Decimal(value)
            places = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
        }
    }

    public init(decimal: Decimal, places: Int) {
        self.decimal = decimal
        self.places = places
    }

    /// The decimal text, e.g. "0.00001", never in exponent form.
    public var description: String { Self.text(decimal) }

    public static func text(_ d: Decimal) -> String {
        var value = d
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 12, .plain)
        return rounded.description  // plain notation, as NSDecimalNumber's stringValue (tested)
    }

    /// Half a unit of the last written place: 0.005 for 2 decimals.
    public var tolerance: Decimal { Decimal(sign: .plus, exponent: -places, significand: 5) / 10 }

    /// Whether a stated figure agrees with a computed value at the precision it was written with.
    public func agrees(with computed: Decimal) -> Bool {
        var difference = decimal - computed
        if difference < 0 { difference = -difference }
        return difference <= tolerance
    }

    /// A number's text as a budget shows it: an amount (万元, 元) with two decimals at least
    /// ("2063.7" → "2063.70", "340" → "340.00", more written decimals kept), a per-cent value
    /// with two ("-0.003" → "-0.00", "60" → "60.00"), other numbers (scores, counts) with at
    /// most two.
    public static func shown(_ text: String, unit: String?) -> String {
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return text }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        var whole = String(parts[0])
        if fraction.count > 2, unit != "万元", unit != "元", let d = Decimal(string: digits) {
            // Rounded for reading: per cent and scores to two decimals (the exact value is in the JSON).
            let r = Self.text(rounded(d, places: 2)).split(separator: ".", omittingEmptySubsequences: false)
            whole = String(r[0])
            fraction = r.count > 1 ? String(r[1]) : ""
        }
        switch unit {
        case "万元", "元", "%":
            while fraction.count < 2 { fraction += "0" }
        default:
            break
        }
        return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// `value` rounded to `places` decimals, half away from zero.
    public static func rounded(_ value: Decimal, places: Int) -> Decimal {
        var v = value
        var r = Decimal()
        NSDecimalRound(&r, &v, places, .plain)
        return r
    }

    public static func < (a: ExactNumber, b: ExactNumber) -> Bool { a.decimal < b.decimal }
}
