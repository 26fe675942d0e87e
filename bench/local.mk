# bench: figures beside a reference tool, never pass/fail (run by hand: see bench/README.md).
EXTRA_DIST += bench/README.md bench/lib.sh bench/list.sh bench/log.sh
