/* alertstate.c: the alert state file (see alertstate.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "alertstate.h"
#include "buf.h"
#include "log.h"
#include "xmalloc.h"

#define ALERTSTATE_VERSION	1

/* A status as the file spells it: a stale alert's are stale/current. */
static const char *
state_status(const struct alert_saved *s, enum eval_status st, int stale)
{
	if (s->rule == ALERT_RULE_STALE)
		return stale ? "stale" : "current";
	return eval_status_name(st);
}

static json_t *
state_alert(const struct alert_saved *s)
{
	json_t	*o, *r;
	size_t	 j;

	o = json_pack("{s:s}", "indicator", s->indicator);
	if (s->rule == ALERT_RULE_STALE)
		json_object_set_new(o, "alertname", json_string(
		    ALERT_STALE_NAME));
	else
		json_object_set_new(o, "target_year", json_integer(s->year));
	json_object_set_new(o, "status", json_string(state_status(s,
	    s->status, s->stale)));
	if (s->firing)
		json_object_set_new(o, "firing", json_pack("{s:s, s:I}",
		    "status", state_status(s, s->labelled, 1), "starts_at",
		    (json_int_t)s->starts_at));
	if (s->nresolved > 0) {
		r = json_array();
		for (j = 0; j < s->nresolved; j++)
			json_array_append_new(r, json_pack("{s:s, s:I, s:I}",
			    "status", state_status(s, s->resolved[j].status,
			    1), "starts_at", (json_int_t)s->resolved[j].starts_at,
			    "ends_at", (json_int_t)s->resolved[j].ends_at));
		json_object_set_new(o, "resolved", r);
	}
	return o;
}

/*
 * One alert's object at a time, each freed before the next: a tree of
 * every alert at once took 2 KB an indicator (20 MB at 10,000) at each
 * save. The text is what json_dumps of the whole with JSON_INDENT(1)
 * makes, but for the indentation inside each alert.
 */
char *
alertstate_render(const struct alert_saved *v, size_t n)
{
	struct buf	 b;
	json_t		*o;
	char		*s;
	size_t		 i;

	buf_init(&b, 256 * (n + 1));
	buf_printf(&b, "{\n \"version\": %d,\n \"targets\": [", 
	    ALERTSTATE_VERSION);
	for (i = 0; i < n; i++) {
		if ((o = state_alert(&v[i])) == NULL ||
		    (s = json_dumps(o, JSON_COMPACT)) == NULL)
			fatalx("alerts: cannot render the state");
		json_decref(o);
		buf_printf(&b, "%s\n  %s", i > 0 ? "," : "", s);
		free(s);
	}
	buf_puts(&b, n > 0 ? "\n ]\n}" : "]\n}");
	return buf_release(&b, NULL);
}

static int
valid_id(const char *s)
{
	size_t	 n = strlen(s);

	return n >= 1 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789_") == n;
}

/* A status of s's rule: *st for slipping alerts, *stale for stale ones. */
static int
parse_status(const struct alert_saved *s, const char *text,
    enum eval_status *st, int *stale)
{
	if (s->rule == ALERT_RULE_SLIPPING)
		return eval_status_parse(text, st);
	*st = EVAL_UNKNOWN;
	if (strcmp(text, "stale") == 0)
		*stale = 1;
	else if (strcmp(text, "current") == 0)
		*stale = 0;
	else
		return -1;
	return 0;
}

/* The resolved alerts of s; the newest ALERT_RESOLVED_MAX are kept. */
static int
parse_resolved(struct alert_saved *s, json_t *r)
{
	struct alert_resolved	*d;
	json_int_t		 starts, ends;
	const char		*text;
	json_t			*x;
	size_t			 i;
	int			 stale = 1;

	if (r == NULL)
		return 0;
	if (!json_is_array(r))
		return -1;
	json_array_foreach(r, i, x) {
		if (s->nresolved == ALERT_RESOLVED_MAX) {
			memmove(&s->resolved[0], &s->resolved[1],
			    (ALERT_RESOLVED_MAX - 1) * sizeof(s->resolved[0]));
			s->nresolved--;
		}
		d = &s->resolved[s->nresolved];
		if (json_unpack(x, "{s:s, s:I, s:I}", "status", &text,
		    "starts_at", &starts, "ends_at", &ends) == -1 ||
		    parse_status(s, text, &d->status, &stale) == -1 || !stale)
			return -1;
		d->starts_at = (time_t)starts;
		d->ends_at = (time_t)ends;
		s->nresolved++;
	}
	return 0;
}

