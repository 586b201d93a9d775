import FuzzReplay
import VaultJSON

// libFuzzer target: the canonical writers' round-trip properties on any value the parser accepts:
// canonicalizing twice changes nothing, and the stored form minus whitespace is the RFC 8785 form.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCanonical(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let value = try? JSONParser.parse(UnsafeBufferPointer(start: data, count: size)) else { return 0 }
    let once = CanonicalJSON.rfc8785(value)
    let twice = CanonicalJSON.rfc8785(try! JSONParser.parse(once))
    if once != twice { fatalError("canonicalizing twice changed the bytes") }
    let stored = CanonicalJSON.stored(value)
    var compact: [UInt8] = []
    var inString = false, escaped = false
    for b in stored {
        if inString {
            compact.append(b)
            if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
        } else if b == 0x22 {
            inString = true; compact.append(b)
        } else if b != 0x20 && b != 0x0A {
            compact.append(b)
        }
    }
    if compact != once { fatalError("stored form without whitespace differs from RFC 8785") }
    return 0
}

/// libFuzzer's driver (`make fuzz`), or a replay of the files named on the command line.
@main enum Main {
    static func main() { Replay.run { data, size in fuzzCanonical(data ?? UnsafePointer(bitPattern: 1)!, size) } }
}
