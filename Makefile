# ReportVault — set-up on a fresh machine is two commands: `make demo` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: all deps test-deps build release test lint demo serve fuzz faults sanitize bench clean

all: build

# libgit2-dev and libsqlite3-dev from Debian when pkg-config cannot find them.
deps:
	@pkg-config --exists libgit2 sqlite3 || { \
	  echo "libgit2-dev or libsqlite3-dev is missing: installing them with apt"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgit2-dev libsqlite3-dev pkg-config; }

# Everything the test suite needs (sshd, git daemon, LibreOffice, Chromium, a CJK font…),
# installed with apt when missing: the one list `make test` and .ci/run use.
test-deps:
	scripts/test-deps.sh

build: deps
	$(SWIFT) build

# The Swift runtime and Foundation linked in (a larger binary that needs no Swift on the
# machine it runs on): each command starts 3-4 ms sooner, without binding thousands of
# symbols of the Swift libraries at run time (BENCHMARKS.md). Linked at a fixed address
# (-no-pie, as Go links by default): the loader no longer patches the 118,000 pointers of
# the Swift metadata at every start, nor copies the pages that hold them (1 ms a command);
# the C libraries it loads (libgit2 and its own) keep their random addresses, and vault-serve,
# the process that listens on a network, stays position-independent. A trade of hardening for
# start-up made on purpose (Debian's lintian would say hardening-no-pie): drop -no-pie to undo it.
# vault-serve (the web view `vault serve` starts, found beside vault) is built too, without -no-pie.
release: deps
	$(SWIFT) build -c release --product vault --static-swift-stdlib -Xlinker -no-pie
	$(SWIFT) build -c release --product vault-serve --static-swift-stdlib

# The end-to-end tests run the debug `vault` binary, so it is built first; then the README's
# tour runs as written and its outputs are compared (scripts/readme-tour.py). Warnings are
# errors here (our targets and tests; SwiftPM keeps other packages' warnings quiet).
STRICT = -Xswiftc -warnings-as-errors
test: test-deps lint
	$(SWIFT) build $(STRICT)
	$(SWIFT) test $(STRICT)
	python3 scripts/readme-tour.py
	python3 scripts/record-outputs.py
	scripts/check-layers.sh

# The formatter's check (the toolchain's swift-format, configured by .swift-format).
lint:
	$(SWIFT) format lint --strict -r Sources Tests Fuzz

demo: release
	scripts/demo.sh "$(CURDIR)/.build/release/vault"

# The web view on a demo vault (.build/demo-vault), until Ctrl-C; PORT=8090 make serve for another port.
# A debug build: vault and vault-serve beside each other in .build/debug.
serve: build
	scripts/serve-demo.sh "$(CURDIR)/.build/debug/vault"

# libFuzzer targets (Fuzz/): the JSON parser, the canonical writers' round trip, the import
# reader. Each runs FUZZ_SECONDS (default 60); crashes are written to fuzz-out/crash-*.
# The import target runs with -detect_leaks=0: Swift's regex parser leaks at exit (see
# Tests/lsan-suppressions.txt), which LeakSanitizer would otherwise report as a crash.
FUZZ_SECONDS ?= 60
# The fuzz targets are package targets (Fuzz/); here they are built in a build folder of their
# own with libFuzzer's main (-D FUZZING) and its instrumentation.
FUZZ_BUILD = $(SWIFT) build --scratch-path .build-fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
fuzz:
	@mkdir -p fuzz-out/corpus-json fuzz-out/corpus-canonical fuzz-out/corpus-import
	cp Tests/ReportVaultTests/Fixtures/jcs/input/*.json Tests/ReportVaultTests/Fixtures/fuzz-regressions/*.json fuzz-out/corpus-json/
	cp Tests/ReportVaultTests/Fixtures/jcs/input/*.json fuzz-out/corpus-canonical/
	cp Tests/ReportVaultTests/Fixtures/reports/*.txt Tests/ReportVaultTests/Fixtures/import/*.txt Tests/ReportVaultTests/Fixtures/fuzz-regressions/*.txt fuzz-out/corpus-import/
	-cp Tests/ReportVaultTests/Fixtures/docx/*.docx Tests/ReportVaultTests/Fixtures/variants/*.docx fuzz-out/corpus-import/ 2>/dev/null
	for t in fuzz-json fuzz-canonical fuzz-import; do $(FUZZ_BUILD) --product $$t && cp .build-fuzz/release/$$t fuzz-out/; done
	cd fuzz-out && SWIFT_BACKTRACE=enable=no ./fuzz-json corpus-json -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=crash-json-
	cd fuzz-out && SWIFT_BACKTRACE=enable=no ./fuzz-canonical corpus-canonical -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=crash-canonical-
	cd fuzz-out && VAULT_RESOURCES=$(CURDIR)/Sources/ReportVault/Resources ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no ./fuzz-import corpus-import -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -detect_leaks=0 -artifact_prefix=crash-import-

# A bounded random fault campaign (libfiu's fiu-run, Debian fiu-utils): commit, tag, load, pull
# and verify --repair with system calls failing at random; prints runs / consistent / lost /
# crashed and fails on any loss, crash or inconsistent vault. FAULT_RUNS=200 by default.
FAULT_RUNS ?= 200
faults: build test-deps
	python3 scripts/faults.py .build/debug/vault $(FAULT_RUNS)

# The test suite under AddressSanitizer and ThreadSanitizer (separate build folders; slow).
sanitize: deps
	swift build --build-tests --sanitize=address --scratch-path .build-asan
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt VAULT_BIN=$(CURDIR)/.build-asan/debug/vault SWIFT_BACKTRACE=enable=no swift test --sanitize=address --scratch-path .build-asan
	swift build --build-tests --sanitize=thread --scratch-path .build-tsan
	VAULT_BIN=$(CURDIR)/.build-tsan/debug/vault SWIFT_BACKTRACE=enable=no swift test --sanitize=thread --scratch-path .build-tsan

clean:
	rm -rf .build .build-asan .build-tsan .build-fuzz fuzz-out

# Benchmarks against git on the same generated data; writes BENCHMARKS.md (about 10 minutes).
bench: release
	@command -v wrk >/dev/null || { echo "wrk is missing (the web view's load): installing it with apt"; \
	  $(SUDO) apt-get install -y -qq wrk; }
	python3 scripts/bench.py
