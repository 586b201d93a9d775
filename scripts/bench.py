#!/usr/bin/env python3
"""ReportVault benchmarks against git on the same generated data (make bench).

Every workload runs vault and git on the same deterministic data (seeded), in one run,
and reports medians with min and max. Results are printed and written to BENCHMARKS.md.

Environment: BENCH_RUNS (repetitions of whole-command timings, default 5),
BENCH_BULK (revisions of the bulk load, default 10000), BENCH_UNITS (units of the
province vault, default 200; the issue's full size is 2000 — BENCH_UNITS=2000), BENCH_ONLY
(a comma-separated list of sections to run, e.g. BENCH_ONLY=8 for the web view alone),
BENCH_VAULT and BENCH_OUT (time another build of `vault` and write its results elsewhere),
BENCH_BASELINE (another build of `vault`, e.g. of an earlier commit, with its resources folder
beside it: section 1 then times it in the same turns, and says how far each row moved).
"""
import copy, glob, json, os, platform, random, re, shutil, socket, statistics, subprocess, sys, tempfile, time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# BENCH_VAULT: time another build instead (written to BENCH_OUT rather than BENCHMARKS.md).
VAULT = os.environ.get("BENCH_VAULT") or os.path.join(ROOT, ".build/release/vault")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
BULK = int(os.environ.get("BENCH_BULK", "10000"))
UNITS = int(os.environ.get("BENCH_UNITS", "200"))
BASELINE = os.environ.get("BENCH_BASELINE")
SEED = 20261122
ENV = dict(os.environ, VAULT_AUTHOR_NAME="王会计", VAULT_AUTHOR_EMAIL="wang@example.cn",
           GIT_AUTHOR_NAME="王会计", GIT_AUTHOR_EMAIL="wang@example.cn",
           GIT_COMMITTER_NAME="王会计", GIT_COMMITTER_EMAIL="wang@example.cn", SWIFT_BACKTRACE="enable=no")
ENV.pop("VAULT_FSYNC", None)
ENV.pop("VAULT_DIR", None)


# ---------------------------------------------------------------- running and measuring

