import ArgumentParser
import Foundation
import ReportVault

struct Tag: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Freeze a revision as a submission (annotated tag).",
        discussion: """
            Creates an annotated git tag with tagger, date and message; \
            the message also records every report's path, SHA-256 digest and number of check findings at that revision. \
            An existing tag name is refused: a submission is never moved or replaced.

            --withdraw NAME -m WHY withdraws a submission: \
            the tag is kept under refs/vault/withdrawn/ and the ledger records who withdrew it and why.

            Examples:
              vault tag submitted-2025-01 -m "submitted to the county finance bureau"
              vault tag draft-3 HEAD~2 -m "draft 3 as sent for review"
              vault tag --withdraw submitted-2025-01 -m "county asked to correct 项目支出"
            """
    )

    @Argument(help: ArgumentHelp("Tag name, e.g. submitted-2025-01.", valueName: "name"))
    var name: String

    @Argument(help: ArgumentHelp("Revision to tag.", valueName: "rev"))
    var revision: Revision = .head

    @Option(name: .shortAndLong, help: "What this submission is (with --withdraw: why it is withdrawn).")
    var message: String

    @Flag(help: "Withdraw the submission NAME instead of creating it.")
    var withdraw = false

    @Option(help: ArgumentHelp("Tagger as \"Name <email>\".", valueName: "author"))
    var author: String?

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let tagger = try Author.resolve(option: author, environment: ProcessInfo.processInfo.environment, vault: opened)
        if withdraw {
            guard revision.text == "HEAD" else { throw ValidationError("--withdraw takes the submission's NAME only, not a revision") }
            let entry = try opened.withdraw(name, reason: message, by: tagger)
            print("withdrew \(name) (tag object \(entry.tagObject.short) on commit \(entry.target.short)), kept as \(Vault.withdrawnRef(name))")
            return
        }
        let result = try opened.tag(name, at: revision.text, message: message, tagger: tagger, checker: ReportCheck(schema: try ReportSchema.load()))
        print("tag \(name) \(result.tag) -> commit \(result.commit)")
        for (path, digest) in result.reports { print("  \(path.storedPath)  \(digest)") }
    }
}

struct Tags: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List submission tags.",
        discussion: """
            In name order: each tag with its commit, date, tagger and message, then the withdrawn submissions.

            Examples:
              vault tags
              vault tags -n 5
              vault tags --json
            """
    )

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("Show at most this many tags.", valueName: "n"))
    var maxCount: Int?

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let limit = max(0, maxCount ?? .max)
        let tags = Array(try opened.tags().prefix(limit))
        let withdrawals = try opened.ledger().filter { $0.withdrawal != nil }.prefix(max(0, limit - tags.count))
        if output.json {
            Output.json(TagListOutput(tags: tags, withdrawn: Array(withdrawals)))
            return
        }
        if tags.isEmpty && withdrawals.isEmpty && limit > 0 { Output.note("no tags yet") }
        for tag in tags {
            let who = tag.tagger.map { "  \($0.isoDate)  \($0.name)" } ?? "  (lightweight tag)"
            print("\(tag.name)  \(tag.target.short)\(who)  \(tag.message.prefix { $0 != "\n" })")
        }
        for entry in withdrawals {
            print("\(entry.tag)  \(entry.target.short)  withdrawn \(entry.date) by \(entry.withdrawal!.by): \(entry.withdrawal!.reason)")
        }
    }

}
