#!/bin/sh
# The key table of doc/dpjobs.1, made from ACTION_INFO in src/ui/ui.h so that it cannot drift.
#   man-keys.sh --print         print the roff of the table
#   man-keys.sh --update MAN    rewrite the table between the KEYS markers of MAN
#   man-keys.sh --check MAN     TAP: does MAN hold the table ui.h gives? (also the default
#                               when run by `make check`, with $top_srcdir set)
set -eu
srcdir=${top_srcdir:-$(dirname "$0")/../..}
ui_h=$srcdir/src/ui/ui.h

table() {
	# Join the macro's continued lines, then one action per line.
	sed -n '/^#define ACTION_INFO/,/^$/p' "$ui_h" | sed 's/\\$//' | tr -d '\n' |
	    sed 's/_(/\n_(/g' | sed -n 's/^_(\([A-Z_]*\), *"\([^"]*\)", *"\([^"]*\)", *\([^,]*\), *\(.*\))[ \t]*$/\1|\2|\3|\4|\5/p' |
	    awk -F'|' '
	    function roff(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); return s }
	    {
		h = $5
		# The help may be several C strings in a row.
		gsub(/"[ \t]*"/, "", h); sub(/^[ \t]*"/, "", h); sub(/"[ \t]*$/, "", h)
		pane[NR] = $4; name[NR] = $2; keys[NR] = $3; help[NR] = h; n = NR
	    }
	    END {
		split("-1 PANE_LIST PANE_DETAIL PANE_LOG", order, " ")
		title["-1"] = "Keys everywhere"; title["PANE_LIST"] = "Keys of the job list"
		title["PANE_DETAIL"] = "Keys of the detail pane"; title["PANE_LOG"] = "Keys of the log pane"
		for (o = 1; o <= 4; o++) {
			shown = 0
			for (i = 1; i <= n; i++) {
				if (pane[i] != order[o])
					continue
				if (!shown++)
					printf ".SS \"%s\"\n", title[order[o]]
				printf ".TP\n.B \"%s\"\n%s\n(action \\fB%s\\fP)\n", roff(keys[i]), help[i], roff(name[i])
			}
		}
	    }'
}

case ${1:-} in
--update)
	tmp=$2.tmp
	{
		sed -n '1,/^\.\\" BEGIN KEYS/p' "$2"
		table
		sed -n '/^\.\\" END KEYS/,$p' "$2"
	} > "$tmp"
	mv "$tmp" "$2"
	;;
--check | "")
	man=${2:-$srcdir/doc/dpjobs.1}
	echo "1..1"
	want=$(table)
	have=$(sed -n '/^\.\\" BEGIN KEYS/,/^\.\\" END KEYS/p' "$man" | sed '1d;$d')
	if [ -n "$want" ] && [ "$want" = "$have" ]; then
		echo "ok 1 - the key table of dpjobs.1 matches ACTION_INFO"
	else
		echo "not ok 1 - the key table of dpjobs.1 is stale: run src/ui/man-keys.sh --update doc/dpjobs.1"
	fi
	;;
--print)
	table
	;;
*)
	echo "usage: $0 [--print | --update MAN | --check MAN]" >&2
	exit 2
	;;
esac
