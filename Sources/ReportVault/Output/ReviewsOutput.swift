/// `vault reviews --json` (schema/reviews-output.schema.json), and the lines `vault reviews`,
/// `vault status` and the web view print for a report's reviews.
public struct ReviewsOutput: JSONOutput {
    public var reviews: [ReportReview]

    public init(_ reviews: [ReportReview]) { self.reviews = reviews }

    public var json: JSONValue {
        .object([.init("reports", .array(reviews.map(Self.json)))])
    }

    static func json(_ review: ReportReview) -> JSONValue {
        .object([
            .init("report", .string(review.report.description)),
            .init("state", .string(review.state.rawValue)),
            .init("verdict", review.verdict.map(Self.json) ?? .null),
            .init("sameRevision", .array(review.sameRevision.map(Self.json))),
            .init("notes", .array(review.notes.map(Self.json))),
        ])
    }

    /// One note with its state, the figure's value now and its replies (as `vault reviews
    /// --json`, `figures --json` and `diff --json` give it).
    public static func json(_ note: ReviewNote) -> JSONValue {
        var members = Self.members(note.entry)
        members.append(.init("state", .string(note.state.rawValue)))
        members.append(.init("now", note.now ?? .null))
        members.append(.init("replies", .array(note.replies.map(Self.json))))
        return .object(members)
    }

    /// One entry: its id (the commit on refs/vault/reviews), kind, who and when, the revision
    /// and figure, the words.
    public static func json(_ entry: ReviewEntry) -> JSONValue { .object(members(entry)) }

    static func members(_ entry: ReviewEntry) -> [JSONValue.Member] {
        [
            .init("id", .string(entry.commit?.hex ?? "")), .init("kind", .string(entry.kind.rawValue)),
            .init("author", .string(entry.author)), .init("date", .string(entry.date)),
            .init("revision", .string(entry.revision.hex)),
            .init("pointer", entry.pointer.map { .string($0) } ?? .null),
            .init("caption", entry.caption.map { .string($0) } ?? .null), .init("value", entry.value ?? .null),
            .init("text", .string(entry.text)),
        ]
    }

    /// A figure's value as the terminal shows it (a number exactly as stored; absent: "—").
    public static func shown(_ value: JSONValue?) -> String {
        switch value {
        case .number(let d)?: return ECMAScriptNumber.format(d)
        case .string(let s)?: return "“\(s)”"
        case nil, .null?: return "—"
        default: return "…"
        }
    }

    /// Where the report stands: "returned for correction by 李审核 on 2026-12-07 (4ab556c): …".
    public static func stateLine(_ review: ReportReview) -> Message {
        let report = Message.Value.text(review.report.description)
        guard let verdict = review.verdict else { return Message("review.state.none", ["report": report]) }
        let values: [String: Message.Value] = [
            "report": report, "by": .text(verdict.author), "date": .text(String(verdict.date.prefix(10))),
            "revision": .text(verdict.revision.short), "text": .text(verdict.text),
        ]
        switch review.state {
        case .none, .returned: return Message("review.state.returned", values)
        case .corrected: return Message("review.state.corrected", values)
        case .approved: return Message("review.state.approved", values)
        case .stale: return Message("review.state.stale", values)
        }
    }

    /// A note: its id, figure, value then and now, state, who wrote it and what.
    public static func noteLine(_ note: ReviewNote) -> Message {
        let entry = note.entry
        let values: [String: Message.Value] = [
            "id": .text(entry.commit?.short ?? ""), "caption": .text(entry.caption ?? ""),
            "then": .text(shown(entry.value)), "now": .text(shown(note.now)), "state": .message(note.state.label),
            "by": .text(entry.author), "date": .text(String(entry.date.prefix(10))),
            "revision": .text(entry.revision.short), "text": .text(entry.text),
        ]
        return entry.pointer == nil ? Message("review.noteOnReport", values) : Message("review.note", values)
    }

    /// A reply under its note.
    public static func replyLine(_ reply: ReviewEntry) -> Message {
        Message(
            "review.reply",
            ["by": .text(reply.author), "date": .text(String(reply.date.prefix(10))), "text": .text(reply.text)])
    }
}
