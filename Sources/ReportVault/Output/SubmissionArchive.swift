import Crypto
import Foundation
import ZIPFoundation

/// Everything a county office files for one submission, as one zip (`vault submission`):
/// the reports' stored JSON, their figures as CSV, the tag object with its message, signature
/// and signed bytes, a manifest (JSON) with every file's SHA-256, a `SHA256SUMS` file for
/// `sha256sum -c`, and a README.txt (Chinese, then English) that says how to check it all
/// with `git`, `sha256sum` and `ssh-keygen`.
///
/// The archive depends only on the tag: files in a fixed order, a fixed date, the figures'
/// CSV headers in Chinese whatever the user's language — made twice, it is the same bytes.
public struct SubmissionArchive: Sendable {
    /// The files, in the order they are stored.
    public var files: [(path: String, bytes: [UInt8])]
    /// The submission's name, tag object and commit.
    public var tag: String
    public var tagObject: ObjectID
    public var commit: ObjectID
    /// How many reports it holds.
    public var reportCount: Int
    /// Whether the tag carries an SSH signature.
    public var signed: Bool

    /// The zip's bytes.
    public func data() throws(VaultError) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            // A fixed date (1 January 1980, the zip format's first day), as XLSX uses.
            let date = Date(timeIntervalSince1970: 315_532_800 + 43_200)
            for (path, bytes) in files {
                let data = Data(bytes)
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                    permissions: 0o644, compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw VaultError.cannotWrite(file: "zip", reason: "no archive data") }
            return data
        } catch let error as VaultError {
            throw error
        } catch {
            throw .cannotWrite(file: "zip", reason: "\(error)")
        }
    }

    /// Writes the archive to `path`; refuses an existing file unless `force`. Returns the
    /// archive's SHA-256.
    @discardableResult
    public func write(to path: String, force: Bool) throws(VaultError) -> String {
        if !force, FileManager.default.fileExists(atPath: path) { throw .outputExists(file: path) }
        let bytes = try data()
        do { try bytes.write(to: URL(fileURLWithPath: path)) } catch {
            throw .cannotWrite(file: path, reason: error.localizedDescription)
        }
        return Self.sha256(Array(bytes))
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { hexDigits(UInt32($0), width: 2).lowercased() }.joined()
    }
}

extension Vault {
    /// The archive of submission `name` (a tag made by `vault tag`).
    public func submissionArchive(_ name: String, schemas: ReportSchemas) throws(VaultError) -> SubmissionArchive {
        guard let tagObject = submissionTagObject(name) else { throw .noSuchSubmission(name: name) }
        let (tag, object, raw) = (tagObject.tag, tagObject.object, tagObject.bytes)
        let (payload, block) = (tagObject.payload, tagObject.signatureBlock)
        let signature = block.flatMap { SSHSignature(armored: $0) }
        // The message as the tagger wrote it: after the headers' blank line, before any signature.
        let payloadText = String(decoding: payload, as: UTF8.self)
        let message = payloadText.range(of: "\n\n").map { String(payloadText[$0.upperBound...]) } ?? ""

        var files: [(path: String, bytes: [UInt8])] = []
        var reportRows: [JSONValue] = []
        var reportFiles: [(String, [UInt8])] = []
        var figureFiles: [(String, [UInt8])] = []
        // The RFC 8785 bytes whose SHA-256 is the digest the (signed) tag message records.
        var canonicalFiles: [(String, [UInt8])] = []
        // The reports the submission covers (its ledger entry), not every report of its commit.
        let covered = try submissionCoverage()[name]
        for (path, blob) in try reports(at: tag.target.hex) where covered?.contains(path.storedPath) ?? true {
            let stored = try show(path, at: tag.target.hex)
            reportFiles.append((path.storedPath, stored.bytes))
            canonicalFiles.append(
                (
                    "canonical/" + String(path.storedPath.dropFirst("reports/".count)),
                    CanonicalJSON.rfc8785(stored.report.value)
                ))
            let csvPath =
                "figures/" + String(path.storedPath.dropFirst("reports/".count).dropLast(".json".count)) + ".csv"
            figureFiles.append(
                (
                    csvPath,
                    CSV.figures(
                        try schemas.figureList(for: stored.report.value).figures(of: stored.report.value), language: .zh
                    )
                ))
            reportRows.append(
                .object([
                    .init("path", .string(path.storedPath)), .init("digest", .string(stored.report.digest)),
                    .init("blob", .string(blob.hex)),
                    .init("figures", .string(csvPath)),
                ]))
        }
        let readme = Self.submissionReadme(
            name: name, tag: tag, object: object, signed: signature != nil, reports: reportFiles.map(\.0))
        files.append(("README.txt", Array(readme.utf8)))
        files.append(("tag/object.txt", raw))
        files.append(("tag/message.txt", Array(message.utf8)))
        if let block {
            files.append(("tag/payload.txt", payload))
            files.append(("tag/signature.sig", Array(block.utf8)))
        }
        files += reportFiles
        files += canonicalFiles
        files += figureFiles

        var signatureJSON = JSONValue.null
        if let signature {
            signatureJSON = .object([
                .init("format", .string("ssh")), .init("namespace", .string(signature.namespace)),
                .init("key", .string(signature.publicKey.fingerprint)),
                .init("publicKey", .string(signature.publicKey.openSSHLine)),
            ])
        }
        let tagger = tag.tagger.map { "\($0.name) <\($0.email)>" }
        let manifest = JSONValue.object([
            .init("submission", .string(name)), .init("tagObject", .string(object.hex)),
            .init("commit", .string(tag.target.hex)),
            .init("tagger", .orNull(tagger)), .init("date", .orNull(tag.tagger?.isoDate)),
            .init("signature", signatureJSON),
            .init("reports", .array(reportRows)),
            .init(
                "files",
                .array(
                    files.map { file in
                        .object([
                            .init("path", .string(file.path)),
                            .init("sha256", .string(SubmissionArchive.sha256(file.bytes))),
                            .init("size", .count(file.bytes.count)),
                        ])
                    })),
        ])
        files.append(("manifest.json", CanonicalJSON.stored(manifest)))
        // `sha256sum -c SHA256SUMS`: two spaces between digest and name (text mode), as sha256sum writes.
        let sums = files.map { "\(SubmissionArchive.sha256($0.bytes))  \($0.path)\n" }.joined()
        files.append(("SHA256SUMS", Array(sums.utf8)))
        return SubmissionArchive(
            files: files, tag: name, tagObject: object, commit: tag.target, reportCount: reportRows.count,
            signed: block != nil)
    }

    /// README.txt: how to check the archive, in Chinese and then in English.
    static func submissionReadme(
        name: String, tag: TagInfo, object: ObjectID, signed: Bool, reports: [String]
    ) -> String {
        let example = reports.first ?? "reports/…"
        let text = [Language.zh, .en].map { language in
            Message(
                "submission.readme",
                [
                    "tag": .text(name), "object": .text(object.hex), "commit": .text(tag.target.hex),
                    "report": .text(example),
                    "canonical": .text("canonical/" + String(example.dropFirst("reports/".count))),
                    "signature": .message(
                        signed
                            ? Message("submission.readme.signed", ["tag": .text(name)])
                            : Message("submission.readme.unsigned", ["tag": .text(name)])),
                ]
            ).text(language)
        }
        return text.joined(separator: "\n\n----------------------------------------\n\n") + "\n"
    }
}
