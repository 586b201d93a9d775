import ArgumentParser
import Foundation
import ReportVault

struct SchemaCommand: VaultSubcommand {
    static let name = "schema"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.SchemaCommand.abstract"),
        discussion: tr("help.SchemaCommand.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.SchemaCommand.versions"), valueName: "version"))
    var versions: [Int] = []

    @Flag(help: ArgumentHelp(tr("help.SchemaCommand.changes")))
    var changes = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if changes, versions.count != 2 { throw ValidationError(tr("cli.schema.twoVersions")) }
        if !changes, versions.count > 1 { throw ValidationError(tr("cli.schema.oneVersion")) }
    }

    func run() throws {
        let schemas = try ReportSchemas.load()
        if changes {
            let (a, b) = (versions[0], versions[1])
            let list = try schemas.changes(from: a, to: b)
            if output.json {
                Output.json(SchemaChangesOutput(from: a, to: b, changes: list))
                return
            }
            print(tr("cli.schema.changesHeading", ["from": .count(a), "to": .count(b), "n": .count(list.count)]))
            for c in list {
                let kind = Output.padded(Self.kindText(c.kind), to: 10)
                switch c.kind {
                case .moved:
                    let titles =
                        c.oldTitle == c.newTitle ? c.newTitle ?? "" : "\(c.oldTitle ?? "") → \(c.newTitle ?? "")"
                    print("  \(kind)\(c.from ?? "") → \(c.to ?? "")  \(titles)")
                case .added: print("  \(kind)\(c.to ?? "")  \(c.newTitle ?? "")")
                case .removed: print("  \(kind)\(c.from ?? "")  \(c.oldTitle ?? "")")
                case .retitled: print("  \(kind)\(c.to ?? "")  \(c.oldTitle ?? "") → \(c.newTitle ?? "")")
                }
            }
            return
        }
        let version = versions.first ?? schemas.newest
        _ = try schemas.schema(version)  // an unknown version is an error before anything prints
        if output.json {
            Output.bytes(try FileInput.read(schemas.path(of: version)))
            return
        }
        print(
            tr(
                "cli.schema.heading",
                [
                    "version": .count(version), "newest": .count(schemas.newest),
                    "file": .text(ReportSchemas.fileName(version)),
                ]))
        let places = try schemas.outline(version)
        let width = min(48, places.map { Output.columns($0.pointer) }.max() ?? 0)
        for place in places {
            var notes = [place.type, place.unit == "amount" ? tr("cli.schema.amount") : place.unit].compactMap { $0 }
            if place.required { notes.append(tr("cli.schema.required")) }
            print(
                "  \(Output.padded(place.pointer, to: width))  \(place.title ?? "")\(notes.isEmpty ? "" : "  (" + notes.joined(separator: ", ") + ")")"
            )
        }
    }
}

extension SchemaCommand {
    static func kindText(_ kind: SchemaChange.Kind) -> String {
        switch kind {
        case .moved: tr("cli.schema.kind.moved")
        case .added: tr("cli.schema.kind.added")
        case .removed: tr("cli.schema.kind.removed")
        case .retitled: tr("cli.schema.kind.retitled")
        }
    }
}

struct Migrate: VaultSubcommand {
    static let name = "migrate"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Migrate.abstract"),
        discussion: tr("help.Migrate.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Migrate.reports"), valueName: "report"))
    var reports: [ReportName] = []

    @Option(name: .customLong("to"), help: ArgumentHelp(tr("help.Migrate.to"), valueName: "version"))
    var version: Int?

    @Option(name: .shortAndLong, help: ArgumentHelp(tr("help.Migrate.message")))
    var message: String?

    @OptionGroup var author: AuthorOption

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let schemas = try ReportSchemas.load()
        let opened = try vault.open()
        let paths = try reports.map { try opened.findReport($0) }
        let signature = try author.signature(in: opened)
        let target = version ?? schemas.newest
        let result = try opened.migrate(
            paths.isEmpty ? nil : paths, to: target, schemas: schemas, message: message, author: signature)
        print(tr("cli.commit", ["id": "\(result.commit)"]))
        for report in result.reports {
            print(
                tr(
                    "cli.migrate.migrated",
                    [
                        "path": .text(report.storedPath), "from": .count(result.versionsBefore[report] ?? target),
                        "to": .count(target),
                    ]))
        }
        WorkTreeNotes.print(result.workTree)
    }
}
