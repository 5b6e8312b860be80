#!/usr/bin/env bash
# Installs the Debian packages runwarden's tests and sandbox use, idempotently.
# Already installed → does nothing (no apt-get update). Missing and not root → prints exactly what is
# missing and how to install it, exits 1.
set -euo pipefail

# package → a file that proves it is installed
declare -A probe=(
  [prometheus]=/usr/bin/prometheus
  [ansible-core]=/usr/bin/ansible-inventory
  [ansible-lint]=/usr/bin/ansible-lint
  [postgresql]=/usr/lib/postgresql
  [openssh-server]=/usr/sbin/sshd
  [openssh-client]=/usr/bin/ssh
  [iproute2]=/usr/sbin/ip
  [ca-certificates]=/etc/ssl/certs/ca-certificates.crt
  [openssl]=/usr/bin/openssl
)

missing=()
for package in "${!probe[@]}"; do
  if [ ! -e "${probe[$package]}" ] || ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${!probe[*]})"
  exit 0
fi

IFS=$'\n' sorted=($(sort <<<"${missing[*]}")); unset IFS
echo "system packages missing: ${sorted[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "cannot install them: not root. Run as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${sorted[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "cannot install them: apt-get not found (runwarden's setup expects Debian 12 or a derivative)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Debian's postinst scripts must not start services on install; tests start what they need.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends "${sorted[@]}" >/dev/null
echo "system packages: installed ${sorted[*]}"
