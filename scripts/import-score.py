#!/usr/bin/env python3
"""Score `vault import` against hand-written expectations.

    scripts/import-score.py [--vault BIN] [--json] [--details] [FILES...]

Without FILES: every Tests/ReportVaultTests/Fixtures/wild/*.txt and
Tests/ReportVaultTests/Fixtures/variants/*.txt that has an expected file.
The expected file of `<name>.txt` is `<name>.expected.json`; failing that,
`<name>-<encoding>.txt` uses `<base>.expected.json` (variants README rule).

Expected files look like
    {"unit": "...", "fiscalYear": 2023, "amountUnit": "万元",
     "figures": {"/json/pointer": number, ...}}

For each file the emitted report JSON is flattened to pointer -> number
(booleans and /schemaVersion are not figures) and compared:

  right       expected pointer emitted with the expected value
  MISLABELED  (a) an expected pointer emitted with another value, or
              (b) an emitted pointer that is not expected but whose value equals
                  some expected figure's value: a right number under a wrong label
  missed      expected pointer not emitted
  extra       emitted pointer, not expected, value equal to no expected figure
  unit/year   /unit/name and /fiscalYear equal the expected ones; au: the tables'
              amountUnit (a table's own override, else the report's) equals the expected one

Exit status: 1 if any figure is mislabeled (or an import failed), else 0.
"""
import argparse
import glob
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "ReportVaultTests", "Fixtures")
NOT_FIGURES = {"/schemaVersion"}


def expected_path(txt):
    base = txt[: -len(".txt")] if txt.endswith(".txt") else os.path.splitext(txt)[0]
    cand = base + ".expected.json"
    if os.path.exists(cand):
        return cand
    d, name = os.path.split(base)
    if "-" in name:
        cand = os.path.join(d, name.rsplit("-", 1)[0] + ".expected.json")
        if os.path.exists(cand):
            return cand
    return None


def default_files():
    out = []
    for sub in ("wild", "variants"):
        for f in sorted(glob.glob(os.path.join(FIXTURES, sub, "*.txt"))):
            if expected_path(f):
                out.append(f)
    return out


def esc(key):
    return str(key).replace("~", "~0").replace("/", "~1")


