/* `dpjobs log`: a job's driver log as raw bytes on stdout, optionally followed until the job ends.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/logfollow.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

/* The largest page ListLog allows: fewest round trips per byte. */
#define CMD_LOG_PAGE_SIZE 1048576
#define CMD_LOG_STDOUT_BUFFER (1 << 20)

enum {
	CMD_LOG_OPT_FOLLOW = 'f',
};

static const struct options_opt cmd_log_opts[] = {
    {"follow", false, CMD_LOG_OPT_FOLLOW, NULL,
     "keep reading until the job has ended and its log is complete"},
    {NULL, false, 0, NULL, NULL},
};

struct cmd_log {
	struct client_reply reply;
	struct logfollow lf;
	enum logfollow_next next; /* of the last page */
	size_t last_len;
	bool last_was_end; /* the last page's next_page_token was empty */
	bool tty;
	struct strbuf pending; /* tty: bytes held back, an incomplete UTF-8 sequence */
	struct strbuf sane;    /* tty: the printable form, reused */
};

/* Static: stdout may still flush from it at exit. */
static char cmd_log_stdout_buf[CMD_LOG_STDOUT_BUFFER];

static int
cmd_log_option(void *state, int id, const char *arg)
{
	bool *follow = state;

	(void)id;
	(void)arg;
	*follow = true;
	return CLI_CONTINUE;
}

/* On a terminal the log's bytes must not drive it: controls become visible escapes, but
 * newlines stay newlines, and a UTF-8 sequence split by a page boundary waits for its end. */
static void
cmd_log_write_tty(struct cmd_log *st, const unsigned char *p, size_t len, bool last)
{
	size_t n, start = 0;

	strbuf_add(&st->pending, p, len);
	if (st->pending.len == 0)
		return;
	n = last ? st->pending.len : utf8_complete_prefix(st->pending.buf, st->pending.len);
	strbuf_reset(&st->sane);
	for (size_t i = 0; i < n; i++) {
		if (st->pending.buf[i] != '\n')
			continue;
		sanitize_append(&st->sane, st->pending.buf + start, i - start, 1);
		strbuf_addch(&st->sane, '\n');
		start = i + 1;
	}
	sanitize_append(&st->sane, st->pending.buf + start, n - start, 1);
	fwrite(st->sane.buf ? st->sane.buf : "", 1, st->sane.len, stdout);
	fflush(stdout);
	memmove(st->pending.buf, st->pending.buf + n, st->pending.len - n);
	st->pending.len -= n;
	st->pending.buf[st->pending.len] = '\0';
}

static void
cmd_log_on_result(const struct rpc_result *res, void *ctx)
{
	struct cmd_log *st = ctx;
	const struct rpc_log_page *page = &res->u.log;
	size_t skip = logfollow_overlap(&st->lf);
	const char *token;

	if (!client_reply_record(&st->reply, res))
		return;
	/* Polling on from the start of the last page (the job was still running at the end
	 * of its log): the bytes already written are not written again. */
	if (skip > page->len)
		skip = page->len;
	/* Written straight from the reply: no copy, and memory does not grow with the log. */
	if (st->tty)
		cmd_log_write_tty(st, page->content + skip, page->len - skip, false);
	else if (page->len > skip)
		fwrite(page->content + skip, 1, page->len - skip, stdout);
	/* Only now, with the bytes written, does the token move past them. */
	token = page->next_page_token ? page->next_page_token : "";
	st->last_len = page->len;
	st->last_was_end = !*token;
	st->next = logfollow_page(&st->lf, page->len, token);
}

static int
cmd_log_write_error(void)
{
	fprintf(stderr, "dpjobs: write error: %s\n", strerror(errno));
	return CLI_EXIT_FAILURE;
}

/* With --follow, after a page at the current end: is the job over? Sets *terminal; returns
 * CLI_CONTINUE, or an exit status on a lasting error. */
static int
cmd_log_check_job(struct cli *cli, const char *job_id, bool *terminal)
{
	struct client_reply r;
	int rc = CLI_CONTINUE;

	client_reply_init(&r);
	rpc_get_job(cli->client, cli->cluster_id, job_id, client_reply_on_result,
	            client_reply_on_free, &r);
	if (client_wait(cli, &r))
		*terminal = r.job && job_status_is_terminal(r.job->status);
	else if (client_is_transient(&r))
		client_note(cli, "%s; will retry", r.error);
	else
		rc = client_fail(&r);
	client_reply_done(&r);
	return rc;
}

/* Pages through the log. Without follow: until the next token is empty or a page comes back
 * empty. With follow: until the job, seen terminal before a request, gets an empty page or
 * the end of the log; transient failures are retried with the same token, forever. */
static int
cmd_log_pages(struct cli *cli, struct cmd_log *st, const char *job_id, bool follow)
{
	bool terminal = false;
	int rc, ms;

	for (;;) {
		rpc_list_job_log(cli->client, cli->cluster_id, job_id, CMD_LOG_PAGE_SIZE,
		                 logfollow_token(&st->lf), cmd_log_on_result, client_reply_on_free,
		                 st);
		if (!client_wait(cli, &st->reply)) {
			if (!follow || !client_is_transient(&st->reply))
				return client_fail(&st->reply);
			ms = logfollow_failed(&st->lf);
			fflush(stdout);
			client_note(cli, "%s; retrying in %d ms", st->reply.error, ms);
			client_sleep_ms(ms);
			continue;
		}
		if (ferror(stdout))
			return cmd_log_write_error();
		if (!follow) {
			if (st->last_len == 0 || st->last_was_end)
				return CLI_EXIT_OK;
			continue;
		}
		if (st->next == LOGFOLLOW_MORE)
			continue;
		if (terminal)
			return CLI_EXIT_OK;
		if (fflush(stdout) != 0)
			return cmd_log_write_error();
		rc = cmd_log_check_job(cli, job_id, &terminal);
		if (rc != CLI_CONTINUE)
			return rc;
		if (terminal && st->next == LOGFOLLOW_END)
			return CLI_EXIT_OK;
		/* Terminal at the current end: one more page catches what was written before
		 * the job ended; otherwise wait for the log to grow. */
		if (!terminal)
			client_sleep_ms(logfollow_delay_ms(&st->lf));
	}
}

static int
cmd_log_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_log st;
	bool follow = false;
	const char *job_id = NULL;
	int rc;

	rc = options_parse_job(cli, &cmd_log_command, argc, argv, cmd_log_option, &follow, &job_id);
	/* Never JSON here: it would re-encode every byte of the log. */
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, false);
	if (rc != CLI_CONTINUE)
		return rc;
	memset(&st, 0, sizeof(st));
	client_reply_init(&st.reply);
	logfollow_init(&st.lf);
	strbuf_init(&st.pending);
	strbuf_init(&st.sane);
	st.tty = isatty(STDOUT_FILENO);
	setvbuf(stdout, cmd_log_stdout_buf, _IOFBF, sizeof(cmd_log_stdout_buf));
	rc = cmd_log_pages(cli, &st, job_id, follow);
	if (st.tty && st.pending.len)
		cmd_log_write_tty(&st, (const unsigned char *)"", 0, true);
	client_reply_done(&st.reply);
	logfollow_done(&st.lf);
	strbuf_done(&st.pending);
	strbuf_done(&st.sane);
	return rc;
}

const struct cli_command cmd_log_command = {
    .name = "log",
    .args = "JOB_ID [--follow]",
    .summary = "Write the job's driver log to stdout; with --follow, until the job has ended.",
    .opts = cmd_log_opts,
    .run = cmd_log_run,
};
