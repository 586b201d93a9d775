import Foundation

/// Regular expressions over report sentences, written with a few shorthands so the
/// rules read like the sentences they match:
/// `{A}` an amount (digits, optional decimals, thousands separated by commas or spaces)
/// captured, with an optional 万元/元/万;
/// `{N}` a plain number captured; `{P}` a percentage number captured (the % sign follows);
/// `，` any comma (full- or half-width) with optional spaces.
struct TextPattern: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>

    /// Compiled expressions by pattern: compiling is far dearer than matching, and the
    /// importer uses the same few dozen patterns on every sentence.
    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var compiled: [String: Regex<AnyRegexOutput>] = [:]
    }
    private static let cache = Cache()

    init(_ pattern: String) {
        Self.cache.lock.lock()
        if let hit = Self.cache.compiled[pattern] {
            Self.cache.lock.unlock()
            regex = hit
            return
        }
        Self.cache.lock.unlock()
        let expanded =
            pattern
            // An amount ends where its digits end, and is no year or date (2017年, 3月).
            .replacingOccurrences(
                of: "{A}",
                with:
                    #"\s*(-?[0-9]{1,3}(?: [0-9]{3})+(?:\.[0-9]+)?|-?[0-9][0-9,]*(?:\.[0-9]+)?)(?![0-9.]|\s*[年月日])\s*(?:万元|元|万)?"#
            )
            .replacingOccurrences(of: "{N}", with: #"\s*([0-9]+(?:\.[0-9]+)?)\s*"#)
            .replacingOccurrences(of: "{P}", with: #"\s*(-?[0-9]+(?:\.[0-9]+)?)\s*%"#)
            .replacingOccurrences(of: "，", with: #"[，,]\s*"#)
            .replacingOccurrences(of: "：", with: #"[：:]?\s*"#)
        regex = try! Regex(expanded)
        Self.cache.lock.lock()
        Self.cache.compiled[pattern] = regex
        Self.cache.lock.unlock()
    }

    /// One match: the captured groups' text and their UTF-16 offsets in the searched string.
    struct Match {
        let groups: [(text: String, offset: Int)?]
        let range: Range<String.Index>
        subscript(_ i: Int) -> (text: String, offset: Int)? { i < groups.count ? groups[i] : nil }
    }

    func matches(in s: String) -> [Match] {
        s.matches(of: regex).map { m in
            var groups: [(String, Int)?] = []
            for i in 1..<m.output.count {
                if let range = m.output[i].range {
                    groups.append((String(s[range]), s.utf16.distance(from: s.startIndex, to: range.lowerBound)))
                } else {
                    groups.append(nil)
                }
            }
            return Match(groups: groups, range: m.range)
        }
    }

    func firstMatch(in s: String) -> Match? { matches(in: s).first }
}

/// The place of the word that says which way a year-on-year change went.
enum ChangeWord {
    /// Any short word: the vocabulary tells the known ones apart (``ImportVocabulary/changeSigns(_:_:)``).
    static let pattern = "(\\p{Han}{1,2})"
}
