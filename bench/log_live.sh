#!/bin/sh
# Benchmark: a driver log growing at 20 MiB/s (dpjobs-sim --firehose) followed for 60 s
# in the TUI's zoomed log pane, in a private tmux server: the CPU share dpjobs used
# (utime+stime from /proc/PID/stat over the window) and the lag from append to screen,
# sampled every second as the wall clock minus the newest "yyyy-MM-dd HH:mm:ss,SSS"
# stamp on the screen (the firehose stamps a line with the time it was due). Reference:
# `tail -f` of a file that a writer loop grows at the same rate with the same lines,
# stamped as they are written, in a pane of the same size. Goals: under 10 % of a core;
# lag below the log poll interval (1 s) + 100 ms.
. "$(dirname "$0")/lib.sh"
rate=${BENCH_LOG_MIBPS:-20}
secs=${BENCH_LIVE_SECS:-60}
size=${BENCH_SIZE:-50x200}
rows=${size%x*}
cols=${size#*x}
hz=$(getconf CLK_TCK)
sock="$BENCH_TMP/tmux"
tmx() { tmux -S "$sock" -f /dev/null "$@"; }
bench_cleanup="$bench_cleanup tmux -S '$sock' kill-server 2>/dev/null || :;"
unset TMUX TMUX_PANE
command -v tmux >/dev/null || { echo "bench: tmux is not installed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench: python3 is not installed" >&2; exit 1; }

# ticks PID: utime+stime of PID in clock ticks.
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# newest_stamp_ms: the newest firehose stamp on the pane, in Unix ms (empty if none).
newest_stamp_ms() {
	_s=$(tmx capture-pane -p -t w:0.0 | grep -o '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9:]*,[0-9][0-9][0-9]' |
		sort | tail -n 1)
	[ -n "$_s" ] && date -u -d "$(echo "$_s" | tr , .)" +%s%3N
}
# follow LABEL PID: samples the lag every second for secs seconds, then prints the CPU
# share of PID over the window and the lag figures.
follow() {
	_label=$1 _pid=$2
	: >"$BENCH_TMP/lag"
	_t0=$(date +%s%N)
	_c0=$(ticks "$_pid")
	_i=0
	while [ $_i -lt "$secs" ]; do
		sleep 1
		_st=$(newest_stamp_ms)
		_now=$(date +%s%3N)
		[ -n "$_st" ] && echo $((_now - _st)) >>"$BENCH_TMP/lag"
		_i=$((_i + 1))
	done
	_c1=$(ticks "$_pid")
	_t1=$(date +%s%N)
	awk -v l="$_label" -v c=$((_c1 - _c0)) -v hz="$hz" -v a="$_t0" -v b="$_t1" 'BEGIN {
		w = (b - a) / 1e9
		printf "%-44s %6.2f %% of a core (%d ticks in %.1f s)\n", l ", CPU", 100 * c / hz / w, c, w }'
	stats "$_label, lag append to screen" ms <"$BENCH_TMP/lag"
	awk -v l="$_label" '{ if ($1 > 1100) n++ } END { printf "%-44s %d of %d samples over 1100 ms\n", l ", lag", n, NR }' "$BENCH_TMP/lag"
}

echo "live log: ${rate} MiB/s for ${secs} s, terminal $size (tmux), $(nproc) cores"
bench_sim --folder-id b1gbench0folder000000 --clusters 1 --jobs 0 --seed 7 --firehose "$rate"
cluster=$(bench_cluster)
job=$("$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$cluster" --format json list |
	sed -n 's/^ *"id": "\([a-z0-9]*\)".*/\1/p' | head -n 1)

# ---- dpjobs ---------------------------------------------------------------------------------
tmx start-server \; set -g default-terminal screen-256color \; set -g status off \; \
	set -g history-limit 0 \; new-session -d -s w -x "$cols" -y "$rows" \
	"exec env HOME='$BENCH_TMP' XDG_CONFIG_HOME='$BENCH_TMP/.config' '$DPJOBS' --endpoint '$SIM_ADDR' --plaintext --cluster-id '$cluster' --refresh 3600 2>'$BENCH_TMP/tui.err'"
pid=$(tmx display -p -t w:0.0 '#{pane_pid}')
sleep 1
tmx send-keys -t w:0.0 3 z
# Let it catch up with what came before it opened.
sleep 3
follow "dpjobs (TUI) following" "$pid"
rss=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
echo "dpjobs peak RSS after $((secs + 4)) s: $((rss / 1024)) MiB (log so far: $(( (secs + 4) * rate )) MiB)"
tmx kill-server 2>/dev/null || :

# ---- tail -f ------------------------------------------------------------------------------------
# The writer: the firehose's own lines, restamped with the wall clock as written, at the
# same rate in slices of 10 ms.
"$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$cluster" log "$job" | head -c 4194304 |
	sed '$d' | cut -c24- >"$BENCH_TMP/lines"
: >"$BENCH_TMP/grow.log"
python3 - "$BENCH_TMP/lines" "$BENCH_TMP/grow.log" "$rate" "$((secs + 10))" <<'EOF' &
import sys, time
lines = open(sys.argv[1], "rb").read().splitlines(keepends=True)
out = open(sys.argv[2], "ab", buffering=0)
rate = float(sys.argv[3]) * 1048576
end = time.time() + float(sys.argv[4])
t0 = time.time()
written = 0
i = 0
while time.time() < end:
    now = time.time()
    due = int((now - t0) * rate)
    if written < due:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now)).encode() + b",%03d" % int(now * 1000 % 1000)
        chunk = []
        n = 0
        while written + n < due:
            chunk.append(stamp)
            chunk.append(lines[i])
            n += 23 + len(lines[i])
            i = (i + 1) % len(lines)
        out.write(b"".join(chunk))
        written += n
    time.sleep(0.01)
EOF
writer=$!
bench_cleanup="$bench_cleanup kill $writer 2>/dev/null || :;"
tmx start-server \; set -g default-terminal screen-256color \; set -g status off \; \
	set -g history-limit 0 \; new-session -d -s w -x "$cols" -y "$rows" \
	"exec tail -n 0 -f '$BENCH_TMP/grow.log'"
tpid=$(tmx display -p -t w:0.0 '#{pane_pid}')
sleep 4
follow "reference: tail -f into a tmux pane" "$tpid"
tmx kill-server 2>/dev/null || :
kill $writer 2>/dev/null || :
wait $writer 2>/dev/null || :
