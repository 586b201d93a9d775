/// Finding what a clerk names: a report by any unique part of its unit name, a figure by its
/// Chinese caption — with the candidates listed when the name fits several, and the closest
/// names suggested when it fits none.
extension Vault {
    /// The report `argument` names at `revision`: `2024/<unit name>`, the stored path, or any
    /// part of a unit name (`长铺镇`, `2024/长铺`) that fits one report only.
    public func findReport(_ argument: String, at revision: String = "HEAD") throws(VaultError) -> ReportPath {
        let exact = try? ReportPath(argument: argument)
        var query = Substring(argument)
        if query.hasPrefix("reports/") { query = query.dropFirst("reports/".count) }
        if query.hasSuffix(".json") { query = query.dropLast(".json".count) }
        var year: Int?
        if let slash = query.firstIndex(of: "/"), let y = Int(query[..<slash]) {
            year = y
            query = query[query.index(after: slash)...]
        } else if let y = Int(query), ReportPath.fiscalYears.contains(y) {
            year = y
            query = ""
        }
        // The exact path, when the revision has it, without listing every report.
        if let exact, let commit = try? resolve(revision),
            (try? repository.blobID(at: exact.storedPath, in: commit)) != nil
        {
            return exact
        }
        let all: [ReportPath]
        do {
            all = try reports(at: revision).map(\.path)
        } catch {
            if let exact { return exact }  // no commits yet: the name as given
            throw error
        }
        if let exact, all.contains(exact) { return exact }
        let candidates = all.filter {
            (year == nil || $0.fiscalYear == year) && (query.isEmpty || $0.unitName.contains(query))
        }
        if candidates.count == 1 { return candidates[0] }
        // A report deleted from the branch keeps its history: `vault log` and `history` follow it.
        if candidates.isEmpty, revision == "HEAD" {
            let deleted = deletedReports().filter {
                (year == nil || $0.fiscalYear == year) && (query.isEmpty || $0.unitName.contains(query))
            }
            if let exact, deleted.contains(exact) { return exact }
            if deleted.count == 1 { return deleted[0] }
        }
        if candidates.count > 1 {
            let closest = candidates.map(\.description).sorted {
                Self.distance($0, argument) < Self.distance($1, argument)
            }
            throw .reportAmbiguous(argument: argument, count: candidates.count, candidates: closest)
        }
        let closest = all.sorted { Self.distance($0.description, argument) < Self.distance($1.description, argument) }
            .prefix(5)
        throw .noSuchReport(argument: argument, revision: revision, suggestions: closest.map(\.description))
    }

    /// The JSON Pointer of the figure `name` names in `report`: a pointer as it is, or any part
    /// of a figure's caption (`人员经费`, `单位日常运转经费 · 得分`) that fits one figure only.
    public func findFigure(_ name: String, in report: JSONValue, figures: FigureList) throws(VaultError) -> String {
        if name.hasPrefix("/") { return name }
        let all = figures.figures(of: report)
        // A caption's last part equal to the name wins over a name found inside captions.
        let exact = all.filter { $0.label == name || $0.label.hasSuffix(" · " + name) }
        let found = exact.isEmpty ? all.filter { $0.label.contains(name) } : exact
        if found.count == 1 { return found[0].path }
        if found.count > 1 {
            throw .figureAmbiguous(name: name, count: found.count, candidates: found.map { "\($0.label) (\($0.path))" })
        }
        throw .noSuchFigureNamed(name: name)
    }

    /// Edit distance between two names (in characters), for suggestions.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(y.count, 1) where !y.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[y.count]
    }
}
