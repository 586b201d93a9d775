import FuzzReplay
import VaultJSON

// libFuzzer target: the strict JSON parser must never crash, and whatever it accepts must
// canonicalize to bytes it accepts again with the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    let canonical = CanonicalJSON.rfc8785(value)
    guard let again = try? JSONParser.parse(canonical) else {
        fatalError("canonical form does not parse: \(canonical)")
    }
    guard again == CanonicalJSON.sorted(value) else { fatalError("canonical form changes the value") }
    return 0
}

/// libFuzzer's driver (`make fuzz`), or a replay of the files named on the command line.
@main enum Main {
    static func main() { Replay.run { data, size in fuzzJSONParser(data ?? UnsafePointer(bitPattern: 1)!, size) } }
}
