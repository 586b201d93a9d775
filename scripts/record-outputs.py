#!/usr/bin/env python3
"""Runs 100+ recorded `vault` invocations and compares what they print with the recording.

    scripts/record-outputs.py [--vault BIN] [--update]

Every command's help in both languages, and a working session on a vault of its own (init,
commit, check, figures, log, show, diff, history, blame, tag, tags, verify, ls, status,
schema, errors a user meets) in English and in Chinese, each with its exit status, standard
output and standard error. Ids, digests, dates and temporary paths are masked as the README
tour masks them. The recording is Tests/ReportVaultTests/Fixtures/recorded-outputs.json;
--update writes it afresh. A change of the code that is not meant to change what a command
prints (a refactoring, issue 30) keeps every recorded output byte for byte.
"""
import argparse, importlib.util, json, os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECORDING = os.path.join(ROOT, "Tests/ReportVaultTests/Fixtures/recorded-outputs.json")
spec = importlib.util.spec_from_file_location("tour", os.path.join(ROOT, "scripts/readme-tour.py"))
tour = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tour)

AUTHOR = ["--author", "王会计 <wang@example.cn>"]
REPORT = "2024/绥宁县长铺镇人民政府"


def session():
    """The working session: (arguments, environment) pairs run in order in one folder."""
    s = [
        (["init", "v"], {}),
        (["-C", "v", "status"], {}),
        (["-C", "v", "commit", "samples/changpu-2024.json", "-m", "draft 1"] + AUTHOR, {}),
        (["-C", "v", "commit", "samples/changpu-2024-draft2.json", "-m", "draft 2: 公用经费 corrected"] + AUTHOR, {}),
        (["-C", "v", "tag", "submitted-2025-01", "-m", "报送县财政局"] + AUTHOR, {}),
        (["-C", "v", "commit", "samples/xitang-2024.json", "-m", "西塘"] + AUTHOR, {}),
    ]
    reads = [
        ["status"], ["ls"], ["ls", "--json"], ["log"], ["log", REPORT], ["log", REPORT, "--json"],
        ["show", "HEAD~2", REPORT], ["figures", REPORT, "--csv"], ["figures", REPORT, "--json"],
        ["diff", "HEAD~2", "HEAD~1"], ["diff", "HEAD~2", "HEAD~1", "--json"], ["diff", "HEAD~2", "HEAD~1", "--csv"],
        ["diff", "submitted-2025-01", "HEAD"], ["history", REPORT, "/generalBudget/basic/publicUse"],
        ["history", REPORT, "公用经费", "--json"], ["blame", REPORT], ["tags"], ["tags", "--json"], ["verify"],
        ["verify", "--json"], ["check", "samples/changpu-2024.json"], ["check", "samples/changpu-2024.json", "--json"],
    ]
    errors = [
        ["show", "2024/没有这个单位"], ["diff", "HEAD~99"], ["log", "2023/绥宁县长铺镇人民政府"], ["stauts"],
        ["commit", "samples/nope.json", "-m", "x"], ["tag", "submitted-2025-01", "-m", "again"], ["history", REPORT, "/no/such"],
    ]
    for language in ("en", "zh"):
        for args in reads + errors:
            s.append((["-C", "v"] + args, {"VAULT_LANG": language}))
    s += [
        (["canonicalize", "samples/xitang-2024.json"], {}),
        (["schema", "--changes", "1", "1"], {}),
        (["check", "Tests/ReportVaultTests/Fixtures/wild/jintang-2024.txt"], {}),
        (["import", "Tests/ReportVaultTests/Fixtures/wild/jintang-2024.txt"], {}),
        (["import", "Tests/ReportVaultTests/Fixtures/wild/liushui-2021.txt", "-o", "liushui.json"], {}),
        (["--version"], {}),
    ]
    return s


def commands(vault):
    """Every subcommand's name, from `vault --help`."""
    out = subprocess.run([vault, "--help"], capture_output=True, text=True, env=dict(os.environ, VAULT_LANG="en")).stdout
    names, inside = [], False
    for line in out.splitlines():
        if line.startswith("SUBCOMMANDS:"):
            inside = True
            continue
        if inside and line.startswith("  ") and not line.startswith("   ") and line.split()[0].replace("-", "").isalpha() and line.split()[0].islower():
            names.append(line.split()[0])
        elif inside and line and not line.startswith(" "):
            break
    return names


def run_all(vault):
    work = tempfile.mkdtemp(prefix="record-outputs-")
    try:
        for name in ("samples", "Tests"):
            os.symlink(os.path.join(ROOT, name), os.path.join(work, name))
        env = {k: v for k, v in os.environ.items() if k not in ("VAULT_DIR", "VAULT_AUTHOR_NAME", "VAULT_AUTHOR_EMAIL", "GIT_DIR", "LC_ALL", "LANG", "LC_MESSAGES")}
        env.update(SWIFT_BACKTRACE="enable=no", GIT_CONFIG_GLOBAL="/dev/null", VAULT_LANG="en", VAULT_FSYNC="0")
        invocations = [([name, "--help"], {"VAULT_LANG": language}) for name in ["--help"] + commands(vault) for language in ("en", "zh")]
        invocations = [(["--help"] if args == ["--help", "--help"] else args, e) for args, e in invocations]
        invocations += session()
        out = []
        for args, extra in invocations:
            p = subprocess.run([vault] + args, cwd=work, capture_output=True, env=dict(env, **extra), timeout=120)
            out.append({
                "args": args, "env": extra, "status": p.returncode,
                "stdout": tour.mask(p.stdout.decode("utf-8", "replace"), work),
                "stderr": tour.mask(p.stderr.decode("utf-8", "replace"), work),
            })
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vault", default=os.path.join(ROOT, ".build/debug/vault"))
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    got = run_all(os.path.abspath(args.vault))
    if args.update or not os.path.exists(RECORDING):
        with open(RECORDING, "w", encoding="utf-8") as f:
            json.dump(got, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print("record-outputs: %d invocations recorded" % len(got))
        return 0
    want = json.load(open(RECORDING, encoding="utf-8"))
    differ = 0
    if len(want) != len(got):
        print("record-outputs: %d invocations recorded, %d run (the scenario changed: --update)" % (len(want), len(got)))
        return 1
    for w, g in zip(want, got):
        for field in ("status", "stdout", "stderr"):
            if w[field] != g[field]:
                differ += 1
                print("$ vault %s  (%s)\n--- %s recorded\n%s\n--- now\n%s\n" % (" ".join(g["args"]), g["env"], field, w[field], g[field]))
                break
    print("record-outputs: %d invocations, %d differ" % (len(got), differ))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
