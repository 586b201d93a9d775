/// `vault figures --json` (schema/figures-output.schema.json): every figure of a report.
public struct FigureListOutput: JSONOutput {
    public var figures: [Figure]

    public init(_ figures: [Figure]) {
        self.figures = figures
    }

    public var json: JSONValue {
        .array(
            figures.map { f in
                .object([
                    .init("path", .string(f.path)), .init("label", .string(f.label)), .init("value", .number(f.value)),
                    .init("unit", .orNull(f.unit)),
                ])
            })
    }
}
