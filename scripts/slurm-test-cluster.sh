#!/usr/bin/env bash
# A real single-node SLURM cluster on this machine, for the SLURM backend's tests and for trying
# `eval --slurm` without a cluster. Needs root and Debian's slurm-wlm + munge:
#   apt-get install -y slurm-wlm munge
# Usage: scripts/slurm-test-cluster.sh start|stop|status
# State (config, logs, spool) lives under $SLURM_TEST_DIR (default /tmp/vlm-workbench-slurm).
set -euo pipefail
# The daemons (slurmctld, slurmd, munged) live in /usr/sbin, which a plain PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

STATE_DIR="${SLURM_TEST_DIR:-/tmp/vlm-workbench-slurm}"
CONF_DIR=/etc/slurm
PARTITION="${SLURM_TEST_PARTITION:-debug}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "slurm-test-cluster: $1 not found (apt-get install -y slurm-wlm munge)" >&2; exit 3; }; }

write_config() {
  local host cpus
  host="$(hostname -s)"
  cpus="$(nproc)"
  mkdir -p "$CONF_DIR" "$STATE_DIR/ctld" "$STATE_DIR/d" "$STATE_DIR/log"
  chown -R slurm:slurm "$STATE_DIR/ctld" 2>/dev/null || true
  cat >"$CONF_DIR/slurm.conf" <<CONF
# Written by scripts/slurm-test-cluster.sh: one node, one partition, no accounting.
ClusterName=workbench-test
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
StateSaveLocation=$STATE_DIR/ctld
SlurmdSpoolDir=$STATE_DIR/d
SlurmctldPidFile=$STATE_DIR/slurmctld.pid
SlurmdPidFile=$STATE_DIR/slurmd.pid
SlurmctldLogFile=$STATE_DIR/log/slurmctld.log
SlurmdLogFile=$STATE_DIR/log/slurmd.log
# Short waits so time limits and cancellations show quickly in tests.
KillWait=5
MinJobAge=600
InactiveLimit=0
OverTimeLimit=0
MessageTimeout=10
NodeName=$host CPUs=$cpus RealMemory=1024 State=UNKNOWN
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:8
CONF
}

ensure_munge_key() {
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    if command -v mungekey >/dev/null 2>&1; then mungekey --create --force >/dev/null
    else dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; fi
  fi
  chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
}

node_state() { sinfo -h -N -o '%T' 2>/dev/null | head -1; }

start() {
  need slurmctld; need slurmd; need munged; need sinfo
  [ "$(id -u)" = 0 ] || { echo "slurm-test-cluster: must run as root" >&2; exit 4; }
  write_config
  ensure_munge_key
  if ! pgrep -x munged >/dev/null; then
    if id munge >/dev/null 2>&1; then su -s /bin/sh munge -c 'munged' ; else munged --force; fi
  fi
  [ -f "$STATE_DIR/slurmctld.pid" ] && kill -0 "$(cat "$STATE_DIR/slurmctld.pid")" 2>/dev/null || slurmctld -c 2>>"$STATE_DIR/log/start.err"
  [ -f "$STATE_DIR/slurmd.pid" ] && kill -0 "$(cat "$STATE_DIR/slurmd.pid")" 2>/dev/null || slurmd -c 2>>"$STATE_DIR/log/start.err"
  for _ in $(seq 1 60); do
    case "$(node_state)" in
      idle|mixed|allocated) echo "slurm-test-cluster: node $(hostname -s) $(node_state), partition $PARTITION"; return 0 ;;
      down*|drain*) scontrol update nodename="$(hostname -s)" state=resume 2>/dev/null || true ;;
    esac
    sleep 0.5
  done
  echo "slurm-test-cluster: the node did not become idle; logs in $STATE_DIR/log" >&2
  tail -n 20 "$STATE_DIR/log/slurmctld.log" "$STATE_DIR/log/slurmd.log" >&2 || true
  exit 5
}

stop_pidfile() {
  local file="$1"
  [ -f "$file" ] || return 0
  local pid; pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop() {
  # Every job goes first, so no allocation outlives the cluster.
  command -v scancel >/dev/null 2>&1 && scancel --full --user="$(id -un)" 2>/dev/null || true
  stop_pidfile "$STATE_DIR/slurmd.pid"
  stop_pidfile "$STATE_DIR/slurmctld.pid"
  echo "slurm-test-cluster: stopped (munged left running: other users of munge may need it)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) sinfo; squeue ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
