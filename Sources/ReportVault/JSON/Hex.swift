/// Upper-case hexadecimal of `value`, zero-padded to `width` digits.
package func hexDigits(_ value: UInt32, width: Int) -> String {
    let s = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}
