/* What the detail and log panes offer the rest of the TUI besides their view_ops. */
#ifndef DPJOBS_UI_VIEWS_H
#define DPJOBS_UI_VIEWS_H

#include "ui/ui.h"
#include "util/strbuf.h"

extern const struct view_ops view_detail_ops;
extern const struct view_ops view_log_ops;

/* Appends " [json] " to the detail pane's title while `y` shows the JSON. */
void view_detail_title(struct view *v, struct strbuf *out);
/* Appends the log pane's state to its title: " PAUSED +12 new lines ",
 * " following ", " complete ". Nothing before the first fetch. */
void view_log_title(struct view *v, struct strbuf *out);

/* `:LINE` with the log focused: shows line `line` (1-based; past the end:
 * the last) and stops following. false when the log is empty. */
bool view_log_goto(struct view *v, size_t line);
/* `:set log-colors on|off`: SGR colour sequences colour the log, or stay inert. */
void view_log_set_colors(struct view *v, bool on);

#endif
