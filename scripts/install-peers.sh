#!/usr/bin/env bash
# Installs the real peers netdoctor's tests talk to, from Debian's packages, when they are missing.
# Idempotent: a machine that already has every tool installs nothing and touches no network.
set -euo pipefail

# tool on PATH (or file) -> Debian package that provides it
declare -A PEERS=(
  [named]=bind9
  [named-checkzone]=bind9-utils
  [dig]=bind9-dnsutils
  [tshark]=tshark
  [tcpdump]=tcpdump
  [nmap]=nmap
  [dmarc-cat]=dmarc-cat
  [procmail]=procmail
  [openssl]=openssl
  [postfix]=postfix
  [ip]=iproute2
  [ss]=iproute2
  [ndiff]=ndiff
  [xsltproc]=xsltproc
  [xmllint]=libxml2-utils
  [swanctl]=strongswan-swanctl
  [/usr/lib/ipsec/charon]=strongswan-charon
  [/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so]=libcharon-extra-plugins
  [nft]=nftables
  [/usr/bin/time]=time
  [curl]=curl
  # LAN inventory: the DHCP servers and ARP watcher whose configs it generates, the IEEE registries
  [dhcpd]=isc-dhcp-server
  [kea-dhcp4]=kea-dhcp4-server
  [dnsmasq]=dnsmasq-base
  [arpwatch]=arpwatch
  [busybox]=busybox
  [/usr/share/ieee-data/oui.csv]=ieee-data
  # mail log, firewall/WAF/syslog
  [pflogsumm]=pflogsumm
  [/lib/systemd/systemd-journal-remote]=systemd-journal-remote
  [apache2]=apache2
  [/usr/lib/apache2/modules/mod_security2.so]=libapache2-mod-security2
  [/usr/share/modsecurity-crs]=modsecurity-crs
  [iptables]=iptables
  [/usr/include/modsecurity/modsecurity.h]=libmodsecurity-dev
  [gcc]=gcc
  # monitor, zone doctor, store, dashboard
  [/usr/lib/nagios/plugins/check_http]=monitoring-plugins
  [/usr/sbin/dovecot]=dovecot-imapd
  [/usr/lib/dovecot/pop3]=dovecot-pop3d
  [zonemaster-cli]=zonemaster-cli
  [/usr/lib/postgresql/15/bin/postgres]=postgresql
  [chromium]=chromium
  # DKIM keys: a real signer (opendkim -t) and key tester (opendkim-testkey)
  [opendkim]=opendkim
  [opendkim-testkey]=opendkim-tools
  # Japanese glyphs for the HTML reports opened in Chromium (doctor, dashboard)
  [/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf]=fonts-ipafont-gothic
)

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ] || [[ $1 == /* && -e $1 ]]; }

missing=()
for tool in "${!PEERS[@]}"; do
  have "$tool" || missing+=("${PEERS[$tool]}")
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-peers: missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi

echo "install-peers: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Postfix and Wireshark ask questions on install; answer them up front.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
# Tests start every service themselves, on loopback ports of their own: keep the packages' init
# scripts from starting system-wide daemons (dnsmasq, apache2, postgresql …) during the install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
