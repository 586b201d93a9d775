/// A family of `vault check` rules: the rules over one part of a report (一般公共预算, 三公经费,
/// 自评表, …), in one file, Rules/<Family>Rules.swift, with the places they read. The families
/// are listed once, in ``ReportCheck/families``; their rules run, and their findings come, in
/// that order, and ``ReportCheck/rules`` is their declarations in the same order.
///
/// To add a rule, edit its family's file:
/// 1. declare any place it reads that is not declared yet as a `ReportAddress` constant in the
///    file's `extension ReportAddress` (a place several families read goes in
///    SharedAddresses.swift);
/// 2. add its id and every place it reads to ``rules`` (relative addresses appended to every
///    place they apply) — the schema check at start-up looks each one up, and an id is
///    declared by one family only;
/// 3. check it from ``check(_:)``, reading through ``CheckRun/number(_:)`` and
///    ``CheckRun/value(_:)`` (a debug build stops on a place the rules do not declare) and
///    reporting with ``CheckRun/add(_:_:zh:en:figures:expected:found:)``.
///
/// A new family is a new file with a type conforming to this protocol and one line in
/// ``ReportCheck/families``.
protocol CheckRuleFamily: Sendable {
    /// Each rule's id and every place it reads, in the order the family runs them.
    static var rules: [(rule: String, addresses: [ReportAddress])] { get }

    /// Runs the family's rules over `run`'s report, adding their findings to it.
    static func check(_ run: inout CheckRun)
}
