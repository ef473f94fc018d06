/*
 * journalmove.c: --journal-export and --journal-import (see journalmove.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "journal.h"
#include "journalmove.h"
#include "movefile.h"
#include "num.h"
#include "recover.h"
#include "store.h"
#include "strtab.h"
#include "xmalloc.h"

/* Where a key of a record (key_of) fits. */
#define KEY_MAX	(OBS_ID_MAX + PERIOD_STRLEN + NUM_STRLEN + \
		    MOVEFILE_FEED_MAX + OBS_SOURCE_MAX + 8)

/* An id the export names, and its records found. */
struct wanted {
	char		*id;
	size_t		 n;
};

/* The export's list of ids, each once. */
struct idlist {
	struct wanted	*v;
	size_t		 n;
	struct strtab	 t;	/* id -> its wanted */
};

static void
idlist_free(struct idlist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].id);
	free(l->v);
	strtab_free(&l->t);
}

/* Split ids ("a,b,c") into l; -1 with err naming a bad one. */
static int
idlist_parse(struct idlist *l, const char *ids, char *err, size_t errlen)
{
	const char	*p = ids, *comma;
	size_t		 len, cap = strlen(ids) / 2 + 1;

	memset(l, 0, sizeof(*l));
	l->v = xcalloc(cap, sizeof(*l->v));
	for (;;) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (!obs_valid_id(p, len)) {
			snprintf(err, errlen, "--journal-export: \"%.*s\" is "
			    "not an indicator id", (int)len, p);
			return -1;
		}
		/* v never grows: the table's pointers into it stay. */
		l->v[l->n].id = xstrndup(p, len);
		if (strtab_put(&l->t, l->v[l->n].id, &l->v[l->n]) == NULL)
			l->n++;
		else
			free(l->v[l->n].id);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return 0;
}

/* -1 with err naming every id without records ("x", "y"), else 0. */
static int
idlist_missing(const struct idlist *l, const char *path, char *err,
    size_t errlen)
{
	struct buf	 b;
	size_t		 i;
	int		 rc;

	buf_init(&b, 64);
	for (i = 0; i < l->n; i++)
		if (l->v[i].n == 0)
			buf_printf(&b, "%s\"%s\"", b.len > 0 ? ", " : "",
			    l->v[i].id);
	rc = b.len > 0 ? -1 : 0;
	if (rc == -1)
		snprintf(err, errlen, "%s: no record of %s: nothing exported",
		    path, b.data);
	buf_free(&b);
	return rc;
}

/*
 * The format (2 or 3) of the journal's header line; -1 with err for a
 * journal without one (format 1 has no checksums to move with it).
 */
static int
export_header(const char *path, const char *line, char *err, size_t errlen)
{
	if (strcmp(line, JOURNAL_HEADER) == 0)
		return 3;
	if (strcmp(line, JOURNAL_HEADER_2) == 0)
		return 2;
	snprintf(err, errlen, "%s: not a journal of format 2 or 3 (its first "
	    "line is no journal header): start indicatord on it once, which "
	    "converts it, then export", path);
	return -1;
}

/* Add the line (its LF cut, len bytes) to b if it is one of l's records. */
static int
export_line(struct idlist *l, int format, char *line, size_t len,
    struct buf *b)
{
	struct obs_buf	 ob;
	struct wanted	*w;
	char		 feed[MOVEFILE_FEED_MAX];
	time_t		 stored;
	long		 k;

	if ((k = journal_check_line(line, len)) == -1 ||
	    journal_parse_line(line, (size_t)k, format, &ob, feed,
	    sizeof(feed), &stored) == -1)
		return -1;
	if ((w = strtab_get(&l->t, ob.indicator)) != NULL) {
		w->n++;
		buf_add(b, line, len);
		buf_add(b, "\n", 1);
	}
	return 0;
}

/* Gather path's records of l into b, in journal order. */
static int
export_read(FILE *f, const char *path, struct idlist *l, struct buf *b,
    struct journalmove_result *res, char *err, size_t errlen)
{
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 len;
	int		 format = 0, whole;

