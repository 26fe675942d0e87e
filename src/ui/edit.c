/* `e`: a job spec as JSON in $EDITOR, submitted as a new job when it parses. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/jobspec_json.h"
#include "model/validate.h"
#include "ui/internal.h"
#include "ui/ops.h"
#include "util/fdio.h"
#include "util/strbuf.h"
#include "util/uuid.h"
#include "util/xalloc.h"

/* What `e` offers with no job selected: every field of a Spark job, so the
 * names need not be looked up. */
static const char edit_template[] = "{\n"
                                    "  \"name\": \"new-spark-job\",\n"
                                    "  \"spark_job\": {\n"
                                    "    \"args\": [],\n"
                                    "    \"jar_file_uris\": [],\n"
                                    "    \"file_uris\": [],\n"
                                    "    \"archive_uris\": [],\n"
                                    "    \"properties\": {},\n"
                                    "    \"main_jar_file_uri\": \"\",\n"
                                    "    \"main_class\": \"\",\n"
                                    "    \"packages\": [],\n"
                                    "    \"repositories\": [],\n"
                                    "    \"exclude_packages\": []\n"
                                    "  }\n"
                                    "}\n";

/* The whole file, or NULL with errno. */
static char *
edit_read(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			strbuf_done(&sb);
			errno = e;
			return NULL;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	close(fd);
	strbuf_addstr(&sb, "");
	return strbuf_detach(&sb);
}

/* Runs the user's editor on path, at line when > 0 (vi, vim, nano, emacs
 * and most others take +LINE). $VISUAL and $EDITOR may hold arguments
 * ("code -w"), so the shell splits them, as git does. Returns the wait status. */
static int
edit_run_editor(struct app *app, const char *path, int line)
{
	const char *ed = getenv("VISUAL");
	char plus[32], *cmd;
	int pid, status;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	cmd = xasprintf("%s \"$@\"", ed);
	snprintf(plus, sizeof(plus), "+%d", line);
	{
		char *argv_line[] = {"/bin/sh", "-c", cmd, "sh", plus, (char *)path, NULL};
		char *argv_plain[] = {"/bin/sh", "-c", cmd, "sh", (char *)path, NULL};

		pid = spawn_start(line > 0 ? argv_line : argv_plain, -1);
	}
	status = spawn_wait(app, pid);
	free(cmd);
	return status;
}

static bool
edit_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

static void
edit_create_done(struct app *app, const struct rpc_result *res, const char *name)
{
	char *sent = app->edit_sent;

	app->edit_sent = NULL;
	if (res->code == RPC_OK) {
		if (sent)
			unlink(sent);
		free(sent);
		app_message(app, false, "creating %s", *name ? name : "a job");
		return;
	}
	/* ops_create_job tracks a success; a refusal is recorded here, so it
	 * shows in :ops like any failed operation. The text is not lost: its
	 * file stays, and the next `e` opens it again. */
	ops_add(app, OPS_CREATE, name, NULL, res);
	if (sent) {
		if (app->edit_kept && strcmp(app->edit_kept, sent) != 0)
			unlink(app->edit_kept);
		free(app->edit_kept);
		app->edit_kept = sent;
		app_message(app, true, "create %s refused: e reopens your text (%s)",
		            *name ? name : "job", sent);
	}
}

/* The editor again and again until the text parses and validates, or the
 * user gives up: saves the same text (or an empty file). Blocking: the TUI
 * is suspended the whole time. Returns true with *name and *spec filled. */
static bool
edit_loop(struct app *app, const char *path, const char *initial, char **name,
          struct job_spec *spec)
{
	char *before = xstrdup(initial), *text = NULL;
	char err[JOBSPEC_JSON_ERR_LEN], verr[VALIDATE_ERR_LEN];
	int line = 0, status;
	bool ok = false;

