/// A report document as its readers see it: paragraphs and tables in reading order.
///
/// The readers (``TextReader`` for extracted text, ``WordReader`` for .docx) know file
/// formats and nothing about reports; the mapping (``ReportImporter``) knows reports and
/// nothing about file formats. This type is the only thing they share.
public struct ImportDocument: Sendable {
    /// Where something stands in the source file, as the user can find it again.
    public enum Place: Sendable, Equatable, CustomStringConvertible {
        /// A line of a text file (1-based).
        case line(Int)
        /// A paragraph of a Word document outside tables (1-based, in reading order).
        case paragraph(Int)
        /// A cell of a Word table: table, row and grid column (1-based).
        case cell(table: Int, row: Int, column: Int)

        /// "line 12", "paragraph 7", "table 2 row 5 column 3", in either language (`import.place.*`).
        public var message: Message {
            switch self {
            case .line(let n): return Message("import.place.line", ["n": .count(n)])
            case .paragraph(let n): return Message("import.place.paragraph", ["n": .count(n)])
            case .cell(let t, let r, let c):
                return Message("import.place.cell", ["table": .count(t), "row": .count(r), "column": .count(c)])
            }
        }

        /// The place in English.
        public var description: String { message.text(.en) }
    }

    /// One paragraph of running text.
    public struct Paragraph: Sendable {
        public var text: String
        public var place: Place
        /// The outline level a Word heading carries (0 for 标题 1), when it has one.
        public var outlineLevel: Int?
        public init(_ text: String, at place: Place, outlineLevel: Int? = nil) {
            self.text = text
            self.place = place
            self.outlineLevel = outlineLevel
        }
    }

    /// One cell of a table, at its grid position; a merged cell is stored once, at its
    /// top-left position, with its spans.
    public struct Cell: Sendable {
        /// 0-based grid row and column of the cell's top-left corner.
        public var row: Int
        public var column: Int
        public var rowSpan: Int
        public var columnSpan: Int
        /// The cell's paragraphs (a line break inside a cell starts a new one).
        public var paragraphs: [String]
        public var place: Place

        public init(row: Int, column: Int, rowSpan: Int = 1, columnSpan: Int = 1, paragraphs: [String], place: Place) {
            self.row = row
            self.column = column
            self.rowSpan = rowSpan
            self.columnSpan = columnSpan
            self.paragraphs = paragraphs
            self.place = place
        }

        /// The cell's text, paragraphs joined without separator (a wrapped cell reads as one line).
        public var text: String { paragraphs.joined() }
    }

    /// A table: its cells and where it starts.
    public struct Table: Sendable {
        /// 1-based number of the table in the document.
        public var number: Int
        public var cells: [Cell]
        public var place: Place
        /// False when the source gave the cells in order but not where rows end (one cell
        /// per line): the rows are then the header's width, and the mapping may re-cut them.
        public var rowsKnown = true
        /// Whether (nearly) every row's line ended in `|` — a web page's text, where that bar
        /// ends the row and is no empty cell of its own.
        public var rowsEndInBar = false
        /// Whether rows were padded with runs of bars to a wider grid: a row's trailing empty
        /// cells are then no cells of the table.
        public var rowsPadded = false

        public init(number: Int, cells: [Cell], place: Place) {
            self.number = number
            self.cells = cells
            self.place = place
        }

        public var rowCount: Int { cells.map { $0.row + $0.rowSpan }.max() ?? 0 }
    }

    public enum Block: Sendable {
        case paragraph(Paragraph)
        case table(Table)
    }

    public var blocks: [Block]
    /// How the source was read, for the user ("Word document", "text, GB18030").
    public var format: Message

    public init(blocks: [Block], format: Message) {
        self.blocks = blocks
        self.format = format
    }

    public var paragraphs: [Paragraph] {
        blocks.compactMap {
            guard case .paragraph(let p) = $0 else { return nil }
            return p
        }
    }

    public var tables: [Table] {
        blocks.compactMap {
            guard case .table(let t) = $0 else { return nil }
            return t
        }
    }
}