def run(args, cwd=None, env=None, stdin=None, check=True):
    """Runs a command; returns (seconds, stdout bytes). Peak RSS comes from measure_rss()."""
    start = time.perf_counter()
    p = subprocess.Popen(args, cwd=cwd, env=env or ENV, stdin=stdin or subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    elapsed = time.perf_counter() - start
    if check and p.returncode != 0:
        raise SystemExit(f"command failed ({p.returncode}): {' '.join(args)}\n{err.decode(errors='replace')}")
    return elapsed, out


def measure_rss(args, cwd=None, stdin_path=None):
    """Peak resident set size (MiB) of one command, via wait4."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    p = subprocess.Popen(args, cwd=cwd, env=ENV, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if stdin_path:
        stdin.close()
    return usage.ru_maxrss / 1024.0


def stats(samples):
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "n": len(samples)}


def ms(s):
    return f"{s * 1000:.1f} ms"


def fmt(st, unit=ms):
    return f"{unit(st['median'])} (min {unit(st['min'])}, max {unit(st['max'])}, n={st['n']})"


# ---------------------------------------------------------------- deterministic data

def load_sample():
    with open(os.path.join(ROOT, "samples/changpu-2024.json"), encoding="utf-8") as f:
        return json.load(f)


def numeric_paths(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from numeric_paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from numeric_paths(v, path + (i,))
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and path not in (("fiscalYear",), ("schemaVersion",)):
        yield path


def set_path(doc, path, value):
    for p in path[:-1]:
        doc = doc[p]
    doc[path[-1]] = value


def get_path(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def drafts(base, count, seed, figures_per_draft=3):
    """Successive drafts, each changing a few figures of the previous one (in cents)."""
    rng = random.Random(seed)
    doc = copy.deepcopy(base)
    # Amounts only (figures written with decimals): counts, weights and scores stay integers.
    paths = [p for p in numeric_paths(doc) if isinstance(get_path(doc, p), float)]
    for i in range(count):
        for _ in range(figures_per_draft):
            p = rng.choice(paths)
            old = get_path(doc, p)
            set_path(doc, p, round(old + rng.choice([-1, 1]) * rng.randint(1, 500) / 100, 2))
        yield i, doc


def stored(doc):
    """The vault's stored form (keys sorted; the sample's keys are BMP-only, so code-point
    order equals UTF-16 order), used for git too so that both store the same bytes."""
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, separators=(",", ": ")) + "\n").encode()


# ---------------------------------------------------------------- workloads

def clerk_commit(tmp, base):
    """200 successive drafts: one `vault commit` per draft vs `git add` + `git commit`."""
    unit = base["unit"]["name"]
    files = []
    for i, doc in drafts(base, 200, SEED):
        path = os.path.join(tmp, f"draft-{i:03}.json")
        with open(path, "wb") as f:
            f.write(stored(doc))
        files.append(path)
    # The three take turns draft by draft, so that a slow spell of the machine (its disk's
    # fsync especially) falls on all of them alike.
    labels = ("vault (fsync on, default)", "vault (VAULT_FSYNC=0)", "git add + git commit")
    envs = (ENV, dict(ENV, VAULT_FSYNC="0"))
    binaries = (VAULT, VAULT)
    if BASELINE:
        # The earlier build takes its turn beside the others, with fsync on and off.
        labels = labels[:2] + ("baseline (fsync on, default)", "baseline (VAULT_FSYNC=0)") + labels[2:]
        envs, binaries = envs + envs, binaries + (BASELINE, BASELINE)
    vdirs = [os.path.join(tmp, f"clerk-vault-{k}") for k in range(len(binaries))]
    for vdir, binary in zip(vdirs, binaries):
        run([binary, "init", vdir])
    gdir = os.path.join(tmp, "clerk-git")
    run(["git", "init", "-q", "-b", "main", gdir])
    target = os.path.join(gdir, "reports", "2024")
    os.makedirs(target)
    samples = {label: [] for label in labels}
    for i, f in enumerate(files):
        for vdir, env, label, binary in zip(vdirs, envs, labels, binaries):
            t, _ = run([binary, "-C", vdir, "commit", f, "-m", f"draft {i}"], env=env)
            samples[label].append(t)
        shutil.copyfile(f, os.path.join(target, unit + ".json"))
        t1, _ = run(["git", "-C", gdir, "add", "reports"])
        t2, _ = run(["git", "-C", gdir, "commit", "-q", "-m", f"draft {i}"])
        samples["git add + git commit"].append(t1 + t2)
    results = {label: stats(samples[label]) for label in labels}
    # Measured floors of one vault process: start-up with no vault opened (dynamic loading of
    # libgit2's dependencies, the Swift runtime, the message catalogue), and start-up plus
    # git_libgit2_init (the CA bundle Debian's libgit2 parses there is deferred to the first
    # transfer: Sources/CGit2Startup), opening the same vault and walking its commits.
    vdir = os.path.join(tmp, "clerk-vault-0")
    results["floor: vault --version"] = stats([run([VAULT, "--version"])[0] for _ in range(max(RUNS, 20))])
    results["floor: vault log -n 1 (libgit2 init, open)"] = stats([run([VAULT, "-C", vdir, "log", "-n", "1"])[0] for _ in range(max(RUNS, 20))])
    # The same without the walk over every commit `log` makes: open the vault, list the tip.
    results["floor: vault ls (libgit2 init, open, the tip's tree)"] = stats([run([VAULT, "-C", vdir, "ls"])[0] for _ in range(max(RUNS, 20))])
    if BASELINE:
        # The floors of the earlier build, alternating with this one's so that both see the
        # same machine.
        floors = {"--version": ["--version"], "log -n 1": ["-C", vdir, "log", "-n", "1"], "ls": ["-C", vdir, "ls"]}
        for name, args in floors.items():
            now, before = [], []
            for _ in range(max(RUNS, 20)):
                now.append(run([VAULT] + args)[0])
                before.append(run([BASELINE] + args)[0])
            results[f"floor again: vault {name}"] = stats(now)
            results[f"floor, baseline: vault {name}"] = stats(before)
    return results


def write_streams(tmp, base, count):
    """The same revisions as vault JSON lines and as a git fast-import stream."""
    unit = base["unit"]["name"]
    jsonl = os.path.join(tmp, f"bulk-{count}.jsonl")
    fi = os.path.join(tmp, f"bulk-{count}.fi")
    raw = 0
    t0 = 1767225600
    with open(jsonl, "wb") as j, open(fi, "wb") as g:
        for i, doc in drafts(base, count, SEED + 1):
            j.write(json.dumps({"message": f"draft {i}", "report": doc}, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
            data = stored(doc)
            raw += len(data)
            msg = f"draft {i}\n".encode()
            g.write(b"commit refs/heads/main\n")
            g.write(f"committer 王会计 <wang@example.cn> {t0 + i} +0800\n".encode())
            g.write(b"data %d\n" % len(msg) + msg)
            g.write(f"M 100644 inline reports/2024/{unit}.json\n".encode())
            g.write(b"data %d\n" % len(data) + data + b"\n")
    return jsonl, fi, raw


def bulk_load(tmp, jsonl, fi, count):
    vault_s, git_s = [], []
    for r in range(RUNS):
        vdir = os.path.join(tmp, f"bulk-vault-{r}")
        run([VAULT, "init", "--bare", vdir])
        t, _ = run([VAULT, "-C", vdir, "load", jsonl])
        vault_s.append(t)
        gdir = os.path.join(tmp, f"bulk-git-{r}")
        run(["git", "init", "-q", "--bare", "-b", "main", gdir])
        with open(fi, "rb") as stream:
            t, _ = run(["git", "-C", gdir, "fast-import", "--quiet"], stdin=stream)
        git_s.append(t)
        if r > 0:
            shutil.rmtree(vdir)
            shutil.rmtree(gdir)
    return {"vault load": stats(vault_s), "git fast-import": stats(git_s), "revisions": count,
            "rss vault": measure_rss([VAULT, "-C", os.path.join(tmp, "bulk-vault-0"), "log", "-n", "1"])}


def review(tmp, jsonl_1000, report):
    vdir = os.path.join(tmp, "review-vault")
    run([VAULT, "init", "--bare", vdir])
    run([VAULT, "-C", vdir, "load", jsonl_1000])
    path = "reports/" + report + ".json"
    out = {}
    cmds = {
        "vault --version": [VAULT, "--version"],
        "vault diff HEAD~1 HEAD": [VAULT, "-C", vdir, "diff", "HEAD~1", "HEAD"],
        "vault history (1 figure, 1000 revisions)": [VAULT, "-C", vdir, "history", report, "/generalBudget/basic/personnel"],
        "vault blame (1000 revisions)": [VAULT, "-C", vdir, "blame", report],
        "git log -p -- path": ["git", "-C", vdir, "log", "-p", "--", path],
        "git diff HEAD~1 HEAD -- path": ["git", "-C", vdir, "diff", "HEAD~1", "HEAD", "--", path],
    }
    for label, args in cmds.items():
        samples = [run(args)[0] for _ in range(max(RUNS, 5))]
        out[label] = stats(samples)
        out[label]["rss"] = measure_rss(args)
    return out


def log_floor_program(tmp):
    """scripts/bench-log-floor.c built against the system libgit2, or None without a C compiler."""
    out = os.path.join(tmp, "bench-log-floor")
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        return None
    p = subprocess.run([cc, "-O2", "-o", out, os.path.join(ROOT, "scripts/bench-log-floor.c"), "-lgit2"], capture_output=True)
    return out if p.returncode == 0 else None


def province_streams(tmp, base):
    """The province's history as `vault load` streams: UNITS units × 3 years × 5 drafts."""
    jsonl = os.path.join(tmp, "province.jsonl")
    rng = random.Random(SEED + 2)
    raw = 0
    commits = 0
    with open(jsonl, "wb") as j:
        for draft in range(5):
            for year in (2022, 2023, 2024):
                for u in range(UNITS):
                    doc = copy.deepcopy(base)
                    doc["fiscalYear"] = year
                    doc["unit"]["name"] = f"示例县第{u:04}镇人民政府"
                    doc["generalBudget"]["basic"]["personnel"] = round(1000 + rng.randint(0, 99999) / 100, 2)
                    doc["preamble"] = f"draft {draft}"
                    raw += len(stored(doc))
                    commits += 1
                    j.write(json.dumps({"message": f"{year} unit {u} draft {draft}", "report": doc}, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
    # Steady tree sizes for the latency: the first pass (draft 0) creates every report, so the
    # trees grow only during it; it is loaded by a first process, and the latency of the first
    # and the last 1,000 commits is measured in the second, which loads drafts 1–4 (every
    # commit replaces one blob in trees of constant size).
    first_pass = os.path.join(tmp, "province-draft0.jsonl")
    rest = os.path.join(tmp, "province-drafts1-4.jsonl")
    with open(jsonl, "rb") as j, open(first_pass, "wb") as a, open(rest, "wb") as b:
        for n, line in enumerate(j):
            (a if n < UNITS * 3 else b).write(line)
    return jsonl, first_pass, rest, raw, commits


def province(tmp, base):
    """UNITS units × 3 years × 5 drafts, loaded in one process; latency, size, log, verify."""
    jsonl, first_pass, rest, raw, commits = province_streams(tmp, base)
    vdir = os.path.join(tmp, "province-vault")
    run([VAULT, "init", "--bare", vdir])
    t0 = time.perf_counter()
    run([VAULT, "-C", vdir, "load", first_pass])
    p = subprocess.run([VAULT, "-C", vdir, "load", rest, "--stats"], env=ENV, capture_output=True)
    load_s = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(p.stderr.decode())
    latency = json.loads(p.stderr.decode().strip().splitlines()[-1])
    report = f"2024/示例县第{UNITS // 2:04}镇人民政府"
    log_s = [run([VAULT, "-C", vdir, "log", report])[0] for _ in range(RUNS)]
    gitlog_s = [run(["git", "-C", vdir, "log", "--", "reports/" + report + ".json"])[0] for _ in range(RUNS)]
    log_rss = measure_rss([VAULT, "-C", vdir, "log", report])
    floor_s = [run([VAULT, "-C", vdir, "log", "-n", "1"])[0] for _ in range(RUNS)]
    # The libgit2 floor: the same walk and subtree comparisons in C (scripts/bench-log-floor.c).
    cfloor = log_floor_program(tmp)
    cfloor_s = [run([cfloor, vdir, "reports/" + report + ".json"])[0] for _ in range(RUNS)] if cfloor else None
    # Without the change index `vault load` wrote (a vault made by other means, or its file
    # lost): each run first builds it again from the objects.
    index_file = os.path.join(vdir, "vault-log-index")
    cold_s = []
    for _ in range(RUNS):
        os.remove(index_file)
        cold_s.append(run([VAULT, "-C", vdir, "log", report])[0])
    os.remove(index_file)
    cold_rss = measure_rss([VAULT, "-C", vdir, "log", report])
    # git's own index for the same question: the commit-graph with changed-path Bloom filters.
    run(["git", "-C", vdir, "commit-graph", "write", "--reachable", "--changed-paths"])
    gitgraph_s = [run(["git", "-C", vdir, "log", "--", "reports/" + report + ".json"])[0] for _ in range(RUNS)]
    shutil.rmtree(os.path.join(vdir, "objects", "info", "commit-graphs"), ignore_errors=True)
    graph = os.path.join(vdir, "objects", "info", "commit-graph")
    if os.path.exists(graph):
        os.remove(graph)
    verify_s = [run([VAULT, "-C", vdir, "verify"])[0] for _ in range(RUNS)]
    verify_rss = measure_rss([VAULT, "-C", vdir, "verify"])
    fsck_s = [run(["git", "-C", vdir, "fsck", "--full"])[0] for _ in range(RUNS)]
    run(["git", "-C", vdir, "gc", "-q"])
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(vdir) for f in fs)
    # peak RSS of a whole load, on a second vault
    v2 = os.path.join(tmp, "province-vault-2")
    run([VAULT, "init", "--bare", v2])
    load_rss = measure_rss([VAULT, "-C", v2, "load", jsonl])
    return {"commits": commits, "load seconds": load_s, "latency": latency, "log": stats(log_s), "git log": stats(gitlog_s), "log rss": log_rss, "log floor": stats(floor_s), "log c floor": stats(cfloor_s) if cfloor_s else None, "log cold": stats(cold_s), "log cold rss": cold_rss, "git log graph": stats(gitgraph_s),
            "verify": stats(verify_s), "verify rss": verify_rss, "fsck": stats(fsck_s), "size": size, "raw": raw,
            "load rss": load_rss, "report": report}


def import_scaling(tmp):
    """`vault import` of a report's text with one table of n rows (n = 10k, 100k): the time must
    grow with the document, not its square; compared with `wc -l` reading the same file."""
    head = "绥宁县长铺镇人民政府部门整体支出绩效自评报告\n\n"
    out = {}
    for n in (10_000, 100_000):
        path = os.path.join(tmp, f"rows-{n}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(head + "项目名称\t年初预算数\t全年预算数\t全年执行数\t执行率\n")
            for i in range(n):
                f.write(f"项目{i}\t{i}.5\t{i}.5\t{i}.25\t99%\n")
        samples = []
        for _ in range(max(1, RUNS // 2)):
            target = os.path.join(tmp, f"rows-{n}.json")
            if os.path.exists(target):
                os.remove(target)
            t0 = time.perf_counter()
            subprocess.run([VAULT, "import", path, "-o", target], env=ENV, capture_output=True)
            samples.append(time.perf_counter() - t0)
        out[n] = {"vault import": stats(samples), "wc -l": stats([run(["wc", "-l", path])[0] for _ in range(RUNS)])}
    return out


def push_access(tmp, jsonl, report):
    """A clerk's push of one revision to a server vault of 3,000 commits, run through the
    server's hooks (a push into the server's folder, GL_USER set as gitolite would): with the
    access list, without it, and to a plain git repository without hooks (the floor)."""
    path = "reports/" + report + ".json"
    unit = report.split("/", 1)[1]
    with_list = os.path.join(tmp, "push-with-access.git")
    run([VAULT, "init", "--bare", with_list, "--admin", "admin"])
    run([VAULT, "-C", with_list, "load", jsonl])
    run([VAULT, "-C", with_list, "access", "grant", "clerk", "--clerk", unit])
    without = os.path.join(tmp, "push-without-access.git")
    shutil.copytree(with_list, without, symlinks=True)
    run(["git", "-C", without, "update-ref", "-d", "refs/vault/access"])
    plain = os.path.join(tmp, "push-plain.git")
    run(["git", "clone", "-q", "--bare", with_list, plain])
    out = {}
    env = dict(ENV, GL_USER="clerk")
    for label, server in (("with the access list", with_list), ("without an access list", without), ("plain git, no hooks (floor)", plain)):
        clone = server + "-clone"
        run(["git", "clone", "-q", server, clone])
        samples = []
        for i in range(max(RUNS, 5)):
            file = os.path.join(clone, path)
            with open(file, encoding="utf-8") as f:
                text = f.read()
            text = re.sub(r'"personnel": [0-9.]+', f'"personnel": {2000 + i}', text, count=1)
            with open(file, "w", encoding="utf-8") as f:
                f.write(text)
            run(["git", "-C", clone, "commit", "-qam", f"push {i}"])
            samples.append(run(["git", "-C", clone, "push", "-q", "origin", "main"], env=env)[0])
        out[label] = stats(samples)
    return out


def web(tmp, base):
    """The reviewer's desk: `vault serve` (release) on a vault of 150 reports, two drafts each
    and a submission, loaded by wrk (50 connections, 2 threads): the diff page, /submissions
    and the index of 150 reports, beside an answer the server holds no vault work for (the
    404 page: the floor of the server itself)."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: sudo apt install wrk")
    jsonl = os.path.join(tmp, "web.jsonl")
    rng = random.Random(SEED + 8)
    with open(jsonl, "wb") as j:
        for draft in range(2):
            for u in range(150):
                doc = copy.deepcopy(base)
                doc["unit"]["name"] = f"示例县第{u:03}镇人民政府"
                doc["generalBudget"]["basic"]["personnel"] = round(1000 + rng.randint(0, 99999) / 100, 2)
                j.write(json.dumps({"message": f"unit {u} draft {draft}", "report": doc}, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
    vdir = os.path.join(tmp, "web-vault")
    run([VAULT, "init", vdir])
    run([VAULT, "-C", vdir, "load", jsonl])
    run([VAULT, "-C", vdir, "tag", "submitted-2025-01", "-m", "报送"])
    server = subprocess.Popen([VAULT, "-C", vdir, "serve", "--port", "0"], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        url = re.search(rb"http://127\.0\.0\.1:[0-9]+/", server.stdout.readline()).group(0).decode()
        report = f"{base['fiscalYear']}/示例县第075镇人民政府"
        from urllib.parse import quote
        pages = {
            "floor: the 404 page (no vault work)": "nope",
            "the diff page (compare HEAD~1 HEAD, one report)": f"compare?from=HEAD~1&to=HEAD&report={quote(report)}",
            "/submissions (nothing changed)": "submissions",
            "the index of 150 reports (nothing changed)": "",
        }
        out = {}
        for label, path in pages.items():
            subprocess.run(["curl", "-s", "-o", "/dev/null", url + path], check=True)  # the first answer, before the load
            w = subprocess.run(["wrk", "-t2", "-c50", "-d8s", "--latency", url + path], capture_output=True, text=True, check=True).stdout
            def latency(pct):
                m = re.search(rf"^\s+{pct}%\s+([0-9.]+)(us|ms|s)\s*$", w, re.M)
                value, unit = float(m.group(1)), m.group(2)
                return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
            rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", w).group(1))
            out[label] = {"p50": latency(50), "p99": latency(99), "rps": rps}
        # The first /submissions and index after a change (a new commit): the cost of filling the cache.
        doc = copy.deepcopy(base)
        doc["unit"]["name"] = "示例县第075镇人民政府"
        doc["generalBudget"]["basic"]["personnel"] = 4321.5
        path = os.path.join(tmp, "changed.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        run([VAULT, "-C", vdir, "commit", path, "-m", "a change"])
        for label, page in (("/submissions, first after a change", "submissions"), ("the index, first after a change", "")):
            t0 = time.perf_counter()
            subprocess.run(["curl", "-s", "-o", "/dev/null", url + page], check=True)
            out[label] = {"once": (time.perf_counter() - t0) * 1000}
        return out
    finally:
        server.terminate()
        server.wait()


def pg_server(tmp):
    """A PostgreSQL server of Debian's package on 127.0.0.1 (as the postgres user when root);
    returns (process, url) or None when PostgreSQL is not installed."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        return None
    bindir = os.path.dirname(bins[-1])
    folder = os.path.join(tmp, "pg")
    os.mkdir(folder)
    prefix = []
    if os.getuid() == 0:
        os.chmod(tmp, 0o755)  # the postgres user must reach its folder
        shutil.chown(folder, "postgres")
        prefix = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]
    subprocess.run(prefix + [os.path.join(bindir, "initdb"), "-D", folder + "/data", "--auth=trust", "-U", "postgres",
                             "-E", "UTF8", "--no-locale"], check=True, capture_output=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(prefix + [os.path.join(bindir, "postgres"), "-D", folder + "/data", "-k", folder, "-c",
                                        "listen_addresses=127.0.0.1", "-p", str(port), "-c", "fsync=off"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    for _ in range(200):
        if subprocess.run(["psql", url, "-c", "SELECT 1"], capture_output=True).returncode == 0:
            return server, url
        time.sleep(0.05)
    server.terminate()
    raise SystemExit("PostgreSQL did not start")


def sql_tables(tmp, base):
    """The tables of `vault sql` on the province vault: building the cache from nothing and a
    query over every revision's figures against `git log -p`; the export to PostgreSQL against
    a plain COPY of the same rows."""
    vdir = os.path.join(tmp, "province-vault")
    if not os.path.exists(vdir):
        _, first_pass, rest, _, _ = province_streams(tmp, base)
        run([VAULT, "init", "--bare", vdir])
        run([VAULT, "-C", vdir, "load", first_pass])
        run([VAULT, "-C", vdir, "load", rest])
    cache = os.path.join(vdir, "vault-sql.sqlite")
    gitlog_s = [run(["git", "-C", vdir, "log", "-p"])[0] for _ in range(RUNS)]
    build_s = []
    for _ in range(RUNS):
        if os.path.exists(cache):
            os.remove(cache)
        build_s.append(run([VAULT, "-C", vdir, "sql", "SELECT count(*) FROM revisions"])[0])
    os.remove(cache)
    build_rss = measure_rss([VAULT, "-C", vdir, "sql", "SELECT count(*) FROM revisions"])
    every = "SELECT pointer, count(*), sum(value) FROM figures GROUP BY pointer"
    query_s = [run([VAULT, "-C", vdir, "sql", every])[0] for _ in range(RUNS)]
    query_rss = measure_rss([VAULT, "-C", vdir, "sql", every])
    rows = int(run([VAULT, "-C", vdir, "sql", "SELECT count(*) FROM figures", "--csv"])[1].decode().split()[-1])
    out = {"commits": len(run(["git", "-C", vdir, "rev-list", "HEAD"])[1].split()), "figures": rows,
           "git log -p": stats(gitlog_s), "build": stats(build_s), "build rss": build_rss, "query": stats(query_s),
           "query rss": query_rss}
    pg = pg_server(tmp)
    if pg is None:
        return out
    server, url = pg
    try:
        # The same rows as files COPY reads (tab-separated, from the cache with Python's sqlite3).
        import sqlite3
        db = sqlite3.connect(cache)
        files = {}
        for table in ("revisions", "reports", "figures", "figure_changes", "submissions"):
            path = os.path.join(tmp, table + ".tsv")
            with open(path, "w", encoding="utf-8") as f:
                for row in db.execute(f"SELECT * FROM {table}"):
                    f.write("\t".join("\\N" if v is None else str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") for v in row) + "\n")
            files[table] = path
        db.close()
        export_s, copy_s = [], []
        for i in range(RUNS):
            export_s.append(run([VAULT, "-C", vdir, "export", "--postgres", url, "--schema", f"export{i}"])[0])
            # The floor: the tables made, then each file sent with one COPY, in one transaction.
            script = [f"BEGIN;", f"CREATE SCHEMA copy{i};",
                      f"CREATE TABLE copy{i}.revisions(id text PRIMARY KEY, seq bigint, author text, email text, date timestamptz, message text, parents text);",
                      f"CREATE TABLE copy{i}.reports(path text, unit text, year integer, revision text, seq bigint, draft integer, blob text, latest integer, PRIMARY KEY(path, revision));",
                      f"CREATE TABLE copy{i}.figures(path text, revision text, pointer text, caption text, value double precision, unit_of_measure text);",
                      f"CREATE TABLE copy{i}.figure_changes(path text, pointer text, caption text, from_revision text, to_revision text, old double precision, new double precision);",
                      f"CREATE TABLE copy{i}.submissions(tag text, revision text, path text, digest text, signer text, withdrawn integer);"]
            script += [f"\\copy copy{i}.{t} FROM '{p}'" for t, p in files.items()]
            script += [f"CREATE INDEX ON copy{i}.figures(path, revision);", f"CREATE INDEX ON copy{i}.figures(pointer);", "COMMIT;"]
            sql_file = os.path.join(tmp, f"copy{i}.sql")
            with open(sql_file, "w", encoding="utf-8") as f:
                f.write("\n".join(script) + "\n")
            copy_s.append(run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-f", sql_file])[0])
        out["export"] = stats(export_s)
        out["copy"] = stats(copy_s)
        out["export rss"] = measure_rss([VAULT, "-C", vdir, "export", "--postgres", url, "--schema", "exportrss"])
    finally:
        server.terminate()
        server.wait()
    return out


# ---------------------------------------------------------------- report

ONLY = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))


def want(section):
    return not ONLY or section in ONLY


def status(ok):
    return "met" if ok else "**missed**"


def main():
    if not os.path.exists(VAULT):
        raise SystemExit("build first: make release")
    base = load_sample()
    report = f"{base['fiscalYear']}/{base['unit']['name']}"
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    header = (f"- machine: {platform.node()}, {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}\n"
              f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}\n"
              f"- commit: {commit}; vault: {subprocess.run([VAULT, '--version'], capture_output=True, text=True).stdout.strip()}; "
              f"{subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.strip()}\n"
              f"- data: samples/changpu-2024.json ({len(stored(base)) // 1024} KB stored), drafts changing 3 figures each, seed {SEED}; runs: {RUNS}\n")
    print(header)
    lines = ["# Benchmarks", "", "Written by `make bench` (scripts/bench.py); the latest run:", "", header]
    tmp = tempfile.mkdtemp(prefix="vault-bench-")
    try:
        r = {}
        if want("1"):
            print("1. clerk commit …", flush=True)
            c = clerk_commit(tmp, base)
            ratio1 = c["vault (fsync on, default)"]["median"] / c["git add + git commit"]["median"]
            lines += ["## 1. Clerk commit (200 successive drafts, ms per revision)", "",
                      "| | median (min, max) |", "|---|---|"]
            lines += [f"| {k} | {fmt(v)} |" for k, v in c.items()]
            git_ms = c["git add + git commit"]["median"]
            floor1 = c["floor: vault log -n 1 (libgit2 init, open)"]["median"] / git_ms
            floor0 = c["floor: vault --version"]["median"] / git_ms
            floor_ls = c["floor: vault ls (libgit2 init, open, the tip's tree)"]["median"] / git_ms
            fsync = (c["vault (fsync on, default)"]["median"] - c["vault (VAULT_FSYNC=0)"]["median"]) / git_ms
            lines += ["", f"Ratio vault (default) / git: **{ratio1:.2f}×** — target ≤ 2.0×: {status(ratio1 <= 2.0)}.",
                      f"Measured floor: `vault --version` alone is {floor0:.2f}× git, `vault log -n 1` (start-up, libgit2 init, open) {floor1:.2f}×, "
                      f"`vault ls` (the same without reading every commit) {floor_ls:.2f}×; the fsync a default commit does (default minus `VAULT_FSYNC=0`) "
                      f"{fsync:.2f}× (git's commit does not fsync its loose objects): `vault ls` plus fsync {floor_ls + fsync:.2f}×.", ""]
            if BASELINE:
                version = subprocess.run([BASELINE, "--version"], capture_output=True, text=True).stdout.strip()
                pairs = [("vault (fsync on, default)", "baseline (fsync on, default)"),
                         ("vault (VAULT_FSYNC=0)", "baseline (VAULT_FSYNC=0)")]
                pairs += [(f"floor again: vault {n}", f"floor, baseline: vault {n}") for n in ("--version", "log -n 1", "ls")]
                lines += [f"Against the baseline ({version}, `BENCH_BASELINE`), timed in the same turns:", "",
                          "| row | this build / baseline (medians) | within 5 % |", "|---|---|---|"]
                for now, before in pairs:
                    q = c[now]["median"] / c[before]["median"]
                    lines.append(f"| {now.replace('floor again: ', 'floor: ')} | {q:.3f}× | {status(q <= 1.05)} |")
                lines.append("")

        if want("2"):
            print("2. bulk load …", flush=True)
            jsonl, fi, raw = write_streams(tmp, base, BULK)
            b = bulk_load(tmp, jsonl, fi, BULK)
            vr = BULK / b["vault load"]["median"]
            gr = BULK / b["git fast-import"]["median"]
            lines += [f"## 2. Bulk history load ({BULK} revisions in one process)", "", "| | seconds: median (min, max) | revisions/s |", "|---|---|---|",
                      f"| vault load | {fmt(b['vault load'], lambda s: f'{s:.2f}')} | {vr:.0f} |",
                      f"| git fast-import | {fmt(b['git fast-import'], lambda s: f'{s:.2f}')} | {gr:.0f} |", "",
                      f"Ratio vault / fast-import (revisions/s): **{vr / gr:.2f}×** — target ≥ 1.0×: {status(vr / gr >= 1.0)}.", ""]

        if want("3"):
            print("3. review …", flush=True)
            jsonl_1000, _, _ = write_streams(tmp, base, 1000)
            r = review(tmp, jsonl_1000, report)
            base_v = r["vault --version"]["median"]
            gitlog = r["git log -p -- path"]["median"]
            lines += ["## 3. Review (a report with 1,000 revisions)", "", "| command | median (min, max) | peak RSS |", "|---|---|---|"]
            lines += [f"| {k} | {fmt(v)} | {v['rss']:.0f} MB |" for k, v in r.items()]
            d = r["vault diff HEAD~1 HEAD"]["median"] / base_v
            h = r["vault history (1 figure, 1000 revisions)"]["median"] / gitlog
            bl = r["vault blame (1000 revisions)"]["median"] / gitlog
            lines += ["", f"- diff / `vault --version`: **{d:.2f}×** — target ≤ 1.5×: {status(d <= 1.5)}",
                      f"- history / `git log -p`: **{h:.2f}×** — target ≤ 0.5×: {status(h <= 0.5)}",
                      f"- blame / `git log -p`: **{bl:.2f}×** — target ≤ 1.0×: {status(bl <= 1.0)}", ""]

        if want("4"):
            print("4./5. province …", flush=True)
            p = province(tmp, base)
            first, last = p["latency"]["firstMedianMs"], p["latency"]["lastMedianMs"]
            drift = abs(last - first) / first if first else 0
            rss_max = max(p["log rss"], p["log cold rss"], p["verify rss"], p["load rss"], *(v["rss"] for v in r.values()))
            lines += [f"## 4. Scale: {UNITS} units × 3 years × 5 drafts = {p['commits']} commits (issue size: 2,000 units; `BENCH_UNITS=2000`)", "",
                      f"- loaded by `vault load` in {p['load seconds']:.1f} s (two processes: draft 0 creates every report, then drafts 1–4) — no target of its own (throughput: §2)",
                      f"- in-process commit latency (blob, trees, commit) in the second load, whose trees keep their size: first 1,000 median {first:.3f} ms, "
                      f"last 1,000 median {last:.3f} ms — drift {drift * 100:.0f} %, target flat within 20 %: {status(drift <= 0.2)}",
                      f"- `vault log {p['report']}` at the end: {fmt(p['log'])}; `git log -- path`: {fmt(p['git log'])} — "
                      f"ratio **{p['log']['median'] / p['git log']['median']:.2f}×**, target ≤ 1.5×: {status(p['log']['median'] / p['git log']['median'] <= 1.5)}; "
                      f"measured floor `vault log -n 1` (start-up, libgit2 init, open, a walk that stops after one commit): {fmt(p['log floor'])}, "
                      f"{p['log floor']['median'] / p['git log']['median']:.2f}× `git log -- path`"
                      + (f"; libgit2 floor (the same walk and comparisons in C, scripts/bench-log-floor.c): {fmt(p['log c floor'])}, "
                         f"{p['log c floor']['median'] / p['git log']['median']:.2f}× `git log -- path`" if p['log c floor'] else ""),
                      f"- the same `vault log` without its change index (`vault-log-index` removed before each run, so each builds it again from the objects): {fmt(p['log cold'])}, "
                      f"{p['log cold']['median'] / p['git log']['median']:.2f}× `git log -- path`; and git with its own index for the question (a commit-graph with changed-path Bloom filters, "
                      f"`git commit-graph write --reachable --changed-paths`, removed afterwards): {fmt(p['git log graph'])} — no target, for comparison",
                      f"- repository after `git gc`: {p['size'] / 1e6:.1f} MB for {p['raw'] / 1e6:.1f} MB of stored reports ({p['size'] / p['raw'] * 100:.1f} %) — no target",
                      f"- peak RSS: load {p['load rss']:.0f} MB, log {p['log rss']:.0f} MB (building its index: {p['log cold rss']:.0f} MB), verify {p['verify rss']:.0f} MB; largest of all commands measured {rss_max:.0f} MB — target ≤ 100 MB: {status(rss_max <= 100)}", "",
                      "## 5. Verify", "",
                      f"- `vault verify`: {fmt(p['verify'])}", f"- `git fsck --full`: {fmt(p['fsck'])}",
                      f"- ratio: **{p['verify']['median'] / p['fsck']['median']:.2f}×** — target ≤ 1.0×: {status(p['verify']['median'] / p['fsck']['median'] <= 1.0)}", ""]

        if want("6"):
            print("6. import scaling …", flush=True)
            imp = import_scaling(tmp)
            t10, t100 = imp[10_000]["vault import"]["median"], imp[100_000]["vault import"]["median"]
            lines += ["## 6. Import of a text with one table of 10,000 and 100,000 rows", "",
                      "| rows | vault import: seconds, median (min, max) | wc -l (the floor of reading it) |", "|---|---|---|"]
            lines += [f"| {n} | {fmt(v['vault import'], lambda x: f'{x:.2f}')} | {fmt(v['wc -l'])} |" for n, v in imp.items()]
            lines += ["", f"- 100k rows: {t100:.2f} s — target ≤ 5 s: {status(t100 <= 5)}; growth 10k → 100k: {t100 / t10:.1f}× for 10× the rows "
                      f"(linear: about 10×) — {status(t100 / t10 <= 13)}", ""]

        if want("7"):
            print("7. push with the access list …", flush=True)
            jsonl_3000, _, _ = write_streams(tmp, base, 3000)
            pa = push_access(tmp, jsonl_3000, report)
            added = pa["with the access list"]["median"] - pa["without an access list"]["median"]
            lines += ["## 7. A clerk's push of one revision to a server vault of 3,000 commits (the hooks run, GL_USER set)", "",
                      "| server | median (min, max) |", "|---|---|"]
            lines += [f"| {k} | {fmt(v)} |" for k, v in pa.items()]
            lines += ["", f"- the permission check adds **{added * 1000:.1f} ms** (with − without the access list) — target ≤ 20 ms: {status(added <= 0.020)}", ""]

        if want("8"):
            print("8. web …", flush=True)
            w = web(tmp, base)
            lines += ["## 8. The web view under load (`vault serve`, 150 reports, wrk: 50 connections, 8 s)", "",
                      "| page | p50 ms | p99 ms | requests/s |", "|---|---|---|---|"]
            lines += [f"| {k} | {v['p50']:.1f} | {v['p99']:.1f} | {v['rps']:.0f} |" for k, v in w.items() if "p99" in v]
            lines += [f"| {k} | {v['once']:.0f} (once) | | |" for k, v in w.items() if "once" in v]
            diff99 = w["the diff page (compare HEAD~1 HEAD, one report)"]["p99"]
            sub99 = w["/submissions (nothing changed)"]["p99"]
            idx99 = w["the index of 150 reports (nothing changed)"]["p99"]
            lines += ["", f"- the diff page at 50 connections: p99 **{diff99:.1f} ms** — target ≤ 100 ms: {status(diff99 <= 100)}",
                      f"- /submissions when nothing changed: p99 **{sub99:.1f} ms** — target ≤ 50 ms: {status(sub99 <= 50)}",
                      f"- the index of 150 reports when nothing changed: p99 **{idx99:.1f} ms** — target ≤ 50 ms: {status(idx99 <= 50)}", ""]

        if want("9"):
            print("9. SQL tables and the PostgreSQL export …", flush=True)
            q = sql_tables(tmp, base)
            b_ratio = q["build"]["median"] / q["git log -p"]["median"]
            q_ratio = q["query"]["median"] / q["git log -p"]["median"]
            lines += [f"## 9. `vault sql` and `vault export --postgres` on the province vault ({q['commits']} commits, {q['figures']} figure rows)", "",
                      "| | median (min, max) | peak RSS |", "|---|---|---|",
                      f"| `git log -p` (the whole history) | {fmt(q['git log -p'])} | |",
                      f"| `vault sql` building its tables from nothing | {fmt(q['build'])} | {q['build rss']:.0f} MB |",
                      f"| `vault sql` over every revision's figures (GROUP BY pointer) | {fmt(q['query'])} | {q['query rss']:.0f} MB |"]
            if "export" in q:
                lines += [f"| `vault export --postgres` (a new schema each run) | {fmt(q['export'])} | {q['export rss']:.0f} MB |",
                          f"| psql: the same tables made and their rows sent with `\\copy` | {fmt(q['copy'])} | |"]
            lines += ["", f"- building the tables / `git log -p`: **{b_ratio:.2f}×** — target ≤ 2.0×: {status(b_ratio <= 2.0)}",
                      f"- the query over every revision's figures / `git log -p`: **{q_ratio:.2f}×** — target ≤ 2.0×: {status(q_ratio <= 2.0)}",
                      f"- peak RSS: {max(q['build rss'], q['query rss'], q.get('export rss', 0)):.0f} MB — target ≤ 100 MB: {status(max(q['build rss'], q['query rss'], q.get('export rss', 0)) <= 100)}"]
            if "export" in q:
                e_ratio = q["export"]["median"] / q["copy"]["median"]
                lines += [f"- the export / a COPY of the same rows: **{e_ratio:.2f}×** — target ≤ 2.0×: {status(e_ratio <= 2.0)}"]
            lines += [""]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = "\n".join(lines) + "\n"
    print(text)
    path = os.environ.get("BENCH_OUT") or os.path.join(ROOT, "BENCHMARKS.md")
    if ONLY and os.path.exists(path):
        # Some sections only: they replace their own in the file, the others stay as measured before.
        with open(path, encoding="utf-8") as f:
            old = f.read()
        text = merge_sections(old, text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def merge_sections(old, new):
    """`old` with each `## N.` section of `new` in place of its own (or added at the end), and
    a line saying which sections were measured when."""
    def split(text):
        parts = re.split(r"(?m)^(?=## [0-9]+\.)", text)
        return parts[0], {re.match(r"## ([0-9]+)\.", p).group(1): p for p in parts[1:]}
    old_head, old_sections = split(old)
    new_head, new_sections = split(new)
    merged = dict(old_sections)
    merged.update(new_sections)
    note = f"- sections {', '.join(sorted(new_sections))} measured again on their own (BENCH_ONLY):\n" + "".join(
        "  " + l + "\n" for l in new_head.splitlines() if l.startswith("- date") or l.startswith("- commit"))
    return old_head.rstrip("\n") + "\n" + note + "\n" + "".join(merged[k] for k in sorted(merged, key=int))


if __name__ == "__main__":
    main()
