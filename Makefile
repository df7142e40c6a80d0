# credsync — `make run` opens the demo dashboard, `make test` runs every test.
# Both first install any missing Debian package (through sudo when not root).

SWIFT ?= swift
export PATH := /opt/swift/usr/bin:$(PATH)
DEBIAN_PACKAGES := libncurses-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev tmux pkg-config

.PHONY: deps build release run test bench format clean

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

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build
