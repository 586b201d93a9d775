import Foundation

/// Files vault reads through a program the machine may have: a PDF's text through poppler's
/// `pdftotext -layout` (its columns kept apart by spaces, which the flattened-table reading
/// takes), an old Word 97–2003 or WPS document through LibreOffice, made a .docx in a
/// temporary folder that is removed afterwards. Without the program, the error says which
/// Debian package to install.
enum ImportConverter {
    /// The longest a conversion may take before it is stopped (LibreOffice can hang on a
    /// damaged file).
    static let timeLimit: TimeInterval = 120

    /// The path of `name` on `PATH`, nil when it is not installed.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The text of a PDF, page layout kept.
    static func pdfText(_ bytes: [UInt8], name: String) throws(VaultError) -> String {
        guard let tool = executable("pdftotext") else { throw .pdf(file: name) }
        return try inTemporaryFolder(name: name) { folder throws(VaultError) in
            let input = folder.appendingPathComponent("in.pdf"), output = folder.appendingPathComponent("out.txt")
            try write(bytes, to: input, name: name)
            try run(tool, ["-layout", "-enc", "UTF-8", input.path, output.path], name: name, tool: "pdftotext")
            guard let data = FileManager.default.contents(atPath: output.path) else {
                throw .conversionFailed(file: name, tool: "pdftotext", reason: "no text")
            }
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "\n")
            guard text.contains(where: { !$0.isWhitespace }) else {
                throw .conversionFailed(file: name, tool: "pdftotext", reason: "the PDF has no text layer (a scan)")
            }
            return text
        }
    }

    /// An old Word (.doc) or WPS document made a .docx by LibreOffice.
    static func docx(fromOld bytes: [UInt8], name: String) throws(VaultError) -> [UInt8] {
        guard let tool = executable("soffice") ?? executable("libreoffice") else { throw .oldWordFormat(file: name) }
        return try inTemporaryFolder(name: name) { folder throws(VaultError) in
            let input = folder.appendingPathComponent("in.doc")
            try write(bytes, to: input, name: name)
            // A profile of its own, so that a LibreOffice the user has open is not disturbed.
            try run(
                tool,
                [
                    "-env:UserInstallation=file://\(folder.path)/profile", "--headless", "--convert-to", "docx",
                    "--outdir", folder.path, input.path,
                ],
                name: name, tool: "LibreOffice")
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("in.docx").path) else {
                throw .conversionFailed(file: name, tool: "LibreOffice", reason: "no .docx came out")
            }
            return [UInt8](data)
        }
    }

    static func inTemporaryFolder<T>(name: String, _ body: (URL) throws(VaultError) -> T) throws(VaultError) -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vault-import-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .conversionFailed(
                file: name, tool: "vault", reason: "cannot create a temporary folder: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    static func write(_ bytes: [UInt8], to url: URL, name: String) throws(VaultError) {
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else {
            throw .conversionFailed(file: name, tool: "vault", reason: "cannot write a temporary copy")
        }
    }

    /// Runs `tool`, its output discarded; fails when it cannot start, fails or takes too long.
    static func run(_ path: String, _ arguments: [String], name: String, tool: String) throws(VaultError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .conversionFailed(file: name, tool: tool, reason: error.localizedDescription)
        }
        let deadline = Date().addingTimeInterval(timeLimit)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw .conversionFailed(file: name, tool: tool, reason: "it took longer than \(Int(timeLimit)) s")
            }
            usleep(20_000)
        }
        guard process.terminationStatus == 0 else {
            throw .conversionFailed(file: name, tool: tool, reason: "exit status \(process.terminationStatus)")
        }
    }
}
