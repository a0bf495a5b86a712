#!/usr/bin/env bash
# Install what the build, `make run` and `make test` need on Debian 12, and
# unpack libfdt's C sources from Debian's linux-source-6.1 package.
#
# Idempotent and quiet: when everything is present it only checks dpkg's
# database and a stamp file.  apt-get runs (once) only for missing packages.
#
#   CACHE   where libfdt is unpacked (default: <repo>/.cache)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE:-$ROOT/.cache}

PACKAGES=(
	qemu-system-misc opensbi
	gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf
	picolibc-riscv64-unknown-elf
	device-tree-compiler libfdt-dev libcmocka-dev clang
	linux-source-6.1 gdb-multiarch python3 make gcc
	xenstore-utils libxen-dev
)

LINUX_TAR=/usr/src/linux-source-6.1.tar.xz
LIBFDT_MEMBER=linux-source-6.1/scripts/dtc/libfdt
LIBFDT_DIR=$CACHE/libfdt
LIBFDT_STAMP=$LIBFDT_DIR/.stamp

say() { echo "setup-deps: $*"; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

missing_packages() {
	local p
	for p in "${PACKAGES[@]}"; do
		if ! dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null |
			grep -q '^ii'; then
			echo "$p"
		fi
	done
}

install_packages() {
	local missing
	mapfile -t missing < <(missing_packages)
	[ "${#missing[@]}" -eq 0 ] && return 0

	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get update -qq
	as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		>/dev/null
}

# Our own freestanding libfdt_env.h replaces Linux's, so it is not unpacked.
unpack_libfdt() {
	if [ -f "$LIBFDT_STAMP" ] && [ "$LIBFDT_STAMP" -nt "$LINUX_TAR" ]; then
		return 0
	fi

	say "unpacking libfdt into $LIBFDT_DIR"
	rm -rf "$LIBFDT_DIR"
	mkdir -p "$LIBFDT_DIR"
	tar -xJf "$LINUX_TAR" -C "$LIBFDT_DIR" --strip-components=4 \
		--wildcards --exclude="$LIBFDT_MEMBER/libfdt_env.h" \
		"$LIBFDT_MEMBER/*.c" "$LIBFDT_MEMBER/*.h"
	touch "$LIBFDT_STAMP"
}

install_packages
unpack_libfdt