def flatten(node, prefix="", out=None):
    if out is None:
        out = {}
    if isinstance(node, dict):
        for k, v in node.items():
            flatten(v, prefix + "/" + esc(k), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            flatten(v, prefix + "/" + str(i), out)
    elif isinstance(node, bool):
        pass
    elif isinstance(node, (int, float)):
        if prefix not in NOT_FIGURES:
            out[prefix] = node
    return out


def same(a, b):
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def get(node, pointer):
    for part in pointer.strip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def run_import(vault, path):
    try:
        p = subprocess.run([vault, "import", path], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, str(e)
    if p.returncode != 0:
        msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, "exit %d: %s" % (p.returncode, msg[-1] if msg else "")
    try:
        return json.loads(p.stdout.decode("utf-8")), None
    except ValueError as e:
        return None, "output is not JSON: %s" % e


def score(vault, txt):
    exp_file = expected_path(txt)
    exp = json.load(open(exp_file, encoding="utf-8"))
    want = exp["figures"]
    report, error = run_import(vault, txt)
    res = {
        "file": os.path.relpath(txt, ROOT),
        "expectedFile": os.path.relpath(exp_file, ROOT),
        "expected": len(want),
        "right": 0,
        "mislabeled": [],
        "missed": [],
        "extra": [],
        "unitRight": False,
        "yearRight": False,
        "amountUnitRight": False,
        "unit": None,
        "fiscalYear": None,
        "error": error,
    }
    if report is None:
        res["missed"] = [{"pointer": p, "expected": v} for p, v in want.items()]
        return res
    got = flatten(report)
    res["unit"] = get(report, "/unit/name")
    res["fiscalYear"] = report.get("fiscalYear")
    res["unitRight"] = res["unit"] == exp.get("unit")
    res["yearRight"] = res["fiscalYear"] == exp.get("fiscalYear")
    # amountUnit is the tables' unit: the report's, or a table's own override (元 tables
    # under a 万元 narrative, as in jimin-2024)
    units = {report.get("amountUnit")}
    for t in ("/selfEvaluation/amountUnit", "/baseData/amountUnit"):
        if get(report, t):
            units = {get(report, t)}
    res["amountUnitRight"] = exp.get("amountUnit") in units
    for p, v in want.items():
        if p not in got:
            res["missed"].append({"pointer": p, "expected": v})
        elif same(got[p], v):
            res["right"] += 1
        else:
            belongs = [q for q, w in want.items() if q != p and same(w, got[p])]
            res["mislabeled"].append({"pointer": p, "expected": v, "emitted": got[p],
                                      "kind": "wrong value", "valueBelongsTo": belongs})
    for p, v in got.items():
        if p in want:
            continue
        belongs = [q for q, w in want.items() if same(w, v)]
        if belongs:
            res["mislabeled"].append({"pointer": p, "expected": None, "emitted": v,
                                      "kind": "unexpected pointer", "valueBelongsTo": belongs})
        else:
            res["extra"].append({"pointer": p, "emitted": v})
    return res


def pct(a, b):
    return "%5.1f%%" % (100.0 * a / b) if b else "   - "


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="report texts (default: wild/ and variants/ fixtures)")
    ap.add_argument("--vault", default=os.path.join(ROOT, ".build", "debug", "vault"),
                    help="the vault binary (default: .build/debug/vault)")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--details", action="store_true",
                    help="list every mislabeled, missed and extra figure")
    args = ap.parse_args()

    files = [os.path.abspath(f) for f in args.files] or default_files()
    results = []
    for f in files:
        if not expected_path(f):
            print("no expected file for %s" % f, file=sys.stderr)
            continue
        results.append(score(args.vault, f))

    tot = {k: sum(r[k] if isinstance(r[k], int) else len(r[k]) for r in results)
           for k in ("expected", "right", "mislabeled", "missed", "extra")}
    tot.update(files=len(results),
               unitRight=sum(r["unitRight"] for r in results),
               yearRight=sum(r["yearRight"] for r in results),
               amountUnitRight=sum(r["amountUnitRight"] for r in results),
               errors=sum(1 for r in results if r["error"]))
    failed = tot["mislabeled"] > 0 or tot["errors"] > 0

    if args.json:
        json.dump({"files": results, "totals": tot}, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 1 if failed else 0

    w = max([len(r["file"]) for r in results] + [4])
    print("%-*s %5s %5s %6s %6s %6s %6s  unit year au" % (w, "file", "exp", "right", "recall", "MISLAB", "missed", "extra"))
    for r in results:
        mark = lambda b: " ok " if b else " NO "
        print("%-*s %5d %5d %6s %6d %6d %6d  %s %s %s%s" % (
            w, r["file"], r["expected"], r["right"], pct(r["right"], r["expected"]),
            len(r["mislabeled"]), len(r["missed"]), len(r["extra"]),
            mark(r["unitRight"]), mark(r["yearRight"]), mark(r["amountUnitRight"]),
            ("  ERROR " + r["error"]) if r["error"] else ""))
        if args.details:
            for m in r["mislabeled"]:
                print("    MISLABELED %s = %s (expected %s)%s" % (
                    m["pointer"], m["emitted"], m["expected"],
                    ("; value belongs to " + ", ".join(m["valueBelongsTo"][:4])) if m["valueBelongsTo"] else ""))
            for m in r["missed"]:
                print("    missed     %s = %s" % (m["pointer"], m["expected"]))
            for m in r["extra"]:
                print("    extra      %s = %s" % (m["pointer"], m["emitted"]))
            if not r["unitRight"]:
                print("    unit: %r" % (r["unit"],))
            if not r["yearRight"]:
                print("    fiscalYear: %r" % (r["fiscalYear"],))
    print("%-*s %5d %5d %6s %6d %6d %6d  %d/%d %d/%d %d/%d" % (
        w, "TOTAL", tot["expected"], tot["right"], pct(tot["right"], tot["expected"]),
        tot["mislabeled"], tot["missed"], tot["extra"],
        tot["unitRight"], tot["files"], tot["yearRight"], tot["files"], tot["amountUnitRight"], tot["files"]))
    if tot["errors"]:
        print("%d import(s) failed" % tot["errors"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
