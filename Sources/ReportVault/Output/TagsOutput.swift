/// `vault tags --json` (schema/tags-output.schema.json): the submission tags in name order,
/// then the withdrawn submissions.
public struct TagListOutput: JSONOutput {
    public var tags: [TagInfo]
    /// Ledger entries of withdrawn submissions (`withdrawal` is set).
    public var withdrawn: [LedgerEntry]

    public init(tags: [TagInfo], withdrawn: [LedgerEntry]) {
        self.tags = tags
        self.withdrawn = withdrawn
    }

    public var json: JSONValue {
        let current: [JSONValue] = tags.map { tag in
            var members: [JSONValue.Member] = [
                .init("name", .string(tag.name)),
                .init("commit", .string(tag.target.hex)),
                .init("annotated", .bool(tag.tagObject != nil)),
                .init("message", .string(tag.message)),
            ]
            if let object = tag.tagObject { members.append(.init("tag", .string(object.hex))) }
            if let tagger = tag.tagger {
                members.append(
                    .init(
                        "tagger", .object([.init("name", .string(tagger.name)), .init("email", .string(tagger.email))]))
                )
                members.append(.init("date", .string(tagger.isoDate)))
            }
            return .object(members)
        }
        let withdrawn: [JSONValue] = withdrawn.map { entry in
            .object([
                .init("name", .string(entry.tag)), .init("commit", .string(entry.target.hex)),
                .init("tag", .string(entry.tagObject.hex)),
                .init(
                    "withdrawn",
                    .object([
                        .init("by", .string(entry.withdrawal?.by ?? "")),
                        .init("reason", .string(entry.withdrawal?.reason ?? "")), .init("date", .string(entry.date)),
                    ])),
            ])
        }
        return .array(current + withdrawn)
    }
}
