import Foundation

#if FUZZING
    import FuzzDriver
#endif

/// The `main` of a fuzz target. Built with `-D FUZZING -sanitize=fuzzer` (`make fuzz`) it hands
/// the entry point to libFuzzer's driver with the command line; built plainly (`swift build`)
/// it runs the entry point on the files named on the command line, one after another — to
/// replay a crash or a corpus.
public enum Replay {
    public static func run(_ entry: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        #if FUZZING
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, entry))
        #else
            let files = CommandLine.arguments.dropFirst()
            guard !files.isEmpty else {
                FileHandle.standardError.write(Data("usage: \(CommandLine.arguments[0]) FILE...\n".utf8))
                exit(64)
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("error: \(file): cannot read\n".utf8))
                    exit(1)
                }
                _ = [UInt8](data).withUnsafeBufferPointer { entry($0.baseAddress, $0.count) }
            }
            print("replayed \(files.count) input\(files.count == 1 ? "" : "s")")
            exit(0)
        #endif
    }
}
