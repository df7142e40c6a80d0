# credsync — `make run` opens the demo dashboard, `make test` runs every test, `make install` installs the release
# binary, its shell completions and man page under PREFIX (default /usr/local), staged in DESTDIR when given.
# They first install any missing Debian package (through sudo when not root).

SWIFT ?= swift
export PATH := /opt/swift/usr/bin:$(PATH)
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share
# `make bench` sizes (users default to 0.56 per credential); docs/performance.md's 1,000,000 run is
# `make bench BENCH_RECORDS=1000000 BENCH_LINES=1000000 BENCH_USERS=1000000`.
BENCH_RECORDS ?= 100000
BENCH_LINES ?= 100000
BENCH_USERS ?=
DEBIAN_PACKAGES := libncurses-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev tmux pkg-config

.PHONY: deps build release run test bench format clean install man

deps:
	@missing=""; \
	for package in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	./.build/release/credsync demo

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	./.build/release/credsync-bench queue
	./.build/release/credsync-bench ingest --compare --records $(BENCH_RECORDS) --lines $(BENCH_LINES) \
	  $(if $(BENCH_USERS),--users $(BENCH_USERS))

install: release
	install -d "$(BINDIR)" "$(SHAREDIR)/bash-completion/completions" "$(SHAREDIR)/zsh/site-functions" \
	  "$(SHAREDIR)/fish/vendor_completions.d" "$(SHAREDIR)/man/man1"
	install -m 0755 .build/release/credsync "$(BINDIR)/credsync"
	.build/release/credsync completions bash > "$(SHAREDIR)/bash-completion/completions/credsync"
	.build/release/credsync completions zsh > "$(SHAREDIR)/zsh/site-functions/_credsync"
	.build/release/credsync completions fish > "$(SHAREDIR)/fish/vendor_completions.d/credsync.fish"
	install -m 0644 docs/credsync.1 "$(SHAREDIR)/man/man1/credsync.1"

# Regenerates docs/credsync.1 from the command table (a test fails while the checked-in copy differs).
man: build
	./.build/debug/credsync help --man > docs/credsync.1

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build
