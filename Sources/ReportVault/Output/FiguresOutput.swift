/// `vault figures --json` (schema/figures-output.schema.json): every figure of a report.
public struct FigureListOutput: JSONOutput {
    public var figures: [Figure]
    /// A reviewed report's notes by figure pointer: a figure with notes lists them.
    public var notes: [String: [ReviewNote]]

    public init(_ figures: [Figure], notes: [String: [ReviewNote]] = [:]) {
        self.figures = figures
        self.notes = notes
    }

    public var json: JSONValue {
        .array(
            figures.map { f in
                .object(
                    [
                        .init("path", .string(f.path)), .init("label", .string(f.label)),
                        .init("value", .number(f.value)), .init("unit", .orNull(f.unit)),
                    ] + (notes[f.path].map { [.init("notes", .array($0.map(ReviewsOutput.json)))] } ?? []))
            })
    }
}

extension CSV {
    /// `vault figures --csv`: every figure's path, caption, value and unit, headers in `language`.
    public static func figures(_ figures: [Figure], language: Language = .current) -> [UInt8] {
        document(
            header: ["path", "label", "value", "unit"].map { Message("cli.csv." + $0).text(language) },
            rows: figures.map { [$0.path, $0.label, $0.text, $0.unit ?? ""] })
    }
}
