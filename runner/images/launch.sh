#!/bin/bash
# The sandbox's first process. It waits on stdin for one job, written by the runner
# (runner/src/job.ts): five header lines (nonce, source file name, source size in bytes,
# compile command, run command), the source, then the program's stdin. It compiles, runs
# the program, and after each step prints "<nonce> compiled <status>" and then
# "<nonce> exited <status>" on a line of its own on stdout and on stderr: the runner tells
# compiler from program output on each stream by them, and learns the exit status without
# waiting for Docker to notice the container stop. When the launcher exits, the container
# stops and takes any process the program left behind with it. A sandbox left idle for an
# hour (its runner gone) exits by itself.
set -u
IFS= read -r -t 3600 nonce || exit 0
IFS= read -r file
IFS= read -r size
IFS= read -r compile
IFS= read -r run
mkdir -p /tmp/work && cd /tmp/work || exit 125
head -c "$size" >"$file"
status=0
if [ -n "$compile" ]; then
	sh -c "$compile" </dev/null
	status=$?
fi
report() {
	printf -v marker '\n%s %s %s\n' "$nonce" "$1" "$2"
	printf '%s' "$marker"
	printf '%s' "$marker" >&2
}
report compiled "$status"
[ "$status" -eq 0 ] || exit "$status"
(eval "$run")
report exited $?
