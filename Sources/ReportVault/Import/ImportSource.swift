/// Chooses the reader for a file by its content, never by its name: a zip is a Word
/// document or a workbook, a PDF is read through pdftotext and an old Word or WPS document
/// through LibreOffice (``ImportConverter``), text is decoded as UTF-8, UTF-16 (with BOM) or
/// GB18030; the formats we cannot read get an error that says what to do.
public enum ImportSource {
    /// Reads `bytes` (from the file the user named `name`) into a document.
    public static func read(_ bytes: [UInt8], name: String) throws(VaultError) -> ImportDocument {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw .importEmpty(file: name)
        }
        if WordReader.isZip(bytes) {
            let result = Result { () throws(WordReader.Failure) in try WordReader.read(bytes) }
            switch result {
            case .success(let document):
                return document
            case .failure(.notWordDocument):
                throw .zipNotWord(file: name)
            case .failure(.damaged(let why)):
                throw .damagedWord(file: name, reason: why)
            case .failure(.damagedWorkbook(let why)):
                throw .damagedWorkbook(file: name, reason: why)
            }
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // Word 97–2003 or WPS: LibreOffice makes it a .docx, read as any other.
            let docx = try ImportConverter.docx(fromOld: bytes, name: name)
            let result = Result { () throws(WordReader.Failure) in try WordReader.read(docx) }
            guard case .success(var document) = result else {
                throw .conversionFailed(file: name, tool: "LibreOffice", reason: "the .docx it made cannot be read")
            }
            // A damaged file comes out as an empty document: nothing to import is no success.
            guard document.paragraphs.contains(where: { !$0.text.trimmed.isEmpty }) || !document.tables.isEmpty else {
                throw .conversionFailed(file: name, tool: "LibreOffice", reason: "no text came out")
            }
            document.format = Message("import.format.oldWord")
            return document
        }
        if bytes.starts(with: Array("%PDF".utf8)) {
            let text = try ImportConverter.pdfText(bytes, name: name)
            let vocabulary = try ReportImporter.shipped.get()
            return TextReader.read(text, format: Message("import.format.pdf"), isHeaderCell: vocabulary.isHeaderCell)
        }
        if bytes.starts(with: Array("{\\rtf".utf8)) {
            throw .rtf(file: name)
        }
        guard let (text, encoding) = TextReader.decode(bytes) else {
            throw .unknownEncoding(file: name)
        }
        if text.contains("\u{0}") {
            throw .binary(file: name)
        }
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.first
        if start == "{" || start == "[" {
            throw .jsonGivenToImport(file: name)
        }
        // A saved web page (UTF-8, or GBK as its <meta> says, which GB18030 reads).
        if HTMLReader.isHTML(text) { return HTMLReader.read(text) }
        let vocabulary = try ReportImporter.shipped.get()
        let bom = " with BOM"
        let format =
            encoding.hasSuffix(bom)
            ? Message("import.format.textWithBOM", ["encoding": .text(String(encoding.dropLast(bom.count)))])
            : Message("import.format.textIn", ["encoding": .text(encoding)])
        return TextReader.read(text, format: format, isHeaderCell: vocabulary.isHeaderCell)
    }
}
