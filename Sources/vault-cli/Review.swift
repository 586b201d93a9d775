import ArgumentParser
import ReportVault
import VaultOutput

struct Review: VaultSubcommand {
    static let name = "review"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Review.abstract"),
        discussion: tr("help.Review.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Review.report"), valueName: "report"))
    var report: ReportName

    @Argument(help: ArgumentHelp(tr("help.Review.figure"), valueName: "figure"))
    var figure: String?

    @Option(name: .shortAndLong, help: ArgumentHelp(tr("help.Review.message")))
    var message: String?

    @Option(help: ArgumentHelp(tr("help.Review.rev"), valueName: "rev"))
    var rev = "HEAD"

    @Flag(name: .customLong("return"), help: ArgumentHelp(tr("help.Review.return")))
    var returnIt = false

    @Flag(help: ArgumentHelp(tr("help.Review.approve")))
    var approve = false

    @Flag(help: ArgumentHelp(tr("help.Review.reply")))
    var reply = false

    @OptionGroup var author: AuthorOption
    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if [returnIt, approve, reply].filter({ $0 }).count > 1 { throw ValidationError(tr("cli.review.oneKind")) }
        if (returnIt || approve) && figure != nil { throw ValidationError(tr("cli.review.verdictOnReport")) }
        if !approve && message == nil { throw ValidationError(tr("cli.review.needsMessage")) }
    }

    func run() throws {
        let kind: ReviewEntry.Kind = returnIt ? .returned : approve ? .approved : reply ? .reply : .note
        let opened = try vault.open()
        let path = try opened.findReport(report.text, at: rev)
        let signer = try author.signature(in: opened)
        let entry = try opened.review(
            path, figure: figure, at: rev, kind: kind, text: message ?? "", schemas: try ReportSchemas.load(),
            by: signer)
        print(
            tr(
                "cli.review.recorded",
                [
                    "kind": .message(kind.label), "id": .text(entry.commit?.short ?? ""),
                    "report": .text(path.description), "revision": .text(entry.revision.short),
                ]))
        if let caption = entry.caption {
            print(
                tr("cli.review.figure", ["caption": .text(caption), "value": .text(ReviewsOutput.shown(entry.value))]))
        }
    }
}

struct Reviews: VaultSubcommand {
    static let name = "reviews"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Reviews.abstract"),
        discussion: tr("help.Reviews.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Reviews.report"), valueName: "report"))
    var report: ReportName?

    @Flag(help: ArgumentHelp(tr("help.Reviews.open")))
    var open = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let path = try report.map { try opened.findReport($0) }
        var reviews = try opened.reviews(of: path)
        if open {
            reviews = reviews.map(\.withOpenNotesOnly).filter { !$0.notes.isEmpty || $0.state == .returned }
        }
        if output.json {
            Output.json(ReviewsOutput(reviews))
            return
        }
        if reviews.isEmpty {
            print(tr(open ? "cli.reviews.noneOpen" : "cli.reviews.none"))
            return
        }
        ReviewListing.print(reviews)
    }
}

/// The lines of `vault reviews` and of `vault status`'s review section.
enum ReviewListing {
    static func print(_ reviews: [ReportReview], indent: String = "") {
        for review in reviews {
            Swift.print(indent + ReviewsOutput.stateLine(review).localized.terminalSafe)
            for other in review.sameRevision {
                Swift.print(
                    indent + "  "
                        + tr(
                            "cli.reviews.alsoVerdict",
                            [
                                "kind": .message(other.kind.label),
                                "by": .text(other.author), "date": .text(String(other.date.prefix(10))),
                                "text": .text(other.text),
                            ]
                        ).terminalSafe)
            }
            for note in review.notes {
                Swift.print(indent + "  " + ReviewsOutput.noteLine(note).localized.terminalSafe)
                for reply in note.replies {
                    Swift.print(indent + "      " + ReviewsOutput.replyLine(reply).localized.terminalSafe)
                }
            }
        }
    }
}
