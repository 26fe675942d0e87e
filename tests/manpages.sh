#!/bin/sh
# The man pages render cleanly: mandoc -Tlint reports nothing, and every option
# of `dpjobs --help` and `dpjobs-sim --help` is documented in its page.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
command -v mandoc >/dev/null 2>&1 || skip_all "mandoc is not installed"
pages="dpjobs.1 dpjobs-sim.1 dpjobs-config.5"
plan 5
for p in $pages; do
	is "$(mandoc -Tlint "$top_srcdir/doc/$p" 2>&1)" "" "mandoc -Tlint doc/$p is clean"
done
# options HELP_TEXT: the long options a --help output names.
options() { printf '%s\n' "$1" | grep -oE -- '--[a-z][a-z-]+' | sort -u; }
undocumented() { # PROGRAM PAGE
	_help=$("$1" --help 2>&1)
	for _o in $(options "$_help"); do
		_esc=$(printf '%s' "$_o" | sed 's/-/\\\\-/g')
		grep -q -- "$_esc\|$_o" "$top_srcdir/doc/$2" || printf '%s ' "$_o"
	done
}
is "$(undocumented "$DPJOBS" dpjobs.1)" "" "every option of dpjobs --help is in dpjobs(1)"
is "$(undocumented "$DPJOBS_SIM" dpjobs-sim.1)" "" "every option of dpjobs-sim --help is in dpjobs-sim(1)"
done_testing
