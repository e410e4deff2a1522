#!/bin/bash
# Command agent of a test guest; the initramfs execs it as the guest's first process on the shared root.
# Each line arriving on the virtio-serial port "ctl" is "<id> <seconds> <base64 script>"; the script runs
# under that time limit and the answer is one line "<id> <exit code> <base64 stdout> <base64 stderr>".
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LC_ALL=C.UTF-8
name=$(sed -n 's/.*vmname=\([^ ]*\).*/\1/p' /proc/cmdline)
echo 1 >/proc/sys/kernel/sysrq
# /run must be private to the guest (locks, the CSI socket); Debian's /var/lock points into it.
mount -t tmpfs -o mode=0755 tmpfs /run && mkdir -p /run/lock /run/drbd /run/agent
hostname "$name"
modprobe virtio_console && modprobe virtio_blk && modprobe virtio_net
dev=
for port in /sys/class/virtio-ports/*; do
  [ "$(cat "$port/name")" = ctl ] && dev=/dev/$(basename "$port")
done
if [ -z "$dev" ]; then
  echo "agent: no virtio-serial port named ctl" >&2
  echo o >/proc/sysrq-trigger
fi
exec 3<>"$dev"
echo "agent: $name listening on $dev"
while true; do
  # read fails while the host side is not connected; wait for it instead of spinning
  if IFS=' ' read -r id limit payload <&3; then
    printf '%s' "$payload" | base64 -d >/run/agent/script
    timeout -k 5 "$limit" bash /run/agent/script </dev/null >/run/agent/out 2>/run/agent/err
    rc=$?
    printf '%s %d %s %s\n' "$id" "$rc" "$(base64 -w0 /run/agent/out)" "$(base64 -w0 /run/agent/err)" >&3
  else
    sleep 0.2
  fi
done
