#!/usr/bin/env bash
# The Debian package as an administrator meets it: built from this build tree (twice, the second
# a newer revision), lintian-checked, installed with dpkg -i + apt-get -f install into a clean
# Debian 12 root made here with debootstrap, upgraded with the configuration edited, the units
# checked by systemd-analyze, and the service started with the unit's own ExecStart and User until
# /healthz answers. Needs root (chroot) and the Debian mirror this machine's apt uses; exits 77
# (skipped) without root.
#   tests/package/package_test.sh BUILD_DIR
# HOTLINE_PACKAGE_TEST_ROOT_CACHE=FILE.tar keeps the debootstrapped root between local runs.
set -euo pipefail
build=$(cd "$1" && pwd)

if [[ $(id -u) -ne 0 ]]; then
  echo "package test: skipped, it needs root for chroot (CI runs it as root)"
  exit 77
fi
for tool in debootstrap cpack lintian curl python3; do
  command -v "$tool" >/dev/null || { echo "package test: $tool missing (scripts/install-deps.sh installs it)"; exit 1; }
done

work=$(mktemp -d /var/tmp/hotline-package.XXXXXX)
# A root that may not mount (an unprivileged container) cannot make a Debian root either.
mkdir "$work/probe"
if ! mount -t tmpfs probe "$work/probe" 2>/dev/null; then
  rm -rf "$work"
  echo "package test: skipped, this root may not mount file systems (a container without CAP_SYS_ADMIN)"
  exit 77
