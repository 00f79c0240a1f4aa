#!/usr/bin/env bash
# Builds the sandbox images pairdesk/runner-{python,node,go,java,cpp} into the engine at
# DOCKER_HOST. With BASE unset, the base is a minimal Debian made here with debootstrap
# (these machines reach no registry); set BASE=debian:bookworm-slim where one is reachable.
# An image whose recipe (Dockerfile, launcher, base) is unchanged is not rebuilt.
# Usage: runner/images/build.sh [language ...]
set -euo pipefail
cd "$(dirname "$0")"

base=${BASE:-pairdesk/base:bookworm}
if [ "$base" = pairdesk/base:bookworm ] && ! docker image inspect "$base" >/dev/null 2>&1; then
	rootfs=$(mktemp -d)
	trap 'rm -rf "$rootfs"' EXIT
	echo "building $base with debootstrap"
	debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
	tar -C "$rootfs" -c . | docker import - "$base"
fi

languages=("$@")
[ $# -gt 0 ] || languages=(python node go java cpp)
for language in "${languages[@]}"; do
	image=pairdesk/runner-$language
	recipe=$( (cat "$language/Dockerfile" launch.sh; echo "$base") | sha256sum | cut -c1-16)
	current=$(docker image inspect -f '{{index .Config.Labels "pairdesk.recipe"}}' "$image" 2>/dev/null || true)
	if [ "$current" = "$recipe" ]; then
		echo "$image is up to date"
		continue
	fi
	echo "building $image"
	# The legacy builder: it can use the host network for apt, and needs no registry.
	DOCKER_BUILDKIT=0 docker build --quiet --network host --build-arg BASE="$base" \
		--label pairdesk.recipe="$recipe" -t "$image" -f "$language/Dockerfile" . >/dev/null
done
