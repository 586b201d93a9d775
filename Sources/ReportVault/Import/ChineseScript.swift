import Foundation

/// Reports copied from mirror sites come in traditional script, some with the pinyin reading
/// of a character inserted after it ("績效評(píng)價(jià)"). The vocabulary matches simplified
/// words, so the text is made simplified and the readings dropped before anything is read.
enum ChineseScript {
    /// Characters only traditional script uses, common in these reports: one of them present
    /// means the text is traditional.
    static let traditionalOnly: Set<Character> = Set(
        "績評價報據預執實際費經會議項資產務與這為發數鎮縣級總劃標準達調關係機構員額現間開設業環變歲輔導護團檢驗農態節廳處證種財稅專單體統計亂確認規範辦黨鄉區門補貼醫療衛購買採傳電腦網絡營運職責監應屬")

    /// `text` with pinyin readings removed and, when it is traditional, in simplified script.
    static func readable(_ text: String) -> String {
        let plain = joiningSplitYears(withoutReadings(text))
        guard plain.contains(where: traditionalOnly.contains) else { return plain }
        return plain.applyingTransform(StringTransform("Hant-Hans"), reverse: false) ?? plain
    }

    /// A year whose digits a web page split with spaces, before 年 or a "-度" that lost its 年
    /// ("20 16 -度", "20 17 年"): written whole ("2016年度", "2017年"), so no digit of it is read
    /// as an amount.
    static func joiningSplitYears(_ text: String) -> String {
        // Only where a digit is followed by a space and a digit, or a dash comes before 度.
        let scalars = Array(text.unicodeScalars)
        let digit = { (s: Unicode.Scalar) in s.value >= 0x30 && s.value <= 0x39 }
        let candidate = scalars.indices.dropFirst().dropLast().contains { i in
            (scalars[i] == " " && digit(scalars[i - 1]) && digit(scalars[i + 1]))
                || ("-－—".unicodeScalars.contains(scalars[i])
                    && scalars[i...].dropFirst().drop { $0 == " " }.first == "度")
        }
        guard candidate else { return text }
        return text.replacing(splitYear.regex) { match -> String in
            let lead = match.output[1].substring.map(String.init) ?? ""
            let digits = match.output[2].substring.map(String.init) ?? ""
            let end = match.output[3].substring.map(String.init) ?? ""
            guard digits.contains(" ") || end != "年" else { return String(match.output[0].substring ?? "") }
            return lead + digits.filter(\.isNumber) + (end == "年" ? "年" : "年度")
        }
    }

    /// A year with spaces among its digits before 年 or a dash before 度 (``joiningSplitYears(_:)``).
    static let splitYear = TextPattern(#"(^|[^0-9.])([12] ?[09] ?[0-9] ?[0-9]) *(年|[-－—] *度)"#)

    /// Vowels with a tone mark, which only a pinyin reading has.
    static let toneMarked: Set<Character> = Set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")

    /// `text` without "(píng)" or "（jià）" after a Chinese character: a parenthesised run of
    /// 1 to 8 lower-case Latin letters holding a tone-marked vowel. "(A)", "(B/A)", "(50分)" stay.
    static func withoutReadings(_ text: String) -> String {
        guard text.contains(where: toneMarked.contains) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var chars = text[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            out.append(c)
            guard c.unicodeScalars.first.map({ (0x4E00...0x9FFF).contains($0.value) }) == true, let open = chars.first,
                open == "(" || open == "（"
            else { continue }
            let inside = chars.dropFirst().prefix { $0.isLetter && $0.isLowercase }
            let close = chars.dropFirst(1 + inside.count).first
            if (1...8).contains(inside.count), inside.contains(where: toneMarked.contains), close == ")" || close == "）"
            {
                chars = chars.dropFirst(2 + inside.count)
            }
        }
        return out
    }
}

extension ChineseScript {
    /// A Word document's paragraphs and cells made readable (a text file's are, as it is read).
    static func readable(_ document: ImportDocument) -> ImportDocument {
        var document = document
        document.blocks = document.blocks.map { block in
            switch block {
            case .paragraph(var p):
                p.text = readable(p.text)
                return .paragraph(p)
            case .table(var t):
                for i in t.cells.indices { t.cells[i].paragraphs = t.cells[i].paragraphs.map(readable) }
                return .table(t)
            }
        }
        return document
    }
}