	while ((len = getline(&line, &cap, f)) > 0) {
		if (format == 0) {
			if ((format = export_header(path, line, err,
			    errlen)) == -1)
				break;
			buf_puts(b, line);
			continue;
		}
		whole = line[len - 1] == '\n';
		if (whole)
			line[--len] = '\0';
		/* A last line without LF is being appended, or torn. */
		if (export_line(l, format, line, (size_t)len, b) == -1 &&
		    whole)
			res->bad++;
	}
	if (format != -1 && ferror(f)) {
		snprintf(err, errlen, "%s: read: %s", path, strerror(errno));
		format = -1;
	}
	free(line);
	return format == -1 ? -1 : 0;
}

int
journalmove_export(const char *path, const char *ids, FILE *out,
    struct journalmove_result *res, char *err, size_t errlen)
{
	struct idlist	 l;
	struct buf	 b;
	FILE		*f = NULL;
	size_t		 i;
	int		 rc = -1;

	memset(res, 0, sizeof(*res));
	buf_init(&b, 4096);
	if (idlist_parse(&l, ids, err, errlen) == -1)
		goto out;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (export_read(f, path, &l, &b, res, err, errlen) == -1 ||
	    idlist_missing(&l, path, err, errlen) == -1)
		goto out;
	for (i = 0; i < l.n; i++)
		res->records += l.v[i].n;
	res->indicators = l.n;
	if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0) {
		snprintf(err, errlen, "writing the export: %s",
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	idlist_free(&l);
	buf_free(&b);
	return rc;
}

/* A record's identity for the import: all its fields but stored. */
static void
key_of(const struct obs *o, const char *feed, char key[KEY_MAX])
{
	char	 per[PERIOD_STRLEN], val[NUM_STRLEN];

	period_format(&o->period, per, sizeof(per));
	num_format17(o->value, val);
	snprintf(key, KEY_MAX, "%s\t%s\t%s\t%s\t%s", o->indicator, per, val,
	    feed, o->source);
}

/* What the replay of the journal gathers for an import. */
struct present {
	struct strtab	 ids;	/* the file's ids */
	struct strtab	 keys;	/* key_of the journal's records of them */
};

static void
present_cb(void *arg, const struct obs *o, const char *feed, time_t stored)
{
	struct present	*p = arg;
	char		 key[KEY_MAX];

	(void)stored;
	if (strtab_get(&p->ids, o->indicator) == NULL)
		return;
	key_of(o, feed, key);
	strtab_intern(&p->keys, key);
}

/*
 * Does conf's instance own id? It must be one of its indicators. The one
 * check an import makes: a shard block (shard.h) is checked here too.
 */
static int
import_owns(const struct config *conf, const char *id)
{
	return confdata_find_indicator(conf, id) != NULL;
}

/* Every record of m owned, the file's ids into p->ids; else -1 with err. */
static int
import_check(const struct config *conf, const char *file,
    const struct movefile *m, struct present *p,
    struct journalmove_result *res, char *err, size_t errlen)
{
	struct movefile_fields	 f;
	size_t			 i;

	for (i = 0; i < m->n; i++) {
		movefile_fields(m, i, &f);
		if (!import_owns(conf, f.o.indicator)) {
			snprintf(err, errlen, "%s:%zu: indicator \"%s\" is not "
			    "one of this instance's (%s): nothing imported",
			    file, m->recs[i].lineno, f.o.indicator, conf->path);
			return -1;
		}
		if (strtab_get(&p->ids, f.o.indicator) == NULL) {
			strtab_intern(&p->ids, f.o.indicator);
			res->indicators++;
		}
	}
	return 0;
}

/* The bytes of file ("-": stdin) into *buf, *len. */
static int
import_read(const char *file, char **buf, size_t *len, char *err,
    size_t errlen)
{
	struct buf	 b;
	char		 chunk[65536];
	size_t		 n;
	FILE		*f;
	int		 rc = 0;

	if ((f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return -1;
	}
	buf_init(&b, sizeof(chunk));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read: %s", file, strerror(errno));
		rc = -1;
	}
	if (f != stdin)
		fclose(f);
	*buf = buf_release(&b, len);
	return rc;
}

/* Append m's records that p does not hold to the journal j. */
static int
import_append(struct journal *j, const struct movefile *m,
    struct present *p, struct journalmove_result *res, char *err,
    size_t errlen)
{
	struct movefile_fields	 f;
	struct obs		 o;
	struct buf		 b;
	char			 key[KEY_MAX];
	size_t			 i;
	int			 rc;

	buf_init(&b, m->textlen + 1);
	for (i = 0; i < m->n; i++) {
		movefile_fields(m, i, &f);
		obs_view(&f.o, &o);
		key_of(&o, f.feed, key);
		if (strtab_get(&p->keys, key) != NULL) {
			res->present++;
			continue;
		}
		buf_add(&b, m->text + m->recs[i].off, m->recs[i].len);
		res->records++;
	}
	rc = journal_append_lines(j, b.data, b.len, err, errlen);
	buf_free(&b);
	return rc;
}

/* Open (creating data_dir, one level) and lock conf's journal. */
static struct journal *
import_open(const struct config *conf, struct present *p, char *err,
    size_t errlen)
{
	struct journal_report	 rep;
	struct journal		*j;
	char			*path;

	if (mkdir(conf->data_dir, 0750) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", conf->data_dir,
		    strerror(errno));
		return NULL;
	}
	xasprintf(&path, "%s/journal", conf->data_dir);
	if ((j = journal_open(path, present_cb, p, &rep, err,
	    errlen)) != NULL)
		recover_log_journal(path, &rep);
	journal_report_free(&rep);
	free(path);
	return j;
}

