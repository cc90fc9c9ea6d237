#!/usr/bin/env bash
# Records two IPsec VPN failures with strongSwan's charon between two network namespaces that this
# script creates (a veth pair, private addresses that exist only inside the namespaces):
#
#   ikev2-no-proposal-chosen.pcap  the initiator proposes AES-128/SHA-256/MODP-2048, the responder
#                                  accepts only AES-256/SHA-384/MODP-3072: IKE_SA_INIT answered with
#                                  the NO_PROPOSAL_CHOSEN notify.
#   esp-one-way.pcap               IKE succeeds, a transport-mode ESP SA carries UDP from A to B, and
#                                  a firewall (nft, in B) drops IP protocol 50 on the way back: ESP
#                                  leaves A and never returns.
#
# tcpdump captures on A's side of the veth. Traffic never leaves the namespaces. Everything the
# script creates (namespaces, processes, temp files) is removed on exit, also on failure.
#
# Usage: scripts/record-vpn-failures.sh [OUTDIR]     (default: test/fixtures/vpn)
# Needs: root, ip (iproute2), nft, tcpdump, /usr/lib/ipsec/charon (strongswan-charon), swanctl
# (strongswan-swanctl). Exit 77 when network namespaces cannot be created here (tests skip then).
set -euo pipefail

OUT=${1:-test/fixtures/vpn}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CHARON=/usr/lib/ipsec/charon
for tool in ip nft tcpdump swanctl unshare; do
  command -v "$tool" >/dev/null || { echo "record-vpn-failures: $tool is missing (scripts/install-peers.sh)" >&2; exit 2; }
done
[ -x "$CHARON" ] || { echo "record-vpn-failures: $CHARON is missing (apt-get install strongswan-charon)" >&2; exit 2; }