	for (;;) {
		status = edit_run_editor(app, path, line);
		if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			if (status < 0)
				app_message(app, true, "cannot run the editor: %s",
				            strerror(errno));
			else
				app_message(app, true,
				            "the editor failed (status %d): nothing created",
				            WIFEXITED(status) ? WEXITSTATUS(status) : -1);
			break;
		}
		free(text);
		if (!(text = edit_read(path))) {
			app_message(app, true, "%s: %s", path, strerror(errno));
			break;
		}
		if (edit_blank(text) || strcmp(text, before) == 0) {
			app_message(app, false, "%s: nothing created",
			            edit_blank(text) ? "empty file" : "not changed");
			break;
		}
		free(*name);
		job_spec_done(spec);
		*name = NULL;
		if (jobspec_json_parse(text, name, spec, err, &line)) {
			if (validate_create_job(app->cluster_id, *name, spec, verr)) {
				ok = true;
				break;
			}
			snprintf(err, sizeof(err), "%s", verr);
			line = jobspec_json_line_of(text, verr);
		}
		/* The file stays as the user left it; the editor opens it again at
		 * the line at fault, and the message waits in the bottom line. */
		app_message(app, true, "%s", err);
		free(before);
		before = text;
		text = NULL;
	}
	free(before);
	free(text);
	return ok;
}

/* A refused text stays until it is sent or emptied. */
static bool
edit_still_wanted(const char *path)
{
	char *now = edit_read(path);
	bool wanted = now != NULL && !edit_blank(now);

	free(now);
	return wanted;
}

/* Edits the file at path, which holds text, and sends what the user saved. The file stays while
 * its Create is in flight (app->edit_sent), to be kept if the server refuses it. */
static void
edit_submit(struct app *app, const char *path, const char *text, bool kept)
{
	char *name = NULL, key[UUID_STR_LEN];
	struct job_spec spec;
	bool sent = false;

	memset(&spec, 0, sizeof(spec));
	if (app->edit_sent) {
		app_message(app, true, "a create is in flight already: nothing sent");
	} else if (edit_loop(app, path, kept ? "" : text, &name, &spec)) {
		/* A kept text saved as it was is sent again: the refusal may have been
		 * passing (a quota, a stopped cluster). */
		/* A fresh key per submitted text: retries of this one call reuse it. */
		uuid_generate_str(key);
		sent = !app->readonly && ops_create_job(app, name, &spec, key, edit_create_done);
		if (!sent)
			app_message(app, true, "a create is in flight already: nothing sent");
	}
	if (sent)
		app->edit_sent = xstrdup(path);
	else if (kept && edit_still_wanted(path))
		app->edit_kept = xstrdup(path);
	else
		unlink(path);
	free(name);
	job_spec_done(&spec);
}

/* `e` after a refusal: the kept file again, as the user left it. */
static int
edit_reopen(struct app *app, char *text)
{
	char *path = app->edit_kept;

	app->edit_kept = NULL;
	edit_submit(app, path, text, true);
	free(path);
	free(text);
	return R_HANDLED | R_RELAYOUT;
}

int
edit_action(struct app *app)
{
	const struct job *job = app_selected_job(app);
	char path[] = "/tmp/dpjobs-job-XXXXXX.json";
	const char *tmpdir = getenv("TMPDIR");
	char *dir_path = NULL, *text;
	int fd;

	if (app->readonly)
		return R_HANDLED;
	if (!*app->cluster_id) {
		app_message(app, true, "no cluster: pick one first (:cluster)");
		return R_HANDLED;
	}
	if (app->edit_kept && (text = edit_read(app->edit_kept)) != NULL)
		return edit_reopen(app, text);
	if (app->edit_kept) {
		/* Removed by the user meanwhile: start afresh. */
		free(app->edit_kept);
		app->edit_kept = NULL;
	}
	if (job && job->spec.type != JOB_TYPE_NONE) {
		json_t *json = jobspec_json_dump(job->name, &job->spec);
		char *dumped = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		text = xasprintf("%s\n", dumped ? dumped : "{}");
		free(dumped);
		json_decref(json);
	} else {
		text = xstrdup(edit_template);
	}
	if (tmpdir && *tmpdir)
		dir_path = xasprintf("%s/dpjobs-job-XXXXXX.json", tmpdir);
	/* mkstemps: a private file (0600, O_EXCL) that editors see as JSON. */
	fd = mkstemps(dir_path ? dir_path : path, 5);
	if (fd < 0 || !fdio_write_all(fd, text, strlen(text))) {
		app_message(app, true, "temporary file: %s", strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(dir_path ? dir_path : path);
		}
		free(dir_path);
		free(text);
		return R_HANDLED;
	}
	close(fd);
	edit_submit(app, dir_path ? dir_path : path, text, false);
	free(dir_path);
	free(text);
	return R_HANDLED | R_RELAYOUT;
}
