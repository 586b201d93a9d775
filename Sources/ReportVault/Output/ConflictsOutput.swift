/// `vault conflicts --json` (schema/conflicts-output.schema.json): the pull in progress, if
/// any, and each of its conflicts with the three values and how it was resolved so far.
public struct ConflictListOutput: JSONOutput {
    public var pending: PendingPull?

    public init(_ pending: PendingPull?) { self.pending = pending }

    public var json: JSONValue {
        guard let pending else { return .object([.init("pending", .bool(false)), .init("conflicts", .array([]))]) }
        return .object([
            .init("pending", .bool(true)),
            .init("from", .string(pending.from)),
            .init("ours", .string(pending.ours.hex)),
            .init("theirs", .string(pending.theirs.hex)),
            .init("base", .orNull(pending.base?.hex)),
            .init("unresolved", .count(pending.unresolved.count)),
            .init(
                "conflicts",
                .array(
                    pending.conflicts.map { c in
                        .object(
                            [
                                .init("report", .string(c.report.description)), .init("pointer", .string(c.pointer)),
                                .init("identity", .string(c.identity)),
                                .init("label", .string(c.label)), .init("resolved", .bool(c.resolution != nil)),
                            ] + c.sides)
                    })),
        ])
    }
}
