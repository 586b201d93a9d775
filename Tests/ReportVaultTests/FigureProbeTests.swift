import Foundation
import Testing

@testable import VaultDiff
@testable import VaultModel

/// Reading many figures out of stored bytes in one pass (FigureProbe.swift), checked against
/// the figure list of the parsed document.
@Suite struct FigureProbeTests {
    static let schema = try! ReportSchemas.load().newestSchema()

    static func probe(for doc: JSONValue) -> (FigureProbe, [Figure]) {
        let figures = FigureList(schema: schema).figures(of: doc)
        let addresses = figures.map { FigureAddress(tokens: JSONPointer.tokens($0.path)!, in: doc, schema: schema) }
        return (FigureProbe(addresses: addresses.map(\.steps), rowKeys: addresses.map(\.rowKeys)), figures)
    }

    static func text(_ slice: ArraySlice<UInt8>?) -> String? { slice.map { String(decoding: $0, as: UTF8.self) } }

    @Test func findsEveryFigureOfTheStoredFormAsItsText() throws {
        let doc = try DiffTests.sample()
        let (probe, figures) = Self.probe(for: doc)
        #expect(figures.count > 50)
        let numbers = probe.numbers(in: CanonicalJSON.stored(doc))
        #expect(numbers.count == figures.count)
        for (k, figure) in figures.enumerated() {
            #expect(Self.text(numbers[k]) == figure.text, "\(figure.path)")
        }
    }

    @Test func rowsAreFoundByTheirKeyWhereverTheyStand() throws {
        let doc = try DiffTests.sample()
        // 专项资金 is the last project item now: it is asked for by its name.
        let (probe, figures) = Self.probe(for: doc)
        let k = try #require(figures.firstIndex { $0.path == "/generalBudget/project/items/2/amount" })
        guard case .array(var items)? = JSONPointer.resolve("/generalBudget/project/items", in: doc) else {
            Issue.record("the sample has no project items")
            return
        }
        // An older revision where it stood first and held another amount.
        var moved = items.removeLast()
        moved = replacing("/amount", in: moved, with: .number(77.25))!
        let older = replacing("/generalBudget/project/items", in: doc, with: .array([moved] + items))!
        #expect(Self.text(probe.numbers(in: CanonicalJSON.stored(older))[k]) == "77.25")
        // A revision without the row: absent, not another row's amount.
        let without = replacing("/generalBudget/project/items", in: doc, with: .array(items))!
        #expect(probe.numbers(in: CanonicalJSON.stored(without))[k] == nil)
    }

    @Test func aClosedFigureIsNoLongerRead() throws {
        let doc = try DiffTests.sample()
        var (probe, figures) = Self.probe(for: doc)
        let k = try #require(figures.firstIndex { $0.path == "/generalBudget/basic/personnel" })
        probe.close(k)
        probe.close(k)  // twice is once
        #expect(probe.openCount == figures.count - 1)
        let numbers = probe.numbers(in: CanonicalJSON.stored(doc))
        #expect(numbers[k] == nil)
        #expect(Self.text(numbers[(k + 1) % figures.count]) == figures[(k + 1) % figures.count].text)
    }

    @Test func aValueThatIsNotANumberIsNil() throws {
        let doc = try DiffTests.sample()
        let (probe, figures) = Self.probe(for: doc)
        let k = try #require(figures.firstIndex { $0.path == "/generalBudget/basic/personnel" })
        let text = replacing("/generalBudget/basic/personnel", in: doc, with: .string("1236.95"))!
        #expect(probe.numbers(in: CanonicalJSON.stored(text))[k] == nil)
    }
}
