import Foundation
import ReportVault

/// A line chart drawn on the server as SVG (no script, no outside library): one point per
/// revision, oldest on the left, the lowest and highest values and the first and last dates
/// written on the axes, each point titled with its date, value and commit.
enum Chart {
    static let width = 760.0
    static let height = 240.0
    static let margin = (right: 24.0, top: 20.0, bottom: 34.0)

    /// Roughly how wide `text` is at the chart's 11px font: CJK characters a full em, others half.
    static func textWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.properties.isIdeographic ? 11 : 6.6) }
    }

    /// `points`: label (date), value, commit and the submissions that carried the value,
    /// oldest first. The value axis is labelled at a few round ticks that fit their margin.
    static func line(
        _ points: [(date: String, value: Double, commit: String, submissions: [String])], unit: String?
    ) -> Node {
        guard !points.isEmpty else { return el("p", .class("empty")) { "" } }
        let low = points.map(\.value).min()!, high = points.map(\.value).max()!
        let span = high - low == 0 ? max(abs(high), 1) : high - low
        let bottom = low - span * 0.12, top = high + span * 0.12
        // Round ticks: 3 to 5 of them, at a step of 1, 2 or 5 × 10^k.
        let raw = (top - bottom) / 4
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var ticks: [Double] = []
        var t = (bottom / step).rounded(.up) * step
        while t <= top + step * 1e-9 {
            ticks.append(t)
            t += step
        }
        let unitText = unit.map { " " + $0 } ?? ""
        func tickText(_ v: Double) -> String {
            Pages.number(ECMAScriptNumber.format((v / step).rounded() * step), unit: nil) + unitText
        }
        // The margin fits the longest label, whole.
        let left = 16 + (ticks.map { textWidth(tickText($0)) }.max() ?? 40)
        let plotWidth = width - left - margin.right, plotHeight = height - margin.top - margin.bottom
        func x(_ i: Int) -> Double {
            left + (points.count == 1 ? plotWidth / 2 : plotWidth * Double(i) / Double(points.count - 1))
        }
        func y(_ v: Double) -> Double { margin.top + plotHeight * (1 - (v - bottom) / (top - bottom)) }
        func n(_ d: Double) -> String { ECMAScriptNumber.format((d * 10).rounded() / 10) }
        return el(
            "svg", Attribute("xmlns", "http://www.w3.org/2000/svg"),
            Attribute("viewBox", "0 0 \(n(width)) \(n(height))"), .class("chart"), Attribute("role", "img"),
            Attribute(
                "aria-label", points.map { "\($0.date) \(ECMAScriptNumber.format($0.value))" }.joined(separator: ", "))
        ) {
            el(
                "line", Attribute("x1", n(left)), Attribute("y1", n(margin.top)), Attribute("x2", n(left)),
                Attribute("y2", n(height - margin.bottom)), .class("axis"))
            el(
                "line", Attribute("x1", n(left)), Attribute("y1", n(height - margin.bottom)),
                Attribute("x2", n(width - margin.right)),
                Attribute("y2", n(height - margin.bottom)), .class("axis"))
            for v in ticks {
                el("text", Attribute("x", n(left - 6)), Attribute("y", n(y(v) + 4)), Attribute("text-anchor", "end")) {
                    tickText(v)
                }
                el(
                    "line", Attribute("x1", n(left)), Attribute("y1", n(y(v))),
                    Attribute("x2", n(width - margin.right)), Attribute("y2", n(y(v))), .class("grid"))
            }
            el(
                "text", Attribute("x", n(x(0))), Attribute("y", n(height - 10)),
                Attribute("text-anchor", points.count == 1 ? "middle" : "start")
            ) { points[0].date }
            if points.count > 1 {
                el(
                    "text", Attribute("x", n(x(points.count - 1))), Attribute("y", n(height - 10)),
                    Attribute("text-anchor", "end")
                ) { points[points.count - 1].date }
            }
            el(
                "polyline",
                Attribute(
                    "points", points.indices.map { "\(n(x($0))),\(n(y(points[$0].value)))" }.joined(separator: " ")),
                .class("series"))
            for (i, p) in points.enumerated() {
                let submitted = !p.submissions.isEmpty
                el(
                    "circle", Attribute("cx", n(x(i))), Attribute("cy", n(y(p.value))),
                    Attribute("r", submitted ? "6" : "4"), .class(submitted ? "point submitted" : "point")
                ) {
                    el("title") {
                        "\(p.date)  \(Pages.number(ECMAScriptNumber.format(p.value), unit: unit))\(unitText)  \(p.commit)"
                            + (submitted ? "  ✔ " + p.submissions.joined(separator: ", ") : "")
                    }
                }
                if submitted {
                    // The submission's name above its point, kept inside the chart.
                    let label = p.submissions.joined(separator: ", ")
                    let anchor =
                        x(i) - textWidth(label) / 2 < left
                        ? "start" : x(i) + textWidth(label) / 2 > width - 4 ? "end" : "middle"
                    el(
                        "text", Attribute("x", n(x(i))), Attribute("y", n(max(12, y(p.value) - 10))),
                        Attribute("text-anchor", anchor), .class("submitted")
                    ) { label }
                }
            }
        }
    }

    /// Horizontal bars, one per unit (as given), from zero: each labelled with its unit's name
    /// on the left and its value at the bar's end, and titled with both.
    static func bars(_ bars: [(label: String, value: Double)], unit: String?) -> Node {
        guard !bars.isEmpty else { return el("p", .class("empty")) { "" } }
        let rowHeight = 22.0, top = 8.0
        let chartHeight = top * 2 + rowHeight * Double(bars.count)
        let left = 16 + (bars.map { textWidth($0.label) }.max() ?? 40)
        let valueRoom = 90.0
        let low = min(0, bars.map(\.value).min()!), high = max(0, bars.map(\.value).max()!)
        let span = high - low == 0 ? 1 : high - low
        let plotWidth = width - left - valueRoom
        func x(_ v: Double) -> Double { left + plotWidth * (v - low) / span }
        func n(_ d: Double) -> String { ECMAScriptNumber.format((d * 10).rounded() / 10) }
        let unitText = unit.map { " " + $0 } ?? ""
        return el(
            "svg", Attribute("xmlns", "http://www.w3.org/2000/svg"),
            Attribute("viewBox", "0 0 \(n(width)) \(n(chartHeight))"), .class("chart bars"), Attribute("role", "img"),
            Attribute(
                "aria-label", bars.map { "\($0.label) \(ECMAScriptNumber.format($0.value))" }.joined(separator: ", "))
        ) {
            el(
                "line", Attribute("x1", n(x(0))), Attribute("y1", n(top)), Attribute("x2", n(x(0))),
                Attribute("y2", n(chartHeight - top)), .class("axis"))
            for (i, bar) in bars.enumerated() {
                let y = top + rowHeight * Double(i)
                let text = Pages.number(ECMAScriptNumber.format(bar.value), unit: unit) + unitText
                el("text", Attribute("x", n(left - 6)), Attribute("y", n(y + 15)), Attribute("text-anchor", "end")) {
                    bar.label
                }
                el(
                    "rect", Attribute("x", n(min(x(0), x(bar.value)))), Attribute("y", n(y + 4)),
                    Attribute("width", n(max(1, abs(x(bar.value) - x(0))))), Attribute("height", n(rowHeight - 8)),
                    .class("bar")
                ) { el("title") { "\(bar.label)  \(text)" } }
                el("text", Attribute("x", n(max(x(0), x(bar.value)) + 6)), Attribute("y", n(y + 15))) { text }
            }
        }
    }
}
