#!/bin/sh
# Benchmark: CPU the terminal UI uses over 60 s idle with auto-refresh on (default 5 s),
# 1,000 jobs, beside htop at its default delay in another window of the same tmux
# session over the same 60 s (utime+stime from /proc/PID/stat before and after, and
# the finer sum of /proc/PID/task/*/schedstat). Twice: every job finished (nothing
# changes), then jobs running (live durations each second, the selected job polled).
# Goal: below htop. htop is installed when missing and root, else its line is skipped.
. "$(dirname "$0")/lib.sh"
jobs=${BENCH_JOBS:-1000}
secs=${BENCH_IDLE_SECS:-60}
hz=$(getconf CLK_TCK)
if ! command -v htop >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	apt-get install -y htop >/dev/null 2>&1 || true
fi
have_htop=false
command -v htop >/dev/null 2>&1 && have_htop=true
sock="dpjobs-bench.$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
bench_cleanup='tmux -L "$sock" kill-server 2>/dev/null || true'

# ticks PID: utime+stime of the process (all threads), in clock ticks.
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
# runns PID: ns on a CPU, summed over the live threads.
runns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f\n", s }'; }

run() { # LABEL SIM-ARGS...
	label=$1
	shift
	bench_sim --folder-id b1gbench0folder000000 --clusters 1 --jobs "$jobs" --seed 7 "$@"
	cluster=$(bench_cluster)
	case "$label" in finished*) bench_wait_finished "$cluster" ;; esac
	idle="$BENCH_TMP/idle.$label"
	: >"$idle"
	mkdir -p "$BENCH_TMP/home"
	tm new-session -d -s bench -x 200 -y 50 -n dpjobs \
		"exec env TERM=tmux-256color LC_ALL=C.UTF-8 GRPC_VERBOSITY=NONE DPJOBS_IDLE_FILE='$idle' '$DPJOBS' --endpoint $SIM_ADDR --plaintext --cluster-id $cluster"
	if $have_htop; then
		tm new-window -d -t bench -n htop "exec env HOME='$BENCH_TMP/home' TERM=tmux-256color htop"
	fi
	dpid=$(tm display-message -p -t bench:dpjobs '#{pane_pid}')
	hpid=
	$have_htop && hpid=$(tm display-message -p -t bench:htop '#{pane_pid}')
	_i=0
	until grep -q '^idle' "$idle" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -lt 600 ] || { echo "bench: the TUI did not go idle" >&2; exit 1; }
		sleep 0.05
	done
	sleep 2 # past the start-up of both
	d0=$(ticks "$dpid") dn0=$(runns "$dpid")
	[ -z "$hpid" ] || { h0=$(ticks "$hpid"); hn0=$(runns "$hpid"); }
	sleep "$secs"
	d1=$(ticks "$dpid") dn1=$(runns "$dpid")
	[ -z "$hpid" ] || { h1=$(ticks "$hpid"); hn1=$(runns "$hpid"); }
	marks=$(sed -n 's/^idle //p' "$idle")
	line "dpjobs, $label" "$d0" "$d1" "$dn0" "$dn1"
	echo "  ($marks idle marks since start: refreshes, ticks and polls that woke it)"
	if [ -n "$hpid" ]; then
		line "reference: htop (default delay), same $secs s" "$h0" "$h1" "$hn0" "$hn1"
	else
		echo "reference: htop skipped (not installed and not root to install it)"
	fi
	tm kill-server 2>/dev/null || true
	for p in $_sims; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done
	_sims=
}

line() { # LABEL TICKS0 TICKS1 NS0 NS1
	awk -v l="$1" -v a="$2" -v b="$3" -v na="$4" -v nb="$5" -v hz="$hz" -v s="$secs" 'BEGIN {
		printf "%-48s %6.3f %% of a core (stat: %d ticks)  %6.3f %% (schedstat)\n", l,
			(b - a) / hz / s * 100, b - a, (nb - na) / 1e9 / s * 100 }'
}

echo "idle CPU over $secs s, $jobs jobs, refresh every 5 s, tmux 200x50, $(nproc) cores"
run "finished jobs" --speed 1000
run "running jobs"
