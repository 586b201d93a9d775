/// Chooses the reader for a file by its content, never by its name: a zip is a Word
/// document, text is decoded as UTF-8, UTF-16 (with BOM) or GB18030; the formats we cannot
/// read get an error that says what to do.
public enum ImportSource {
    /// Reads `bytes` (from the file the user named `name`) into a document.
    public static func read(_ bytes: [UInt8], name: String) throws(VaultError) -> ImportDocument {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw VaultError("\(name): the file is empty; there is no report to import")
        }
        if WordReader.isZip(bytes) {
            let result = Result { () throws(WordReader.Failure) in try WordReader.read(bytes) }
            switch result {
            case .success(let document):
                return document
            case .failure(.notWordDocument):
                throw VaultError("\(name): a zip file that is not a Word document (no word/document.xml); import a .docx or the report's text")
            case .failure(.damaged(let why)):
                throw VaultError("\(name): a damaged Word document: \(why); open it in Word or WPS and save it again as .docx")
            }
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw VaultError(
                "\(name): an old Word 97–2003 (.doc) or WPS document, which vault cannot read; open it in Word or WPS and save it as .docx (or run: libreoffice --headless --convert-to docx \(name))"
            )
        }
        if bytes.starts(with: Array("%PDF".utf8)) {
            throw VaultError("\(name): a PDF file, which vault cannot read; import the .docx the PDF was made from, or save its text as a .txt file")
        }
        if bytes.starts(with: Array("{\\rtf".utf8)) {
            throw VaultError("\(name): a Rich Text (.rtf) file; open it in Word or WPS and save it as .docx")
        }
        guard let (text, encoding) = TextReader.decode(bytes) else {
            throw VaultError("\(name): neither a Word document nor text in UTF-8, UTF-16 or GB18030; save the report as .docx")
        }
        if text.contains("\u{0}") {
            throw VaultError("\(name): a binary file, not a report's text or a Word document")
        }
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.first
        if start == "{" || start == "[" {
            throw VaultError("\(name): this is JSON, not a report's text; a report in JSON is checked with 'vault check' and stored with 'vault commit'")
        }
        let vocabulary = try ReportImporter.shipped.get()
        return TextReader.read(text, format: "text, \(encoding)", isHeaderCell: vocabulary.isHeaderCell)
    }
}