fi
umount "$work/probe"
root=$work/root
service_pid=
cleanup() {
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  for m in dev/pts dev proc; do mountpoint -q "$root/$m" && umount -l "$root/$m"; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package test FAILED: $*" >&2; exit 1; }
step() { echo "=== package test: $*"; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

step "building the package twice (revisions 1 and 2) from $build"
(cd "$build" && cpack -G DEB -B "$work/v1" -D CPACK_DEBIAN_PACKAGE_RELEASE=1 >/dev/null)
(cd "$build" && cpack -G DEB -B "$work/v2" -D CPACK_DEBIAN_PACKAGE_RELEASE=2 >/dev/null)
deb1=$(ls "$work"/v1/hotline-bot_*_*.deb)
deb2=$(ls "$work"/v2/hotline-bot_*_*.deb)
ls -l "$deb1" "$deb2"

step "lintian (the package's own overrides explain what is left)"
lintian --fail-on error,warning --allow-root "$deb1" || fail "lintian reports problems"

step "a clean Debian 12 root"
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
[[ -n "$mirror" ]] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[[ -n "$mirror" ]] || mirror=http://deb.debian.org/debian
cache=${HOTLINE_PACKAGE_TEST_ROOT_CACHE:-}
if [[ -n "$cache" && -f "$cache" ]]; then
  mkdir -p "$root" && tar -xf "$cache" -C "$root"
else
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log"; fail "debootstrap from $mirror"; }
  [[ -n "$cache" ]] && tar -cf "$cache" -C "$root" .
fi
# This machine's package-client settings (mirror, proxy, snapshot options) go with it.
rm -f "$root/etc/apt/sources.list"
cp -a /etc/apt/sources.list* "$root/etc/apt/" 2>/dev/null || true
cp -a /etc/apt/apt.conf.d/. "$root/etc/apt/apt.conf.d/"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
in_root apt-get update -q >/dev/null

step "dpkg -i, then apt-get -f install for the dependencies"
cp "$deb1" "$deb2" "$root/tmp/"
in_root dpkg -i "/tmp/$(basename "$deb1")" >"$work/dpkg.log" 2>&1 || true
in_root apt-get -f install -y -q --no-install-recommends >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; fail "apt-get -f install"; }
status=$(in_root dpkg-query -W -f='${Status} ${Version}' hotline-bot)
[[ "$status" == "install ok installed 0.1.0-1" ]] || fail "after install: $status"
in_root hotline-bot version | grep -q "^hotline-bot " || fail "hotline-bot version"
in_root hotline-bot version

step "the files where the README says"
for f in /usr/bin/hotline-bot /etc/hotline-bot/hotline.toml /etc/hotline-bot/directory.toml \
         /usr/share/hotline-bot/holidays/2026.json /usr/share/hotline-bot/holidays/LICENSE \
         /lib/systemd/system/hotline-bot.service /lib/systemd/system/hotline-bot-backup.timer \
         /usr/lib/sysusers.d/hotline-bot.conf /usr/share/doc/hotline-bot/copyright /usr/share/man/man1/hotline-bot.1.gz \
         /usr/share/doc/hotline-bot/examples/prometheus/hotline-bot.rules.yml; do
  [[ -e "$root$f" ]] || fail "$f is missing"
done
in_root getent passwd hotline-bot | grep -q ":/var/lib/hotline-bot:" || fail "no system user hotline-bot"
[[ $(in_root stat -c %U:%G:%a /var/lib/hotline-bot) == hotline-bot:hotline-bot:750 ]] || fail "/var/lib/hotline-bot owner/mode"
[[ $(in_root stat -c %U:%G:%a /etc/hotline-bot/hotline.toml) == root:hotline-bot:640 ]] || fail "hotline.toml owner/mode"
[[ $(in_root stat -c %U:%G:%a /etc/hotline-bot/secrets.env) == root:root:600 ]] || fail "secrets.env owner/mode"
in_root hotline-bot check-config --config /etc/hotline-bot/hotline.toml
[[ $(in_root dpkg-query -W -f='${Conffiles}' hotline-bot | grep -c /etc/hotline-bot/) -eq 2 ]] || fail "conffiles"

step "upgrade to revision 2 keeps the administrator's edits"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -i "s/^listen = .*/listen = \"127.0.0.1:$port\"/" "$root/etc/hotline-bot/hotline.toml"
echo '# edited by the county administrator' >>"$root/etc/hotline-bot/hotline.toml"
echo '# a unit added by the county administrator' >>"$root/etc/hotline-bot/directory.toml"
in_root dpkg -i "/tmp/$(basename "$deb2")" >"$work/upgrade.log" 2>&1 || { cat "$work/upgrade.log"; fail "dpkg -i of revision 2"; }
status=$(in_root dpkg-query -W -f='${Status} ${Version}' hotline-bot)
[[ "$status" == "install ok installed 0.1.0-2" ]] || fail "after upgrade: $status"
grep -q '^# edited by the county administrator' "$root/etc/hotline-bot/hotline.toml" || fail "the upgrade overwrote hotline.toml"
grep -q "^listen = \"127.0.0.1:$port\"" "$root/etc/hotline-bot/hotline.toml" || fail "the upgrade overwrote hotline.toml"
grep -q '^# a unit added' "$root/etc/hotline-bot/directory.toml" || fail "the upgrade overwrote directory.toml"

step "systemd-analyze verify and security"
in_root apt-get install -y -q --no-install-recommends systemd >"$work/systemd.log" 2>&1 || { tail -20 "$work/systemd.log"; fail "installing systemd"; }
in_root systemd-analyze verify /lib/systemd/system/hotline-bot.service /lib/systemd/system/hotline-bot-backup.service \
  /lib/systemd/system/hotline-bot-backup.timer || fail "systemd-analyze verify"
exposure=$(in_root systemd-analyze security --offline=true /lib/systemd/system/hotline-bot.service 2>&1 |
           sed -n 's/.*Overall exposure level for hotline-bot.service: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security: exposure $exposure (goal <= 2.0)"
python3 -c "import sys; sys.exit(0 if float('$exposure') <= 2.0 else 1)" || fail "exposure $exposure > 2.0"

step "the unit's ExecStart as the unit's User answers /healthz"
unit="$root/lib/systemd/system/hotline-bot.service"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
user=$(sed -n 's/^User=//p' "$unit")
group=$(sed -n 's/^Group=//p' "$unit")
echo "ExecStart=$exec_start as $user:$group"
# shellcheck disable=SC2086 # ExecStart is a command line
chroot --userspec="$user:$group" "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/var/lib/hotline-bot \
  $exec_start >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log"; fail "the service exited"; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" || { cat "$work/service.log"; fail "/healthz does not answer"; }
[[ $(in_root stat -c %U /var/lib/hotline-bot/hotline.db) == "$user" ]] || fail "the store is not the service user's"
kill -TERM "$service_pid"
wait "$service_pid" || { cat "$work/service.log"; fail "the service did not stop cleanly"; }
service_pid=
grep -q "stopped cleanly" "$work/service.log" || fail "no clean stop in the log"

step "passed"
