import ReportVault

/// A line chart drawn on the server as SVG (no script, no outside library): one point per
/// revision, oldest on the left, the lowest and highest values and the first and last dates
/// written on the axes, each point titled with its date, value and commit.
enum Chart {
    static let width = 720.0
    static let height = 220.0
    static let margin = (left: 70.0, right: 20.0, top: 16.0, bottom: 30.0)

    /// `points`: label (date), value and commit, oldest first.
    static func line(_ points: [(date: String, value: Double, commit: String)], unit: String?) -> Node {
        guard !points.isEmpty else { return el("p", .class("empty")) { "" } }
        let low = points.map(\.value).min()!, high = points.map(\.value).max()!
        let span = high - low == 0 ? max(abs(high), 1) : high - low
        let bottom = low - span * 0.1, top = high + span * 0.1
        let plotWidth = width - margin.left - margin.right, plotHeight = height - margin.top - margin.bottom
        func x(_ i: Int) -> Double { margin.left + (points.count == 1 ? plotWidth / 2 : plotWidth * Double(i) / Double(points.count - 1)) }
        func y(_ v: Double) -> Double { margin.top + plotHeight * (1 - (v - bottom) / (top - bottom)) }
        func n(_ d: Double) -> String { ECMAScriptNumber.format((d * 10).rounded() / 10) }
        let unitText = unit.map { " " + $0 } ?? ""
        return el(
            "svg", Attribute("xmlns", "http://www.w3.org/2000/svg"), Attribute("viewBox", "0 0 \(n(width)) \(n(height))"), .class("chart"), Attribute("role", "img"),
            Attribute("aria-label", points.map { "\($0.date) \(ECMAScriptNumber.format($0.value))" }.joined(separator: ", "))
        ) {
            el("line", Attribute("x1", n(margin.left)), Attribute("y1", n(margin.top)), Attribute("x2", n(margin.left)), Attribute("y2", n(height - margin.bottom)), .class("axis"))
            el(
                "line", Attribute("x1", n(margin.left)), Attribute("y1", n(height - margin.bottom)), Attribute("x2", n(width - margin.right)),
                Attribute("y2", n(height - margin.bottom)), .class("axis"))
            for v in Set([low, high]).sorted() {
                el("text", Attribute("x", n(margin.left - 6)), Attribute("y", n(y(v) + 4)), Attribute("text-anchor", "end")) { ECMAScriptNumber.format(v) + unitText }
                el("line", Attribute("x1", n(margin.left)), Attribute("y1", n(y(v))), Attribute("x2", n(width - margin.right)), Attribute("y2", n(y(v))), .class("grid"))
            }
            el("text", Attribute("x", n(x(0))), Attribute("y", n(height - 8)), Attribute("text-anchor", points.count == 1 ? "middle" : "start")) { points[0].date }
            if points.count > 1 {
                el("text", Attribute("x", n(x(points.count - 1))), Attribute("y", n(height - 8)), Attribute("text-anchor", "end")) { points[points.count - 1].date }
            }
            el("polyline", Attribute("points", points.indices.map { "\(n(x($0))),\(n(y(points[$0].value)))" }.joined(separator: " ")), .class("series"))
            for (i, p) in points.enumerated() {
                el("circle", Attribute("cx", n(x(i))), Attribute("cy", n(y(p.value))), Attribute("r", "4"), .class("point")) {
                    el("title") { "\(p.date)  \(ECMAScriptNumber.format(p.value))\(unitText)  \(p.commit)" }
                }
            }
        }
    }
}
