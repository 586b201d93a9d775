#!/usr/bin/env python3
"""A bounded random fault campaign: `vault commit`, `tag`, `load`, `pull` and `verify --repair`
run under libfiu's `fiu-run` with system calls failing at random (write, pwrite, fsync, open,
rename, unlink, mmap), then the vault is checked without faults:

- consistent: after one `vault verify --repair`, `vault verify` and `git fsck --strict` pass;
- lost: an id the faulted command printed as done (a commit, a tag object) is not reachable
  from any reference afterwards;
- crashed: the faulted command ended by a signal or a Swift trap (never allowed).

usage: faults.py VAULT_BINARY [RUNS] [SEED]     (make faults)
Exit status 1 when any run lost work or crashed, or a vault was left inconsistent.
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

VAULT = os.path.abspath(sys.argv[1])
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 2026
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
POINTS = [
    "posix/io/rw/write", "posix/io/rw/pwrite", "posix/io/sync/fsync", "posix/io/oc/open",
    "posix/io/dir/rename", "posix/io/dir/unlink", "posix/mm/mmap", "posix/io/rw/read",
]
ENV = dict(os.environ, VAULT_LANG="en", GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
           VAULT_AUTHOR="王会计 <wang@example.cn>", SWIFT_BACKTRACE="enable=no")
HEX = re.compile(r"\b[0-9a-f]{40}\b")


def run(args, cwd=None, faults=None, stdin=None):
    command = [VAULT] + args
    if faults:
        command = ["fiu-run", "-x", "-c", faults] + command
    return subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, stdin=stdin, timeout=120)


def git(args, cwd):
    return subprocess.run(["git"] + args, cwd=cwd, env=ENV, capture_output=True, text=True)


def setup(base):
    """A county vault with one report and one submission, and a clone with a revision of its own."""
    county = os.path.join(base, "county.git")
    assert run(["init", county, "--bare"]).returncode == 0
    assert run(["-C", county, "commit", os.path.join(SAMPLES, "changpu-2024.json"), "-m", "初稿"]).returncode == 0
    assert run(["-C", county, "tag", "s0", "-m", "报送"]).returncode == 0
    clone = os.path.join(base, "clone")
    assert run(["clone", county, clone]).returncode == 0
    assert run(["-C", county, "commit", os.path.join(SAMPLES, "xitang-2024.json"), "-m", "西塘"]).returncode == 0
    lines = os.path.join(base, "load.jsonl")
    with open(lines, "w", encoding="utf-8") as f:
        for i, sample in enumerate(["changpu-2024", "changpu-2024-draft2", "jimin-2024"]):
            with open(os.path.join(SAMPLES, sample + ".json"), encoding="utf-8") as r:
                report = json.load(r)
            f.write(json.dumps({"message": f"载入 {i}", "report": report}, ensure_ascii=False) + "\n")
    return county, clone, lines


def operations(clone, lines, index):
    return {
        "commit": ["-C", clone, "commit", os.path.join(SAMPLES, "changpu-2024-draft2.json"), "-m", f"二稿 {index}", "--force"],
        "tag": ["-C", clone, "tag", f"t{index}", "-m", "报送"],
        "load": ["-C", clone, "load", lines],
        "pull": ["-C", clone, "pull"],
        "repair": ["-C", clone, "verify", "--repair"],
    }


def reachable(vault, ids):
    lost = []
    for oid in ids:
        if git(["cat-file", "-e", oid], vault).returncode != 0:
            lost.append(oid)
            continue
        contains = git(["for-each-ref", "--contains", oid], vault).stdout.strip()
        points = git(["for-each-ref", "--points-at", oid], vault).stdout.strip()
        if not contains and not points:
            lost.append(oid)
    return lost


def main():
    random.seed(SEED)
    if shutil.which("fiu-run") is None:
        print("faults: fiu-run is missing (Debian package fiu-utils)", file=sys.stderr)
        return 2
    template = tempfile.mkdtemp(prefix="vault-faults-")
    county, clone, lines = setup(template)
    counts = {"runs": 0, "consistent": 0, "lost": 0, "crashed": 0, "failed": 0, "unclear": 0}
    problems = []
    for index in range(RUNS):
        work = tempfile.mkdtemp(prefix="vault-fault-run-")
        shutil.copytree(template, work, dirs_exist_ok=True, symlinks=True)
        # The clone's remote names the template's county vault: point it at this run's copy.
        git(["remote", "set-url", "origin", os.path.join(work, "county.git")], os.path.join(work, "clone"))
        name = random.choice(["commit", "tag", "load", "pull", "repair"])
        point = random.choice(POINTS)
        probability = random.choice([0.02, 0.05, 0.1, 0.3])
        faults = f"enable_random name={point},probability={probability}"
        args = operations(os.path.join(work, "clone"), os.path.join(work, "load.jsonl"), index)[name]
        result = run(args, faults=faults)
        counts["runs"] += 1
        crashed = result.returncode < 0 or result.returncode in (132, 133, 134, 139) or "Fatal error" in result.stderr
        if crashed:
            counts["crashed"] += 1
            problems.append(f"run {index}: {name} under {faults} crashed ({result.returncode}): {result.stderr[-300:]}")
        if result.returncode != 0:
            counts["failed"] += 1
            # A failure says what happened in a line of its own (raw catalogue keys or nothing: unclear).
            # (verify says its problems on standard output, a line each.)
            said = result.stderr.splitlines() + [l for l in result.stdout.splitlines() if l.startswith("problem: ")]
            if not any((line.startswith("error: ") or line.startswith("problem: ")) and "cli.error" not in line for line in said):
                counts["unclear"] += 1
                problems.append(f"run {index}: {name} under {faults} failed ({result.returncode}) without a clear error line: {result.stderr[-200:]!r}")
        vault = os.path.join(work, "clone")
        run(["-C", vault, "verify", "--repair"])
        verify = run(["-C", vault, "verify"])
        fsck = git(["fsck", "--strict", "--no-dangling"], vault)
        if verify.returncode == 0 and fsck.returncode == 0:
            counts["consistent"] += 1
        else:
            problems.append(f"run {index}: {name} under {faults}: inconsistent afterwards: {verify.stdout[-300:]}{verify.stderr[-200:]}{fsck.stderr[-200:]}")
        done = HEX.findall(result.stdout)
        lost = reachable(vault, done)
        if lost:
            counts["lost"] += 1
            problems.append(f"run {index}: {name} under {faults} printed {lost} as done, and they are gone: {result.stdout[-300:]}")
        shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(template, ignore_errors=True)
    for line in problems:
        print(line)
    print(f"faults: {counts['runs']} runs, {counts['failed']} failed ({counts['unclear']} without a clear error line), "
          f"{counts['consistent']} consistent after repair, {counts['lost']} lost, {counts['crashed']} crashed (seed {SEED})")
    return 1 if counts["lost"] or counts["crashed"] or counts["consistent"] != counts["runs"] else 0


if __name__ == "__main__":
    sys.exit(main())