static int
parse_alert(json_t *o, struct alert_saved *s)
{
	json_int_t	 year = 0, starts;
	const char	*id, *st, *name = ALERT_SLIPPING_NAME, *fs;
	json_t		*f;
	int		 stale = 1;

	if (json_unpack(o, "{s:s, s?s, s?I, s:s}", "indicator", &id,
	    "alertname", &name, "target_year", &year, "status", &st) == -1 ||
	    !valid_id(id))
		return -1;
	if (strcmp(name, ALERT_STALE_NAME) == 0) {
		if (json_object_get(o, "target_year") != NULL)
			return -1;
		s->rule = ALERT_RULE_STALE;
	} else if (strcmp(name, ALERT_SLIPPING_NAME) != 0 || year < 1 ||
	    year > 9999)
		return -1;
	s->year = (int)year;
	if (parse_status(s, st, &s->status, &s->stale) == -1)
		return -1;
	if ((f = json_object_get(o, "firing")) != NULL) {
		if (json_unpack(f, "{s:s, s:I}", "status", &fs, "starts_at",
		    &starts) == -1 || parse_status(s, fs, &s->labelled,
		    &stale) == -1 || !stale)
			return -1;
		s->firing = 1;
		s->starts_at = (time_t)starts;
	}
	s->indicator = xstrdup(id);
	return parse_resolved(s, json_object_get(o, "resolved"));
}

int
alertstate_load(const char *path, struct alert_saved **vp, size_t *np,
    char *err, size_t errlen)
{
	struct alert_saved	*v = NULL;
	struct stat		 sb;
	json_error_t		 je;
	json_t			*root, *arr, *o;
	json_int_t		 version;
	size_t			 i, n = 0;
	int			 rc = -1;

	*vp = NULL;
	*np = 0;
	if (stat(path, &sb) == -1 && errno == ENOENT)
		return 0;
	if ((root = json_load_file(path, 0, &je)) == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, je.line, je.text);
		return -1;
	}
	if (json_unpack(root, "{s:I, s:o}", "version", &version, "targets",
	    &arr) == -1 || version != ALERTSTATE_VERSION ||
	    !json_is_array(arr)) {
		snprintf(err, errlen, "%s: not an alert state of version %d",
		    path, ALERTSTATE_VERSION);
		goto out;
	}
	v = xcalloc(json_array_size(arr) + 1, sizeof(*v));
	json_array_foreach(arr, i, o) {
		if (parse_alert(o, &v[n]) == -1) {
			free(v[n].indicator);
			snprintf(err, errlen, "%s: bad target %zu", path,
			    i + 1);
			goto out;
		}
		n++;
	}
	*vp = v;
	*np = n;
	v = NULL;
	rc = 0;
out:
	alertstate_free(v, n);
	json_decref(root);
	return rc;
}

void
alertstate_free(struct alert_saved *v, size_t n)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i].indicator);
	free(v);
}

/* fsync the directory holding path, so a rename in it is durable. */
static int
dir_sync(const char *path)
{
	char	*dir, *slash;
	int	 fd, rc;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else
		*(slash == dir ? slash + 1 : slash) = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t	 w;

	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int
alertstate_write(const char *path, const char *text, char *err,
    size_t errlen)
{
	const char	*what = "open";
	char		*tmp;
	int		 fd, rc = -1;

	xasprintf(&tmp, "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0640)) == -1)
		goto fail;
	what = "write";
	if (write_all(fd, text, strlen(text)) == -1 || write_all(fd, "\n",
	    1) == -1 || (what = "fsync", fsync(fd)) == -1)
		goto fail;
	what = "close";
	rc = close(fd);
	fd = -1;
	if (rc == -1 || (what = "rename", rename(tmp, path)) == -1 ||
	    (what = "fsync of the directory", dir_sync(path)) == -1) {
		rc = -1;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	snprintf(err, errlen, "%s: %s: %s", tmp, what, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}
