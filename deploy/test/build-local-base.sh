#!/usr/bin/env bash
# Builds, on a machine without a registry, the images deploy/Dockerfile starts FROM:
#   * the runtime base (BASE_IMAGE, default localhost/zhtp-base:bookworm): a Debian minbase root file system made by
#     debootstrap from the apt mirror this machine already uses, plus what a self-contained .NET app needs
#     (libc6, libgcc-s1, libstdc++6, libssl3, zlib1g, ca-certificates; no ICU: zhtp runs with InvariantGlobalization),
#     with apt/dpkg state, docs, man pages and locales removed, imported with `podman import`.
#   * the SDK stage is not imported: the test publishes zhtp on the host with the host's SDK and builds the
#     Dockerfile's `prebuilt` target, which COPYs that output (deploy/Dockerfile says why). The default target still
#     is the real multi-stage build FROM an SDK image, for machines with a registry.
# Idempotent: an existing image of that name is kept unless ZHTP_REBUILD_BASE=1.
# Also writes deploy/test/containers.conf (ulimits off, runc) that the test points CONTAINERS_CONF at.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
BASE_IMAGE="${BASE_IMAGE:-localhost/zhtp-base:bookworm}"
WORK="${ZHTP_DEPLOY_WORK:-/var/tmp/zhtp-deploy}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"

need=()
command -v podman >/dev/null 2>&1 || need+=(podman)
command -v runc >/dev/null 2>&1 || need+=(runc)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if ((${#need[@]})); then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

if [ "${ZHTP_REBUILD_BASE:-0}" != 1 ] && podman --runtime runc image exists "$BASE_IMAGE"; then
  echo "base image $BASE_IMAGE exists (ZHTP_REBUILD_BASE=1 rebuilds it)"
  exit 0
fi

# The mirror and suite this machine's apt is configured with (deb822 or one-line sources).
mirror="$(grep -rhoE '^(URIs:|deb) *\[?[^]]*\]? *https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
  | grep -oE 'https?://[^ ]+' | head -n1 || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
echo "debootstrap $suite from $mirror"

root="$WORK/rootfs"
rm -rf "$root"; mkdir -p "$WORK"
timeout 900 debootstrap --variant=minbase \
  --include=libssl3,zlib1g,libstdc++6,libgcc-s1,ca-certificates \
  "$suite" "$root" "$mirror"

# Slim it: the image never runs apt; docs, man pages, locales and caches are dead weight.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
  "$root"/usr/share/zoneinfo/right "$root"/var/log/* "$root"/tmp/* "$root"/root/.cache
: > "$root/etc/machine-id"

tar -C "$root" --numeric-owner -c . | podman --runtime runc import \
  --change 'CMD ["/bin/sh"]' --change 'ENV LANG=C.UTF-8' - "$BASE_IMAGE"
rm -rf "$root"
podman --runtime runc image ls "$BASE_IMAGE"
