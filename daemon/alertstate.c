/* alertstate.c: the alert state file (see alertstate.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

/*
 * One alert as a JSON object, keys in the order json_pack gave them. Its
 * strings need no escaping: an id is [a-z0-9_] (valid_id) and statuses
 * and names are fixed words.
 */
void
alertstate_add(struct buf *b, const struct alert_saved *s, int first)
{
	size_t	 j;

	buf_printf(b, "%s\n  {\"indicator\":\"%s\",", first ? "" : ",",
	    s->indicator);
	if (s->rule == ALERT_RULE_STALE)
		buf_puts(b, "\"alertname\":\"" ALERT_STALE_NAME "\",");
	else
		buf_printf(b, "\"target_year\":%d,", s->year);
	buf_printf(b, "\"status\":\"%s\"", state_status(s, s->status,
	    s->stale));
	if (s->firing)
		buf_printf(b, ",\"firing\":{\"status\":\"%s\",\"starts_at\":"
		    "%lld}", state_status(s, s->labelled, 1),
		    (long long)s->starts_at);
	for (j = 0; j < s->nresolved; j++)
		buf_printf(b, "%s{\"status\":\"%s\",\"starts_at\":%lld,"
		    "\"ends_at\":%lld}", j == 0 ? ",\"resolved\":[" : ",",
		    state_status(s, s->resolved[j].status, 1),
		    (long long)s->resolved[j].starts_at,
		    (long long)s->resolved[j].ends_at);
	buf_puts(b, s->nresolved > 0 ? "]}" : "}");
}

void
alertstate_begin(struct buf *b)
{
	buf_printf(b, "{\n \"version\": %d,\n \"targets\": [",
	    ALERTSTATE_VERSION);
}

char *
alertstate_end(struct buf *b, size_t n)
{
	buf_puts(b, n > 0 ? "\n ]\n}" : "]\n}");
	return buf_release(b, NULL);
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

/* A cursor over the state file's text; errors name the line. */
struct cursor {
	const char	*start, *p, *end;
	const char	*name;
	char		*err;
	size_t		 errlen;
};

static void
skip_space(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
	    *c->p == '\r' || *c->p == '\n'))
		c->p++;
}

static int
line_of(const struct cursor *c, const char *at)
{
	const char	*p;
	int		 line = 1;

	for (p = c->start; p < at; p++)
		line += *p == '\n';
	return line;
}

static int
fail_at(struct cursor *c, const char *at, const char *why)
{
	snprintf(c->err, c->errlen, "%s:%d: %s", c->name, line_of(c, at), why);
	return -1;
}

/* The JSON value at the cursor, which moves past it; NULL with err. */
static json_t *
value_at(struct cursor *c)
{
	json_error_t	 je;
	json_t		*v;

	v = json_loadb(c->p, (size_t)(c->end - c->p), JSON_DECODE_ANY |
	    JSON_DISABLE_EOF_CHECK, &je);
	if (v == NULL) {
		snprintf(c->err, c->errlen, "%s:%d: %s", c->name,
		    line_of(c, c->p) + (je.line > 1 ? je.line - 1 : 0),
		    je.text);
		return NULL;
	}
	c->p += je.position;
	return v;
}

/* The character ch next, past space; else an error saying what. */
static int
expect(struct cursor *c, char ch, const char *what)
{
	skip_space(c);
	if (c->p == c->end || *c->p != ch)
		return fail_at(c, c->p, what);
	c->p++;
	return 0;
}

/* The "targets" array's alerts, one at a time to cb. */
static int
parse_targets(struct cursor *c, alertstate_cb cb, void *arg)
{
	struct alert_saved	 s;
	const char		*at;
	char			 why[64];
	json_t			*o;
	size_t			 i;
	int			 rc;

	if (expect(c, '[', "expected [ after \"targets\"") == -1)
		return -1;
	skip_space(c);
	if (c->p < c->end && *c->p == ']') {
		c->p++;
		return 0;
	}
	for (i = 1;; i++) {
		skip_space(c);
		at = c->p;
		if ((o = value_at(c)) == NULL)
			return -1;
		memset(&s, 0, sizeof(s));
		rc = parse_alert(o, &s);
		json_decref(o);
		if (rc == -1) {
			free(s.indicator);
			snprintf(why, sizeof(why), "bad target %zu", i);
			return fail_at(c, at, why);
		}
		cb(arg, &s);
		free(s.indicator);
		skip_space(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		return expect(c, ']', "expected , or ] after a target");
	}
}

/* One member of the top object: "version", "targets" or another. */
static int
parse_member(struct cursor *c, int *version, int *targets, alertstate_cb cb,
    void *arg)
{
	const char	*at;
	json_t		*k, *v;
	int		 rc = 0;

	skip_space(c);
	at = c->p;
	if ((k = value_at(c)) == NULL)
		return -1;
	if (!json_is_string(k)) {
		json_decref(k);
		return fail_at(c, at, "expected a key");
	}
	if (expect(c, ':', "expected :") == -1) {
		json_decref(k);
		return -1;
	}
	skip_space(c);
	if (strcmp(json_string_value(k), "targets") == 0)
		rc = *targets || *version == 0 ? fail_at(c, at, "\"targets\" "
		    "before \"version\" or twice") : parse_targets(c, cb, arg);
	else if ((v = value_at(c)) == NULL)
		rc = -1;
	else {
		if (strcmp(json_string_value(k), "version") == 0)
			*version = json_is_integer(v) ? (int)
			    json_integer_value(v) : -1;
		json_decref(v);
	}
	if (rc == 0 && strcmp(json_string_value(k), "targets") == 0)
		*targets = 1;
	json_decref(k);
	return rc;
}

int
alertstate_parse(const char *text, size_t len, const char *name,
    alertstate_cb cb, void *arg, char *err, size_t errlen)
{
	struct cursor	 c = { text, text, text + len, name, err, errlen };
	int		 version = 0, targets = 0;

	if (expect(&c, '{', "expected {") == -1)
		return -1;
	skip_space(&c);
	if (c.p < c.end && *c.p == '}')
		c.p++;
	else
		for (;;) {
			if (parse_member(&c, &version, &targets, cb, arg) ==
			    -1)
				return -1;
			if (version != 0 && version != ALERTSTATE_VERSION)
				break;
			skip_space(&c);
			if (c.p < c.end && *c.p == ',') {
				c.p++;
				continue;
			}
			if (expect(&c, '}', "expected , or }") == -1)
				return -1;
			break;
		}
	skip_space(&c);
	if (version != ALERTSTATE_VERSION || !targets) {
		snprintf(err, errlen, "%s: not an alert state of version %d",
		    name, ALERTSTATE_VERSION);
		return -1;
	}
	if (c.p != c.end)
		return fail_at(&c, c.p, "text after the state");
	return 0;
}

int
alertstate_load(const char *path, alertstate_cb cb, void *arg, char *err,
    size_t errlen)
{
	struct stat	 sb;
	void		*map = NULL;
	int		 fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1 || (sb.st_size > 0 && (map = mmap(NULL,
	    (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) ==
	    MAP_FAILED)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	rc = alertstate_parse(map != NULL ? map : "", (size_t)sb.st_size,
	    path, cb, arg, err, errlen);
	if (map != NULL)
		munmap(map, (size_t)sb.st_size);
	return rc;
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
