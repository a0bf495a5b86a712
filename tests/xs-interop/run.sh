#!/usr/bin/env bash
# Family xs-interop: clients we did not write against our daemon.  Debian's
# xenstore-utils (Xen's libxenstore and its xenstore-* commands) talk to
# build/xenstore/xenstored-host over Unix sockets, found through
# XENSTORED_PATH, as they would talk to Xen's xenstored.
#
# The daemon serves two sockets: `priv`, whose clients are dom0, and
# `dom5`, whose clients act as unprivileged domain 5 (xenstored-host -u).
# Each test prints `PASS xs-interop/<test>` or `FAIL xs-interop/<test>`;
# the exit status is 1 if any failed.
#
#   BUILD   build directory (default build)
set -uo pipefail

cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
DAEMON=$BUILD/xenstore/xenstored-host
tmp=$(mktemp -d)
failed=0
daemon_pid=

cleanup() {
	[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

result() {   # result NAME STATUS [why]
	if [ "$2" -eq 0 ]; then
		echo "PASS xs-interop/$1"
	else
		echo "FAIL xs-interop/$1${3:+: $3}"
		failed=1
	fi
}

# As dom0, and as domain 5.
x0() { XENSTORED_PATH=$tmp/priv "$@"; }
x5() { XENSTORED_PATH=$tmp/dom5 "$@"; }

start_daemon() {
	local i
	if [ ! -x "$DAEMON" ] || ! command -v xenstore-read >/dev/null; then
		echo "FAIL xs-interop/start: $DAEMON or xenstore-utils missing"
		exit 1
	fi
	"$DAEMON" -s "$tmp/priv" -u "$tmp/dom5:5" 2>"$tmp/daemon.log" &
	daemon_pid=$!
	for i in $(seq 50); do
		[ -S "$tmp/priv" ] && [ -S "$tmp/dom5" ] && return 0
		sleep 0.1
	done
	echo "FAIL xs-interop/start: no socket"
	exit 1
}

t_write_read() {
	x0 xenstore-write /t/a hello &&
		[ "$(x0 xenstore-read /t/a)" = hello ]
}

t_write_several() {
	x0 xenstore-write /t/x 1 /t/y "two words" &&
		[ "$(x0 xenstore-read /t/x /t/y)" = "$(printf '1\ntwo words')" ]
}

t_read_missing() {
	! x0 xenstore-read /t/none 2>/dev/null
}

t_exists() {
	x0 xenstore-exists /t/a && ! x0 xenstore-exists /t/none 2>/dev/null
}

t_list() {
	[ "$(x0 xenstore-list /t)" = "$(printf 'a\nx\ny')" ]
}

t_ls() {
	x0 xenstore-ls /t >"$tmp/ls" &&
		grep -qx 'a = "hello"' "$tmp/ls" &&
		grep -qx 'y = "two words"' "$tmp/ls" &&
		[ "$(wc -l <"$tmp/ls")" -eq 3 ]
}

t_rm_subtree() {
	x0 xenstore-write /r/a/b/c 1 /r/d 2 &&
		x0 xenstore-rm /r/a &&
		! x0 xenstore-exists /r/a/b/c 2>/dev/null &&
		! x0 xenstore-exists /r/a 2>/dev/null &&
		[ "$(x0 xenstore-list /r)" = d ]
}

t_large_value() {
	local v
	v=$(head -c 2000 /dev/zero | tr '\0' v)
	x0 xenstore-write /big/value "$v" &&
		[ "$(x0 xenstore-read /big/value)" = "$v" ]
}

# 150 long names: more than one 4096-byte reply, so libxenstore falls back
# from XS_DIRECTORY (E2BIG) to XS_DIRECTORY_PART.
t_directory_part() {
	local i args=()
	for i in $(seq 150); do
		args+=("/dir/a-rather-long-child-name-number-$i" x)
	done
	x0 xenstore-write "${args[@]}" &&
		[ "$(x0 xenstore-list /dir | wc -l)" -eq 150 ] &&
		x0 xenstore-list /dir | grep -qx 'a-rather-long-child-name-number-150'
}

t_chmod_perms() {
	x0 xenstore-write /p/shared s /p/private p &&
		x0 xenstore-chmod /p/shared n0 r5 &&
		x0 xenstore-ls -p /p >"$tmp/perms" &&
		grep -q '^shared = "s" .*(n0,r5)$' "$tmp/perms" &&
		grep -q '^private = "p" .*(n0)$' "$tmp/perms"
}

t_unpriv_refused() {
	[ "$(x5 xenstore-read /p/shared)" = s ] &&
		! x5 xenstore-read /p/private 2>/dev/null &&
		! x5 xenstore-write /p/shared changed 2>/dev/null &&
		! x5 xenstore-chmod /p/shared b5 2>/dev/null &&
		! x5 xenstore-rm /p/shared 2>/dev/null &&
		[ "$(x0 xenstore-read /p/shared)" = s ]
}

# Domain 5's relative paths land in its home; data/ is its own (libxl's
# layout), the home itself dom0's.
t_unpriv_home() {
	x5 xenstore-write data/v from-five &&
		[ "$(x0 xenstore-read /local/domain/5/data/v)" = from-five ] &&
		x0 xenstore-ls -p /local/domain/5 | grep -q '^data = "" .*(n5)$' &&
		x0 xenstore-ls -p /local/domain | grep -q '^5 = "" .*(n0,r5)$' &&
		! x5 xenstore-write name evil 2>/dev/null
}

# Two events: the one at registration, then the write below the path.
t_watch() {
	x0 xenstore-write /w/a 1 &&
		{ timeout 10 env XENSTORED_PATH="$tmp/priv" xenstore-watch -n 2 /w \
			>"$tmp/watch" 2>&1 & } &&
		sleep 0.5 &&
		x0 xenstore-write /w/b 2 &&
		wait $! &&
		[ "$(cat "$tmp/watch")" = "$(printf '/w\n/w/b')" ]
}

# Domain 5 watching dom0's private node sees the registration event only.
t_watch_unreadable() {
	{ timeout 3 env XENSTORED_PATH="$tmp/dom5" xenstore-watch -n 2 /p/private \
		>"$tmp/watch5" 2>&1 & } &&
		sleep 0.5 &&
		x0 xenstore-write /p/private changed &&
		{ wait $!; [ $? -eq 124 ]; } &&
		[ "$(cat "$tmp/watch5")" = /p/private ]
}

start_daemon
for t in write_read write_several read_missing exists list ls rm_subtree \
	large_value directory_part chmod_perms unpriv_refused unpriv_home watch \
	watch_unreadable; do
	"t_$t" >"$tmp/$t.out" 2>&1
	rc=$?
	result "$t" "$rc" "$(tail -1 "$tmp/$t.out")"
done
if ! kill -0 "$daemon_pid" 2>/dev/null; then
	echo "FAIL xs-interop/daemon_alive"
	failed=1
else
	echo "PASS xs-interop/daemon_alive"
fi
exit "$failed"
