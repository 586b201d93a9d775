import Foundation
import Testing
@testable import ReportVault

/// A clerk's everyday habits, end to end: identities, spreadsheets.
@Suite struct EverydayEndToEndTests {
    let e2e = EndToEndTests()

    /// Half an identity in the environment is refused with a line saying what to set, and the
    /// vault is left as it was; an empty email is allowed, as git allows it.
    @Test func authorFromTheEnvironmentIsWholeOrRefused() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(try e2e.git(["config", "user.name", "配置里的人"], dir).status == 0)
        _ = try e2e.git(["config", "user.email", "config@example.cn"], dir)
        let before = try e2e.snapshot(dir)
        let half = try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "draft"], env: ["VAULT_AUTHOR_NAME": "王会计"])
        #expect(half.status != 0)
        #expect(half.stderr == "error: VAULT_AUTHOR_NAME is set but VAULT_AUTHOR_EMAIL is not: set it too (empty is allowed: VAULT_AUTHOR_EMAIL=), or pass --author \"Name <email>\"\n")
        #expect(try e2e.snapshot(dir) == before)
        let other = try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "draft"], env: ["VAULT_AUTHOR_EMAIL": "wang@example.cn"])
        #expect(other.status != 0 && other.stderr.contains("VAULT_AUTHOR_NAME is not"))
        let empty = try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "draft"], env: ["VAULT_AUTHOR_NAME": "王会计", "VAULT_AUTHOR_EMAIL": ""])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(try e2e.git(["log", "-1", "--format=%an <%ae>"], dir).stdout == "王会计 <>\n")
        let option = try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "draft 2", "--author", "李审核 <>"])
        #expect(option.status == 0, "\(option.stderr)")
        #expect(try e2e.git(["log", "-1", "--format=%an <%ae>"], dir).stdout == "李审核 <>\n")
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
    }

    /// A name that Excel would run as a formula is written as text; the diff CSV says that
    /// pct is a percentage and lists the check findings that appeared.
    @Test func csvIsSafeInSpreadsheets() throws {
        let tmp = try TemporaryFolder()
        let doc = try #require(replacing("/selfEvaluation/indicators/0/target", in: try FileInput.json(EndToEndTests.sample), with: .string("=HYPERLINK(\"http://example.cn\",\"点击\")")))
        let hostile = try tmp.file("hostile.json", String(decoding: CanonicalJSON.stored(doc), as: UTF8.self))
        let changed = try e2e.vault(["diff", EndToEndTests.sample, hostile, "--csv"])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains(",changed,58人,\"'=HYPERLINK(\"\"http://example.cn\"\",\"\"点击\"\")\",,,\r\n"), "\(changed.stdout)")
        #expect(!changed.stdout.contains(",=HYPERLINK"))
        let broken = try #require(replacing("/selfEvaluation/indicators/0/score", in: try FileInput.json(EndToEndTests.sample), with: .number(12)))
        let b = try tmp.file("broken.json", String(decoding: CanonicalJSON.stored(broken), as: UTF8.self))
        let diff = try e2e.vault(["diff", EndToEndTests.sample, b, "--csv"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let lines = diff.stdout.components(separatedBy: "\r\n")
        #expect(lines.first == "\u{FEFF}report,path,label,kind,old,new,delta,pct (%),unit")
        #expect(lines.contains("2024/绥宁县长铺镇人民政府,/selfEvaluation/indicators/0/score,score.over-weight: score 12 is more than the weight 10,finding new,,,,,"), "\(diff.stdout)")
        let back = try e2e.vault(["diff", b, EndToEndTests.sample, "--csv"])
        #expect(back.stdout.contains(",/selfEvaluation/indicators/0/score,score.over-weight: score 12 is more than the weight 10,finding fixed,"))
    }
}
