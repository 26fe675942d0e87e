#!/bin/bash
# Benchmark (issue 4, bench item 1): a 1 GiB log served by dpjobs-sim --big-log over
# loopback, opened in the TUI. The TUI runs in a private tmux server with
# DPJOBS_IDLE_FILE set; the big-log job is selected by typing `/big-log` in the list.
# Figures:
#   - first log lines on screen: from the `/big-log` key write to the first screen
#     capture showing a log line (screen polled with capture-pane, ~3 ms apart);
#   - end shown: until "receiving the log" has gone from the pane and the file's last
#     line is on screen (polled every 20 ms), i.e. the effective transfer rate;
#   - peak RSS of dpjobs: VmHWM from /proc/PID/status once loaded and at the end;
#   - `g` (top) and `G` (end) in the focused log pane: from the tmux send-keys call to
#     the next idle mark (the send-keys client itself is included: see `no-op key`),
#     then a screen check that the first / last line is shown.
# References on the same bytes (saved with `dpjobs log JOB > file`): `less +G file` in a
# window of the same size of the same tmux server (from the start of the tmux call to
# "(END)" with the last line on screen; VmHWM of less), `g` and `G` in less (key to the
# screen showing the first / last line, polled), and `dpjobs log JOB | wc -c`.
# Goals: RSS under 100 MiB; first lines within 200 ms; at least 200 MiB/s; jumps < 100 ms.
# BENCH_LOG_MIB (1024), BENCH_SIZE (50x200) and BENCH_RUNS (3 key presses each) change it.
. "$(dirname "$0")/lib.sh"
mib=${BENCH_LOG_MIB:-1024}
size=${BENCH_SIZE:-50x200}
runs=${BENCH_RUNS:-3}
rows=${size%x*} cols=${size#*x}
bytes=$((mib * 1048576))

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)).$(printf %03d $((t % 1000))); }
now_us() { echo "${EPOCHREALTIME/./}"; }
ms_since() { awk -v a="$1" -v b="$(now_us)" 'BEGIN { printf "%.1f\n", (b - a) / 1000 }'; }

bench_sim --folder-id b1gbench0folder000000 --clusters 1 --jobs 5 --seed 7 --speed 1000 --big-log "$mib"
cluster=$(bench_cluster)
bench_wait_finished "$cluster"
dp() { "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$cluster" "$@"; }
job=$(dp list | awk '$2 == "big-log" { print $1 }')
[ -n "$job" ] || { echo "bench: no big-log job" >&2; exit 1; }
echo "1 GiB log in the TUI: --big-log $mib ($bytes bytes), terminal $size, $(nproc) cores, job $job"

# The same bytes in a file, and the CLI transfer rates for reference.
logfile=$BENCH_TMP/big.log
measure "dpjobs log > file (reference)" "$bytes" "$logfile" "$DPJOBS" --endpoint "$SIM_ADDR" \
	--plaintext --cluster-id "$cluster" log "$job"
measure "dpjobs log | wc -c (reference)" "$bytes" /dev/null sh -c \
	"\"\$0\" --endpoint $SIM_ADDR --plaintext --cluster-id $cluster log $job | wc -c" "$DPJOBS"
[ "$(stat -c %s "$logfile")" -eq "$bytes" ] || { echo "bench: saved log is not $bytes bytes" >&2; exit 1; }
first=$(head -n 1 "$logfile" | cut -c 1-60)
last=$(tail -n 1 "$logfile" | cut -c 1-60)