int
journalmove_import(const struct config *conf, const char *file,
    struct journalmove_result *res, char *err, size_t errlen)
{
	struct movefile	 m;
	struct present	 p;
	struct journal	*j = NULL;
	char		*buf = NULL;
	size_t		 len;
	int		 rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&m, 0, sizeof(m));
	memset(&p, 0, sizeof(p));
	if (import_read(file, &buf, &len, err, errlen) == -1 ||
	    movefile_parse(&m, file, buf, len, err, errlen) == -1 ||
	    import_check(conf, file, &m, &p, res, err, errlen) == -1 ||
	    (j = import_open(conf, &p, err, errlen)) == NULL ||
	    import_append(j, &m, &p, res, err, errlen) == -1)
		goto out;
	/* Over TCP a start after a clean stop trusts each file's LAST. */
	if (res->records > 0 && store_unmark_clean(conf->data_dir) == -1) {
		snprintf(err, errlen, "%s/rrd.clean: %s (the records are "
		    "appended; remove it before the next start)",
		    conf->data_dir, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	journal_close(j);
	strtab_free_strings(&p.ids);
	strtab_free_strings(&p.keys);
	movefile_free(&m);
	free(buf);
	return rc;
}

int
journalmove_export_main(const struct config *conf, const char *ids)
{
	struct journalmove_result	 res;
	char				*path, err[1024];
	int				 rc = 0;

	xasprintf(&path, "%s/journal", conf->data_dir);
	if (journalmove_export(path, ids, stdout, &res, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		rc = 1;
	} else {
		if (res.bad > 0)
			fprintf(stderr, "%s: %zu damaged lines skipped\n", path,
			    res.bad);
		fprintf(stderr, "exported %zu record%s of %zu indicator%s "
		    "from %s\n", res.records, res.records == 1 ? "" : "s",
		    res.indicators, res.indicators == 1 ? "" : "s", path);
	}
	free(path);
	return rc;
}

int
journalmove_import_main(const struct config *conf, const char *file)
{
	struct journalmove_result	 res;
	char				 err[1024];

	if (journalmove_import(conf, file, &res, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("imported %zu record%s of %zu indicator%s (%zu already "
	    "present) into %s/journal\n", res.records,
	    res.records == 1 ? "" : "s", res.indicators,
	    res.indicators == 1 ? "" : "s", res.present, conf->data_dir);
	return 0;
}
