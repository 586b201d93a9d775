import FuzzReplay
import VaultImport

// libFuzzer target: `vault import` must never crash on any file — Word document, text in any
// encoding, or garbage — and every figure it produces must have exactly one provenance entry.
// Run with VAULT_RESOURCES=Sources/ReportVault/Resources (make fuzz sets it).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let document = try? ImportSource.read(bytes, name: "input"), let result = try? ReportImporter.run(document)
    else { return 0 }
    precondition(
        result.provenance.count == Set(result.provenance.map(\.pointer)).count, "a figure has two provenance entries")
    _ = CanonicalJSON.stored(result.report)
    return 0
}

/// libFuzzer's driver (`make fuzz`), or a replay of the files named on the command line.
@main enum Main {
    static func main() { Replay.run { data, size in fuzzImport(data ?? UnsafePointer(bitPattern: 1)!, size) } }
}
