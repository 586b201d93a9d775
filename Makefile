# ReportVault — set-up on a fresh machine is two commands: `make demo` and `make test`.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: all deps build release test demo clean

all: build

# libgit2-dev from Debian when pkg-config cannot find libgit2.
deps:
	@pkg-config --exists libgit2 || { \
	  echo "libgit2-dev is missing: installing it with apt"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgit2-dev; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product vault

# The end-to-end tests run the debug `vault` binary, so it is built first.
test: deps
	$(SWIFT) build
	$(SWIFT) test

demo: release
	scripts/demo.sh "$(CURDIR)/.build/release/vault"

clean:
	rm -rf .build