TAG="nd$$"
NS_A="$TAG-a"
NS_B="$TAG-b"
WORK=$(mktemp -d /tmp/nd-vpn.XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 0.3
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  ip netns pids "$NS_A" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns pids "$NS_B" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$NS_A" 2>/dev/null || true
  ip netns del "$NS_B" 2>/dev/null || true
  [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

if ! ip netns add "$NS_A" 2>/dev/null; then
  echo "record-vpn-failures: cannot create network namespaces here (needs root and CAP_SYS_ADMIN)" >&2
  exit 77
fi
ip netns add "$NS_B"
ip link add "$TAG-va" type veth peer name "$TAG-vb"
ip link set "$TAG-va" netns "$NS_A"
ip link set "$TAG-vb" netns "$NS_B"
ip -n "$NS_A" addr add 10.99.0.1/24 dev "$TAG-va"
ip -n "$NS_B" addr add 10.99.0.2/24 dev "$TAG-vb"
for ns in "$NS_A" "$NS_B"; do ip -n "$ns" link set lo up; done
# Each side's office LAN, behind the VPN gateway: 10.98.1.0/24 at A, 10.98.2.0/24 at B.
ip -n "$NS_A" addr add 10.98.1.1/32 dev lo
ip -n "$NS_B" addr add 10.98.2.1/32 dev lo
ip -n "$NS_A" link set "$TAG-va" up
ip -n "$NS_B" link set "$TAG-vb" up

# charon's config: only the plugins it needs, no LAN bypass (the peers share a subnet), no MOBIKE
# (keeps IKE on UDP 500 and ESP as IP protocol 50).
cat >"$WORK/strongswan.conf" <<'EOF'
charon {
  load = random nonce aes sha1 sha2 hmac gmp kdf pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici
  port = 500
  port_nat_t = 4500
  retransmit_tries = 2
  retransmit_timeout = 1.0
  filelog { stderr { default = 1 } }
}
EOF

# side NAME ADDR PEER IKE-PROPOSAL: one swanctl.conf
side_conf() {
  local name=$1 addr=$2 peer=$3 proposal=$4
  cat <<EOF
connections {
  office {
    version = 2
    mobike = no
    encap = yes
    local_addrs = $addr
    remote_addrs = $peer
    proposals = $proposal
    local { auth = psk
            id = $name.vpn.test }
    remote { auth = psk
             id = $([ "$name" = a ] && echo b || echo a).vpn.test }
    children {
      office {
        local_ts = $([ "$name" = a ] && echo 10.98.1.0/24 || echo 10.98.2.0/24)
        remote_ts = $([ "$name" = a ] && echo 10.98.2.0/24 || echo 10.98.1.0/24)
        mode = tunnel
        esp_proposals = aes128-sha256
        start_action = none
      }
    }
  }
}
secrets {
  ike-office {
    id-a = a.vpn.test
    id-b = b.vpn.test
    secret = "netdoctor-test-only"
  }
}
EOF
}

# run_charon NS NAME: charon in the namespace with a private /run (its pid file and vici socket)
run_charon() {
  local ns=$1 name=$2
  mkdir -p "$WORK/run-$name"
  ip netns exec "$ns" unshare -m sh -c "mount --bind '$WORK/run-$name' /run && STRONGSWAN_CONF='$WORK/strongswan.conf' exec $CHARON" \
    >"$WORK/charon-$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 50); do [ -S "$WORK/run-$name/charon.vici" ] && return 0; sleep 0.1; done
  echo "record-vpn-failures: charon ($name) did not start; its log:" >&2
  cat "$WORK/charon-$name.log" >&2
  exit 2
}

swan() { # swan NAME COMMAND ARGS…: swanctl against that side's charon
  local name=$1 command=$2
  shift 2
  swanctl "$command" --uri "unix://$WORK/run-$name/charon.vici" "$@"
}

record() { # record FILE: tcpdump on A's veth until stop_record
  ip netns exec "$NS_A" tcpdump -i "$TAG-va" --immediate-mode -U -s 0 -w "$1" 'udp port 500 or udp port 4500 or ip proto 50' \
    >"$WORK/tcpdump.log" 2>&1 &
  TCPDUMP=$!
  PIDS+=("$TCPDUMP")
  for _ in $(seq 50); do grep -q listening "$WORK/tcpdump.log" 2>/dev/null && return 0; sleep 0.1; done
}

stop_record() {
  sleep 1
  kill -INT "$TCPDUMP"
  wait "$TCPDUMP" 2>/dev/null || true
}

stop_charons() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
  rm -f "$WORK"/run-*/charon.vici "$WORK"/run-*/charon.pid
}

# (a) NO_PROPOSAL_CHOSEN
side_conf a 10.99.0.1 10.99.0.2 aes128-sha256-modp2048 >"$WORK/a.conf"
side_conf b 10.99.0.2 10.99.0.1 aes256-sha384-modp3072 >"$WORK/b.conf"
run_charon "$NS_A" a
run_charon "$NS_B" b
swan a --load-all --file "$WORK/a.conf" >/dev/null
swan b --load-all --file "$WORK/b.conf" >/dev/null
record "$OUT/ikev2-no-proposal-chosen.pcap"
swan a --initiate --ike office --timeout 5 >"$WORK/initiate-a.log" 2>&1 || true
stop_record
stop_charons
grep -q NO_PROPOSAL_CHOSEN "$WORK/initiate-a.log" || {
  echo "record-vpn-failures: expected NO_PROPOSAL_CHOSEN; initiator said:" >&2
  cat "$WORK/initiate-a.log" >&2
  exit 1
}

# (b) ESP dropped one way: same proposals, then B's firewall drops outgoing ESP.
side_conf a 10.99.0.1 10.99.0.2 aes128-sha256-modp2048 >"$WORK/a.conf"
side_conf b 10.99.0.2 10.99.0.1 aes128-sha256-modp2048 >"$WORK/b.conf"
run_charon "$NS_A" a
run_charon "$NS_B" b
swan a --load-all --file "$WORK/a.conf" >/dev/null
swan b --load-all --file "$WORK/b.conf" >/dev/null
# ESP in UDP 4500 (RFC 3948): a non-zero first word (the SPI); zero marks IKE, which passes.
ip netns exec "$NS_B" nft -f - <<'EOF'
table inet nd_vpn_test {
  chain out {
    type filter hook output priority 0; policy accept;
    meta l4proto esp drop
    udp sport 4500 @th,64,32 != 0 drop
  }
}
EOF
record "$OUT/esp-one-way.pcap"
swan a --initiate --child office --timeout 10 >"$WORK/initiate-b.log" 2>&1 || {
  echo "record-vpn-failures: the IPsec SA did not come up:" >&2
  cat "$WORK/initiate-b.log" >&2
  exit 1
}
# Five UDP datagrams from A's LAN to B's (discard port) go through the tunnel: B answers each with
# ICMP port unreachable, which IPsec wraps in ESP, which B's firewall drops.
for i in 1 2 3 4 5; do
  ip netns exec "$NS_A" bash -c "echo 'netdoctor probe $i' >/dev/udp/10.98.2.1/9" || true
  sleep 0.3
done
stop_record
stop_charons
echo "record-vpn-failures: wrote $OUT/ikev2-no-proposal-chosen.pcap and $OUT/esp-one-way.pcap"
