#!/usr/bin/env bash
# Installs the Debian 12 packages hotline-bot needs to build, run and test. Safe to re-run:
# it only calls apt-get when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl
  libboost1.81-dev libssl-dev nlohmann-json3-dev libsqlite3-dev sqlite3
  libpugixml-dev libspdlog-dev libcli11-dev libcpp-httplib-dev libtomlplusplus-dev libutf8proc-dev
  libxlsxwriter-dev libsystemd-dev libarchive-dev libpq-dev libcairo2-dev libpango1.0-dev fonts-wqy-zenhei fonts-noto-cjk poppler-utils
  libgtest-dev libgmock-dev libbenchmark-dev python3-openpyxl
  # the operations tests: promtool (Debian ships it with prometheus), systemd-analyze, and
  # debootstrap + lintian for the package test in a clean Debian root
  prometheus systemd debootstrap lintian
  # the PostgreSQL backend's tests start a throw-away cluster of their own (tests/postgresql/)
  postgresql-15
  clang libclang-rt-14-dev
  # the workbench's browser tests: Debian's headless Chromium, driven by Selenium through its driver
  chromium chromium-driver python3-selenium
)
# The protocol peer tests run npm packages under Node.js; a machine that already has node (from
# any source) keeps it.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (or install sudo)" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# The tests make their own throw-away cluster: the package's default one ("main", started at boot
# on port 5432) is not wanted, so it is not created.
if [[ " ${missing[*]} " == *" postgresql-15 "* && ! -e /etc/postgresql-common/createcluster.d/hotline-bot-tests.conf ]]; then
  "${sudo_cmd[@]}" mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | "${sudo_cmd[@]}" tee /etc/postgresql-common/createcluster.d/hotline-bot-tests.conf >/dev/null
fi
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
# Only promtool is wanted from prometheus: a machine running systemd would have started the server.
if [[ " ${missing[*]} " == *" prometheus "* && -d /run/systemd/system ]]; then
  "${sudo_cmd[@]}" systemctl disable --now prometheus.service >/dev/null 2>&1 || true
fi
