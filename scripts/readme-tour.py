#!/usr/bin/env python3
"""Runs the README's console examples and compares their output with what the README shows.

Every ```console block of README.md is part of one tour, run in order in one bash session
(so `cd` and `export` carry over) in a fresh temporary folder that links to samples/ and Tests/ (the tour reads them from there).
A line starting with "$ " is a command; the lines after it, up to the next command, are its
expected output (standard output and error together, as a terminal shows them). A line "…"
stands for any number of lines. Commit ids, dates, digests, ssh key fingerprints and the
temporary folder are masked on both sides. `vault` is the binary given with --vault (default .build/debug/vault).

    scripts/readme-tour.py              # check; exit 1 and show the differences on a mismatch
    scripts/readme-tour.py --update     # write the actual outputs into README.md (blocks with … are kept)
"""
import argparse, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARK = "@@README-TOUR-COMMAND@@"


def blocks(text):
    """(start line index, end line index, [(command, [expected lines])]) for each console block."""
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "```console":
            start, i, steps = i + 1, i + 1, []
            while i < len(lines) and lines[i].strip() != "```":
                line = lines[i]
                if line.startswith("$ "):
                    steps.append([line[2:], []])
                elif steps:
                    steps[-1][1].append(line)
                i += 1
            out.append((start, i, steps))
        i += 1
    return out


def mask(text, work):
    text = text.replace(os.path.realpath(work), "<tmp>").replace(work, "<tmp>")
    text = re.sub(r"/tmp/tmp\.[A-Za-z0-9]+", "<tour>", text)
    text = re.sub(r"sha256:[0-9a-f]{64}", "sha256:<digest>", text)
    text = re.sub(r"\b[0-9a-f]{64}\b", "<digest>", text)
    # The tour makes its signing key afresh: its fingerprint differs on every run.
    text = re.sub(r"SHA256:[A-Za-z0-9+/]{43}", "SHA256:<key>", text)
    text = re.sub(r"\b[0-9a-f]{40}\b", "<id>", text)
    text = re.sub(r"\b[0-9a-f]{7,12}\b(?=[^0-9a-f]|$)", lambda m: "<short>" if re.search(r"[a-f]", m.group(0)) or len(m.group(0)) == 7 else m.group(0), text, flags=re.M)
    text = re.sub(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", "<date>", text)
    text = re.sub(r"\b20\d\d-\d\d-\d\d\b", "<day>", text)
    text = re.sub(r"> \d{9,10} [+-]\d{4}", "> <time>", text)
    return text


def matches(expected, actual):
    """Whether actual lines fit expected lines, where "…" matches any run of lines."""
    if not expected:
        return not actual
    if expected[0].strip() == "…":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and expected[0].rstrip() == actual[0].rstrip() and matches(expected[1:], actual[1:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--vault", default=os.path.join(ROOT, ".build/debug/vault"))
    parser.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    args = parser.parse_args()
    readme = open(args.readme, encoding="utf-8").read()
    found = blocks(readme)
    steps = [step for _, _, s in found for step in s]
    work = tempfile.mkdtemp(prefix="readme-tour-")
    try:
        # The tour starts in the repository's folder: samples and fixtures are read from there.
        for name in ("samples", "Tests"):
            os.symlink(os.path.join(ROOT, name), os.path.join(work, name))
        bindir = os.path.join(work, ".bin")
        os.mkdir(bindir)
        os.symlink(os.path.abspath(args.vault), os.path.join(bindir, "vault"))
        script = ["set +e", "export PATH=%s:$PATH" % bindir, "export SWIFT_BACKTRACE=enable=no LANG=C.UTF-8",
                  "unset VAULT_DIR VAULT_AUTHOR_NAME VAULT_AUTHOR_EMAIL GIT_DIR", "export GIT_CONFIG_GLOBAL=/dev/null"]
        for command, _ in steps:
            script.append("echo %s" % MARK)
            script.append("{ %s\n} 2>&1" % command)
        result = subprocess.run(["bash", "-c", "\n".join(script)], cwd=work, capture_output=True, text=True, timeout=600)
        outputs = result.stdout.split(MARK + "\n")[1:]
        if len(outputs) != len(steps):
            print("readme-tour: the tour stopped early (%d of %d commands ran)\n%s" % (len(outputs), len(steps), result.stderr), file=sys.stderr)
            return 1
        failures = 0
        actual_by_step = []
        for (command, expected), output in zip(steps, outputs):
            actual = output.rstrip("\n").split("\n") if output.strip() else []
            actual_by_step.append(actual)
            want = [mask(l, work) for l in expected]
            got = [mask(l, work) for l in actual]
            while want and not want[-1].strip():
                want.pop()
            if not matches(want, got):
                failures += 1
                print("README command: $ %s\n--- expected\n%s\n--- actual\n%s\n" % (command, "\n".join(expected), "\n".join(actual)))
        if args.update:
            lines = readme.split("\n")
            k = len(steps)
            for start, end, block_steps in reversed(found):
                k -= len(block_steps)
                new = []
                for j, (command, expected) in enumerate(block_steps):
                    new.append("$ " + command)
                    new += expected if any(l.strip() == "…" for l in expected) else actual_by_step[k + j]
                lines[start:end] = new
            open(args.readme, "w", encoding="utf-8").write("\n".join(lines))
            print("readme-tour: README.md updated (%d commands)" % len(steps))
            return 0
        print("readme-tour: %d commands, %d differ" % (len(steps), failures))
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