tm() { tmux -L "dpjobs-b1g-$$" -f /dev/null "$@"; }
bench_cleanup="tmux -L dpjobs-b1g-$$ kill-server 2>/dev/null || true;"
idle=$BENCH_TMP/idle
: >"$idle"
mark() { local w n; read -r w n <"$idle" 2>/dev/null || n=0; echo "${n:-0}"; }
# wait_mark N SECS: waits until the idle counter is above N.
wait_mark() {
	local end=$(( $(now_us) + $2 * 1000000 ))
	while [ "$(mark)" -le "$1" ]; do
		[ "$(now_us)" -lt $end ] || { echo "bench: no idle mark within $2 s" >&2; return 1; }
	done
}
screen() { tm capture-pane -p -t "$1"; }
# wait_screen TARGET SLEEP SECS CMD...: polls the screen until CMD (reading it) succeeds.
wait_screen() {
	local t=$1 s=$2 end=$(( $(now_us) + $3 * 1000000 ))
	shift 3
	until screen "$t" | "$@"; do
		[ "$(now_us)" -lt $end ] || { echo "bench: screen check timed out" >&2; return 1; }
		[ "$s" = 0 ] || sleep "$s"
	done
}
has() { grep -qF -- "$1"; }
vm() { awk -v k="$2:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

export TERM=xterm-256color
tm new-session -d -s b -x "$cols" -y "$rows" "exec env HOME=$BENCH_TMP DPJOBS_IDLE_FILE=$idle \
	$DPJOBS --endpoint $SIM_ADDR --plaintext --cluster-id $cluster --refresh 3600"
pid=$(tm display -p -t b '#{pane_pid}')
wait_mark 0 30
sleep 0.5
m=$(mark)

# Select the job: `/big-log` as one write (the filter applies as it is typed), Enter.
t0=$(now_us)
tm send-keys -t b -l /big-log
tm send-keys -t b Enter
wait_screen b 0 30 grep -qE '^.{0,3}[0-9]{2}/[0-9]{2}/[0-9]{2} [0-9:]{8} (INFO|WARN|ERROR|DEBUG) '
t_first=$(ms_since "$t0")
progress=$(screen b | grep -o 'receiving the log: [0-9.,]* [KMG]iB so far' | head -n 1)
complete() { local s; s=$(cat); ! printf %s "$s" | has 'receiving the log' && printf %s "$s" | has "$last"; }
wait_screen b 0.02 600 complete
t_end=$(ms_since "$t0")
title=$(screen b | grep -oiE '[^│─]*(complete|loading)[^│─]*' | head -n 1)
hwm_loaded=$(vm "$pid" VmHWM)
rss_loaded=$(vm "$pid" VmRSS)
wait_mark "$m" 30 || true

# Keys in the focused log pane: 3 focuses it; each key timed to the next idle mark.
m=$(mark); tm send-keys -t b 3; wait_mark "$m" 10
: >"$BENCH_TMP/g" ; : >"$BENCH_TMP/G"; : >"$BENCH_TMP/noop"
i=0
while [ $i -lt "$runs" ]; do
	for k in g G; do
		m=$(mark); t0=$(now_us)
		tm send-keys -t b "$k"
		wait_mark "$m" 10
		ms_since "$t0" >>"$BENCH_TMP/$k"
		want=$first; [ $k = G ] && want=$last
		screen b | has "$want" || echo "bench: after $k the screen does not show: $want" >&2
	done
	# A key that only redraws the focus (3 again) gives the cost of the tmux client.
	m=$(mark); t0=$(now_us); tm send-keys -t b 3; wait_mark "$m" 10 && ms_since "$t0" >>"$BENCH_TMP/noop"
	i=$((i + 1))
done
hwm_end=$(vm "$pid" VmHWM)

# less +G on the same bytes, in a window of the same size: as is (it counts the lines on
# the way to the end) and with -n (no line numbers: it seeks to the end).
endshown() { local s; s=$(cat); case $s in *"(END)"*) ;; *) return 1 ;; esac; printf %s "$s" | has "$last"; }
less_run() { # NAME OPTIONS: sets t_less_end, hwm_less; appends to $BENCH_TMP/NAME.g, .G
	local n=$1 i=0 lpid
	t0=$(now_us)
	tm new-window -t b -n "$n" "exec less $2 +G $logfile"
	wait_screen "b:$n" 0 120 endshown
	t_less_end=$(ms_since "$t0")
	lpid=$(tm display -p -t "b:$n" '#{pane_pid}')
	: >"$BENCH_TMP/$n.g"; : >"$BENCH_TMP/$n.G"
	while [ $i -lt "$runs" ]; do
		t0=$(now_us); tm send-keys -t "b:$n" g; wait_screen "b:$n" 0 60 has "$first"; ms_since "$t0" >>"$BENCH_TMP/$n.g"
		t0=$(now_us); tm send-keys -t "b:$n" G; wait_screen "b:$n" 0 60 endshown; ms_since "$t0" >>"$BENCH_TMP/$n.G"
		i=$((i + 1))
	done
	hwm_less=$(vm "$lpid" VmHWM)
	tm kill-window -t "b:$n"
}
less_run less ""
t_less1=$t_less_end hwm_less1=$hwm_less
less_run lessn -n
t_less2=$t_less_end hwm_less2=$hwm_less
tm kill-server 2>/dev/null || true

rate=$(awk -v b="$bytes" -v t="$t_end" 'BEGIN { printf "%.1f", b / 1048576 / (t / 1000) }')
printf '%-44s %10s ms  (goal < 200 ms); progress then: %s\n' "TUI: select to first log lines" "$(printf %s "$t_first")" "${progress:-none seen}"
printf '%-44s %10s ms  = %s MiB/s  (goal >= 200 MiB/s); title: %s\n' "TUI: select to end shown (log complete)" "$t_end" "$rate" "${title:-?}"
printf '%-44s %10s MiB peak (VmHWM), %s MiB resident  (goal < 100 MiB)\n' "TUI: dpjobs RSS once loaded" "$hwm_loaded" "$rss_loaded"
printf '%-44s %10s MiB peak (VmHWM)\n' "TUI: dpjobs RSS at the end (after the keys)" "$hwm_end"
stats "TUI: g (top), key to idle" ms <"$BENCH_TMP/g"
stats "TUI: G (end), key to idle" ms <"$BENCH_TMP/G"
stats "TUI: no-op key (3), key to idle" ms <"$BENCH_TMP/noop"
printf '%-44s %10s ms, %s MiB peak RSS (VmHWM)\n' "reference: less +G file, start to end shown" "$t_less1" "$hwm_less1"
stats "reference: less g (top), key to screen" ms <"$BENCH_TMP/less.g"
stats "reference: less G (end), key to screen" ms <"$BENCH_TMP/less.G"
printf '%-44s %10s ms, %s MiB peak RSS (VmHWM)\n' "reference: less -n +G file, start to end" "$t_less2" "$hwm_less2"
stats "reference: less -n g (top), key to screen" ms <"$BENCH_TMP/lessn.g"
stats "reference: less -n G (end), key to screen" ms <"$BENCH_TMP/lessn.G"
echo "(issue's reference, by hand: less +G end in 11 ms, 2.5 MiB RSS)"
