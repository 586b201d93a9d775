import ArgumentParser
import Foundation
import ReportVault
import VaultSync

struct Clone: VaultSubcommand {
    static let name = "clone"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Clone.abstract"),
        discussion: tr("help.Clone.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Clone.url"), valueName: "url"))
    var url: String

    @Argument(help: ArgumentHelp(tr("help.Clone.directory"), valueName: "dir"))
    var directory: String?

    @Flag(help: ArgumentHelp(tr("help.Clone.bare")))
    var bare = false

    @OptionGroup var vault: VaultOptions

    func run() throws {
        // As with git -C, the folder is made inside -C's folder when one is given.
        var target = directory ?? Vault.cloneFolder(for: url, bare: bare)
        if let base = vault.directory, !target.hasPrefix("/") {
            target = (base as NSString).appendingPathComponent(target)
        }
        var source = url
        if let base = vault.directory, !source.contains(":"), !source.hasPrefix("/") {
            source = (base as NSString).appendingPathComponent(source)
        }
        let (cloned, fetched) = try Vault.clone(from: source, to: target, bare: bare, options: RemoteCommand.options())
        RemoteCommand.endProgress()
        guard let tip = fetched.remoteBranch else {
            print(tr("cli.clone.empty", ["url": "\(fetched.url)", "path": "\(target)"]))
            return
        }
        let branch = String(cloned.branch.dropFirst("refs/heads/".count))
        print(
            tr(
                "cli.clone.done",
                [
                    "url": "\(fetched.url)", "path": "\(target)", "branch": "\(branch)", "commit": "\(tip.short)",
                    "tags": .count(try cloned.tags().count),
                    "entries": .count(try cloned.ledger().count),
                ]))
    }
}

struct Remote: VaultSubcommand {
    static let name = "remote"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Remote.abstract"),
        discussion: tr("help.Remote.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Remote.action"), valueName: "action"))
    var action: String?

    @Argument(help: ArgumentHelp(tr("help.Remote.name"), valueName: "name"))
    var name: String?

    @Argument(help: ArgumentHelp(tr("help.Remote.url"), valueName: "url"))
    var url: String?

    @Flag(name: .shortAndLong, help: ArgumentHelp(tr("help.Remote.verbose")))
    var verbose = false

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        switch action {
        case nil: if name != nil { throw ValidationError(tr("cli.remote.usage")) }
        case "add": if name == nil || url == nil { throw ValidationError(tr("cli.remote.usage")) }
        case "remove", "rm": if name == nil || url != nil { throw ValidationError(tr("cli.remote.usage")) }
        default: throw ValidationError(tr("cli.remote.usage"))
        }
    }

    func run() throws {
        let opened = try vault.open()
        switch action {
        case "add": try opened.addRemote(name!, url: url!)
        case "remove", "rm": try opened.removeRemote(name!)
        default:
            for remote in try opened.remotes() {
                if verbose {
                    print(tr("cli.remote.fetchURL", ["name": "\(remote.name)", "url": "\(remote.url)"]))
                    print(tr("cli.remote.pushURL", ["name": "\(remote.name)", "url": "\(remote.url)"]))
                } else {
                    print(remote.name)
                }
            }
        }
    }
}

struct Fetch: VaultSubcommand {
    static let name = "fetch"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Fetch.abstract"),
        discussion: tr("help.Fetch.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Fetch.remote"), valueName: "remote"))
    var remote: String = "origin"

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let fetched = try opened.fetch(remote: remote, options: RemoteCommand.options())
        RemoteCommand.endProgress()
        guard let tip = fetched.remoteBranch else {
            print(tr("cli.fetch.empty", ["url": "\(fetched.url)"]))
            return
        }
        print(
            tr(
                "cli.fetch.done",
                ["url": "\(fetched.url)", "ref": "\(fetched.trackingBranch)", "commit": "\(tip.short)"]))
        let ahead = try opened.commitsMissing(from: fetched)
        if ahead > 0 { print(tr("cli.fetch.ahead", ["count": .count(ahead)])) }
        for name in fetched.conflictingTags { Output.note(tr("cli.fetch.tagConflict", ["name": "\(name)"])) }
    }
}

struct Push: VaultSubcommand {
    static let name = "push"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Push.abstract"),
        discussion: tr("help.Push.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Push.remote"), valueName: "remote"))
    var remote: String = "origin"

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let pushed = try opened.push(remote: remote, options: RemoteCommand.options())
        RemoteCommand.endProgress()
        if let user = pushed.unknownUser {
            Output.note(tr("cli.push.unknownUser", ["url": .text(pushed.url), "user": .text(user)]))
        }
        for reason in pushed.held { Output.note(tr("cli.push.held", ["reason": .message(reason)])) }
        guard !pushed.updates.isEmpty || !pushed.withdrawn.isEmpty else {
            if pushed.held.isEmpty { print(tr("cli.push.upToDate", ["url": "\(pushed.url)"])) }
            return
        }
        print(tr("cli.push.done", ["url": "\(pushed.url)"]))
        for update in pushed.updates {
            if let old = update.old {
                print(
                    tr(
                        "cli.push.moved",
                        ["ref": "\(update.reference)", "old": "\(old.short)", "new": "\(update.new.short)"]))
            } else {
                print(tr("cli.push.created", ["ref": "\(update.reference)", "new": "\(update.new.short)"]))
            }
        }
        for name in pushed.withdrawn { print(tr("cli.push.withdrawn", ["name": .text(name)])) }
    }
}

/// What the transfer commands share: progress on a terminal's stderr only, and only for a
/// transfer that takes longer than a second (a fast one stays quiet); until the server
/// answers, a line saying how long vault has been waiting for it.
enum RemoteCommand {
    nonisolated(unsafe) static var progressShown = false
    nonisolated(unsafe) static var started = Date()
    nonisolated(unsafe) static var lastProgress = Date.distantPast
    nonisolated(unsafe) static var answered = false
    nonisolated(unsafe) static var waiting: DispatchSourceTimer?
    static let lock = NSLock()

    static func options() -> RemoteOptions {
        guard isatty(STDERR_FILENO) == 1 else { return RemoteOptions() }
        started = Date()
        answered = false
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler {
            lock.withLock {
                guard !answered else { return }
                show(tr("cli.progress.waiting", ["seconds": .count(Int(Date().timeIntervalSince(started)))]))
            }
        }
        timer.resume()
        waiting = timer
        return RemoteOptions { progress in
            lock.withLock {
                answered = true
                let now = Date()
                // Quiet for the first second; then at most ten updates a second, and the last one.
                guard now.timeIntervalSince(started) >= 1,
                    now.timeIntervalSince(lastProgress) >= 0.1 || progress.objects == progress.totalObjects
                else { return }
                lastProgress = now
                let key = progress.sending ? "cli.progress.sending" : "cli.progress.receiving"
                show(
                    tr(
                        key,
                        [
                            "done": "\(progress.objects)", "total": "\(progress.totalObjects)",
                            "kib": "\(progress.bytes / 1024)",
                        ]))
            }
        }
    }

    /// One progress line, written over the last one.
    private static func show(_ line: String) {
        Output.standardError("\r\u{1B}[K" + line)
        progressShown = true
    }

    static func endProgress() {
        lock.withLock {
            waiting?.cancel()
            waiting = nil
            answered = true
            if progressShown { Output.standardError("\n") }
            progressShown = false
        }
    }
}
