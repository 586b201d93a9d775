import Foundation
import Testing

@testable import VaultDiff
@testable import VaultModel

/// The three-way figure merge on its own (ThreeWayMerge.swift): two offices' edits of the same
/// report, each written here by hand from the sample.
@Suite struct ThreeWayMergeTests {
    static let merger = try! ThreeWayMerge(schemas: ReportSchemas.load())

    @Test func editsOfDifferentFiguresAreBothKept() throws {
        let base = try DiffTests.sample()
        let theirs = DiffTests.set("/generalBudget/basic/personnel", .number(1300.5), in: base)
        let ours = DiffTests.set("/generalBudget/basic/publicUse", .number(340.01), in: base)
        let result = try Self.merger.merge(base: base, theirs: theirs, ours: ours)
        #expect(result.conflicts.isEmpty)
        #expect(JSONPointer.resolve("/generalBudget/basic/personnel", in: result.merged) == .number(1300.5))
        #expect(JSONPointer.resolve("/generalBudget/basic/publicUse", in: result.merged) == .number(340.01))
        // Nothing else moved: the merge equals both edits applied to the base.
        let both = DiffTests.set("/generalBudget/basic/publicUse", .number(340.01), in: theirs)
        #expect(result.merged == CanonicalJSON.sorted(both))
    }

    @Test func theSameEditOnBothSidesIsNoConflict() throws {
        let base = try DiffTests.sample()
        let edited = DiffTests.set("/generalBudget/total/actual", .number(2100), in: base)
        let result = try Self.merger.merge(base: base, theirs: edited, ours: edited)
        #expect(result.conflicts.isEmpty)
        #expect(JSONPointer.resolve("/generalBudget/total/actual", in: result.merged) == .number(2100))
    }

    @Test func differentEditsOfOneFigureAreOneConflictWithAllThreeValues() throws {
        let base = try DiffTests.sample()
        let theirs = DiffTests.set("/generalBudget/total/actual", .number(2100), in: base)
        let ours = DiffTests.set("/generalBudget/total/actual", .number(2050.25), in: base)
        let result = try Self.merger.merge(base: base, theirs: theirs, ours: ours)
        #expect(result.conflicts.count == 1)
        let conflict = try #require(result.conflicts.first)
        #expect(conflict.pointer == "/generalBudget/total/actual")
        #expect(conflict.base == .number(2023.37))
        #expect(conflict.theirs == .number(2100))
        #expect(conflict.ours == .number(2050.25))
        // Where they conflict, the merged value is ours (the caller refuses it anyway).
        #expect(JSONPointer.resolve("/generalBudget/total/actual", in: result.merged) == .number(2050.25))
    }

    @Test func aRowIsMergedByItsKeyNotItsIndex() throws {
        let base = try DiffTests.sample()
        guard case .array(var items)? = JSONPointer.resolve("/generalBudget/project/items", in: base) else {
            Issue.record("the sample has no project items")
            return
        }
        // Theirs puts the last item first; ours changes the amount of 专项资金 (the last row).
        let moved = DiffTests.set("/generalBudget/project/items", .array([items.removeLast()] + items), in: base)
        let ours = DiffTests.set("/generalBudget/project/items/2/amount", .number(12.5), in: base)
        let result = try Self.merger.merge(base: base, theirs: moved, ours: ours)
        #expect(result.conflicts.isEmpty)
        guard case .array(let rows)? = JSONPointer.resolve("/generalBudget/project/items", in: result.merged) else {
            Issue.record("no items in the merge")
            return
        }
        let amounts = rows.compactMap { row -> String? in
            guard case .string(let name)? = JSONPointer.resolve("/name", in: row),
                case .number(let amount)? = JSONPointer.resolve("/amount", in: row)
            else { return nil }
            return "\(name)=\(amount)"
        }
        #expect(amounts.contains("专项资金=12.5"))
        #expect(amounts.count == 3)
    }
}
