/* Incremental search of a logbuf: the sorted numbers of the lines that match, scanned in slices. */
#ifndef DPJOBS_MODEL_LOGSEARCH_H
#define DPJOBS_MODEL_LOGSEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/logbuf.h"

/*
 * A pattern is a POSIX extended regex or a literal string. Smart case, as
 * less -i: a pattern with no upper-case letter matches case-insensitively;
 * one upper-case letter makes it case-sensitive. A line matches when the
 * pattern matches inside it (the line as logbuf_line() returns it: without
 * '\n' and trailing '\r'); patterns never match across lines.
 *
 * Speed: whole blocks are scanned for a literal (memmem, or memchr on its
 * rarest byte when case-insensitive), and only a hit is mapped to its line.
 * A regex is prefiltered with the longest literal that every match must
 * contain, and regexec() runs only on lines holding it; a regex with no
 * such literal (e.g. "a|b", "[0-9]+") runs regexec() on every line.
 *
 * Progress: logsearch_step() scans a slice, so the UI runs it from its loop
 * with a budget, shows logsearch_progress() and cancels by freeing the
 * search. Only lines ended by '\n' are committed; a partial last line is
 * looked at each time the scan reaches the end, and counts as matching
 * or not until more bytes arrive. Bytes appended later are scanned by
 * further steps (logsearch_extend() does it at once for small appends).
 *
 * The search reads the logbuf it was given; it must not outlive it, and
 * logbuf_clear() on it requires a new search.
 */

enum logsearch_kind {
	LOGSEARCH_REGEX,
	LOGSEARCH_LITERAL,
};

struct logsearch;

/* Returns a new search of lb for pattern (nothing scanned yet); caller frees
 * with logsearch_free(). NULL for an empty pattern or an invalid regex, with
 * a message in err (errlen bytes, NUL-terminated). */
struct logsearch *logsearch_new(struct logbuf *lb, const char *pattern, enum logsearch_kind kind,
                                char *err, size_t errlen);
void logsearch_free(struct logsearch *s);
/* Scans at most about byte_budget more bytes (whole lines: at least one
 * line) and returns true when the scan has reached the end of the log as
 * it is now. Cheap to call when already done. */
bool logsearch_step(struct logsearch *s, uint64_t byte_budget);
/* Call after appending to the logbuf: if the scan had reached the end, the
 * new bytes are scanned at once (appends are page-sized). Returns the number
 * of newly matching lines. */
size_t logsearch_extend(struct logsearch *s);
/* Bytes scanned and bytes in the log, for a progress indicator. */
void logsearch_progress(const struct logsearch *s, uint64_t *done, uint64_t *total);
bool logsearch_done(const struct logsearch *s);

/* Lines scanned so far (0 .. logbuf_lines()): matches and non-matches are
 * known for lines below this. */
size_t logsearch_lines_scanned(const struct logsearch *s);
/* Matching lines found so far, and the k-th of them (ascending), for the
 * `&` filter view. */
size_t logsearch_count(const struct logsearch *s);
size_t logsearch_match(const struct logsearch *s, size_t k);
/* Whether line i is known to match. */
bool logsearch_is_match(const struct logsearch *s, size_t line);
/* Scanned lines that do NOT match, and the k-th of them, for `&!`. */
size_t logsearch_inverse_count(const struct logsearch *s);
size_t logsearch_inverse_line(const struct logsearch *s, size_t k);
/* Index k of the first match at or after line (logsearch_count() if none):
 * to find the filter-view row of a line. */
size_t logsearch_match_index(const struct logsearch *s, size_t line);
/* The nearest matching line strictly after (forward) or before from_line,
 * into *line; false if there is none (among the lines scanned so far).
 * No wrap-around: the caller decides whether to wrap. */
bool logsearch_next_match(const struct logsearch *s, size_t from_line, bool forward, size_t *line);
/* Calls cb(ctx, start, end) for every match in text[0..len) (byte offsets,
 * end exclusive, non-overlapping, non-empty, left to right): for
 * highlighting a drawn line. Returns the number of matches. */
size_t logsearch_line_matches(struct logsearch *s, const char *text, size_t len,
                              void (*cb)(void *ctx, size_t start, size_t end), void *ctx);
/* The pattern as given. Borrowed. */
const char *logsearch_pattern(const struct logsearch *s);

#endif
