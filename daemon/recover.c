/*
 * recover.c: start-up reconciliation of the journal and the RRDs (see
 * recover.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "recover.h"
#include "rrdhead.h"

/* Damaged runs logged one by one; the rest are summed up. */
#define RECOVER_LOG_RUNS	20

void
recover_log_journal(const char *path, const struct journal_report *rep)
{
	const struct journal_damage	*d;
	size_t				 i;

	if (rep->created)
		log_info("journal %s: empty, started in format 3", path);
	if (rep->converted)
		log_info("journal %s: converted %zu records from format %d (%s) "
		    "to format 3; their stored time is not known (0)", path,
		    rep->records, rep->converted, rep->converted == 1 ?
		    "no checksums" : "no stored time");
	if (rep->torn_off != -1)
		log_info("journal %s: cut a torn last record at offset %lld "
		    "(%lld bytes, an append a crash interrupted)", path,
		    rep->torn_off, rep->torn_len);
	if (rep->completed)
		log_info("journal %s: the last record lacked its line end; "
		    "added", path);
	for (i = 0; i < rep->ndamage && i < RECOVER_LOG_RUNS; i++) {
		d = &rep->damage[i];
		log_warnx("journal %s: damaged record%s at offset %lld (%lld "
		    "bytes, %zu line%s) moved to %s", path,
		    d->records == 1 ? "" : "s", d->off, d->len, d->records,
		    d->records == 1 ? "" : "s", rep->damaged_path);
	}
	if (rep->ndamage > RECOVER_LOG_RUNS)
		log_warnx("journal %s: %zu more damaged runs", path,
		    rep->ndamage - RECOVER_LOG_RUNS);
	if (rep->split > 0)
		log_warnx("journal %s: %zu of them held two whole records each, "
		    "their line end damaged: those records are kept", path,
		    rep->split);
	if (rep->corrupt > 0)
		log_warnx("journal %s: %zu damaged records (%lld bytes) kept "
		    "in %s; %zu good records kept in the journal", path,
		    rep->corrupt, rep->corrupt_bytes, rep->damaged_path,
		    rep->records);
}

/* The UTC day that ends at t, as YYYY-MM-DD. */
static void
day(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	t -= STORE_STEP;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
}

/* Warn that id's file holds what the journal lacks; what happens next. */
static void
warn_ahead(const char *id, const struct store_diff *d, int force)
{
	char	 a[16], b[16], c[16], what[160];
	int	 n = 0;

	what[0] = '\0';
	if (d->extra > 0) {
		day(d->extra_first, a, sizeof(a));
		day(d->extra_last, b, sizeof(b));
		n = snprintf(what, sizeof(what), "%zu daily rows the journal "
		    "lacks (%s to %s)", d->extra, a, b);
	}
	if (d->differ > 0 && n >= 0 && (size_t)n < sizeof(what)) {
		day(d->differ_first, c, sizeof(c));
		snprintf(what + n, sizeof(what) - (size_t)n, "%s%zu periods "
		    "with other values than the damaged journal's (from %s)",
		    n > 0 ? " and " : "", d->differ, c);
	}
	if (force)
		log_warnx("indicator %s: its RRD holds %s; rebuilding it from "
		    "the journal (--rebuild)", id, what);
	else
		log_warnx("indicator %s: its RRD holds %s; kept as it is, not "
		    "rebuilt (start with --rebuild to rebuild it from the "
		    "journal)", id, what);
}

/* How the log names an older layout. */
static const char *
layout_name(enum rrdhead_layout l)
{
	return l == RRDHEAD_OLD_LAST ? "4-archive" : "12000/400";
}

static void
warn_unmigrated(struct store *s, const char *id, enum rrdhead_layout l)
{
	char	*path;

	path = store_path(s, id);
	log_warnx("rrd: %s keeps the old %s layout: it holds values the "
	    "journal lacks, so it is not rebuilt in the current one", path,
	    layout_name(l));
	free(path);
}

enum recover_action
recover_check(struct store *s, const char *id, const struct store_point *pts,
    size_t n, int damaged, int force, struct recover_old *old)
{
	struct store_diff	 d;
	char			 err[512];
	int			 migrate;

	memset(old, 0, sizeof(*old));
	if (n > 0 && !damaged && !force && store_current(s, id,
	    pts[n - 1].end))
		return RECOVER_OK;
	/* Only a damaged journal can have lost records before its first. */
	if (store_compare(s, id, pts, n, damaged, &d, err, sizeof(err)) == -1) {
		log_info("rebuilding %s: %s", id, err);
		return RECOVER_REBUILD;
	}
	if ((migrate = d.layout == RRDHEAD_OLD_LAST ||
	    d.layout == RRDHEAD_OLD_12000)) {
		old->layout = d.layout;
		old->size = d.size;
	}
	if (d.extra > 0 || (damaged && d.differ > 0)) {
		warn_ahead(id, &d, force);
		if (force)
			return RECOVER_REBUILD;
		if (migrate)
			warn_unmigrated(s, id, d.layout);
		memset(old, 0, sizeof(*old));
		return RECOVER_HOLD;
	}
	if (d.missing > 0 || d.differ > 0) {
		log_info("rebuilding %s: %zu periods of the journal missing "
		    "from its RRD, %zu holding other values", id, d.missing,
		    d.differ);
		return RECOVER_REBUILD;
	}
	return migrate ? RECOVER_REBUILD : RECOVER_OK;
}

void
recover_migrated(struct recover_migration *m, struct store *s,
    const char *id, const struct recover_old *old)
{
	long long	 size;
	char		*path;

	path = store_path(s, id);
	rrdhead_layout(path, &size);
	free(path);
	__atomic_add_fetch(&m->files[old->layout], 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&m->before[old->layout], old->size,
	    __ATOMIC_RELAXED);
	__atomic_add_fetch(&m->after, size, __ATOMIC_RELAXED);
}

/*
 * Every file of an older layout has its layout's size, and every new file
 * another (one value, fixed archives): the sums divided by the counts are
 * those. One info line; none if nothing moved.
 */
void
recover_log_migration(const struct recover_migration *m, double seconds)
{
	const enum rrdhead_layout a = RRDHEAD_OLD_LAST,
	    b = RRDHEAD_OLD_12000;
	size_t		 n = m->files[a] + m->files[b];
	char		 from[96];

	if (n == 0)
		return;
	if (m->files[a] > 0 && m->files[b] > 0)
		snprintf(from, sizeof(from), "%zu of %lld and %zu of %lld",
		    m->files[a], m->before[a] / (long long)m->files[a],
		    m->files[b], m->before[b] / (long long)m->files[b]);
	else
		snprintf(from, sizeof(from), "%lld", (m->before[a] +
		    m->before[b]) / (long long)n);
	log_info("rrd: migrated %zu RRD files to the current layout (%s -> "
	    "%lld bytes each, %.1f MB -> %.1f MB) from the journal in %.1f s",
	    n, from, m->after / (long long)n, (m->before[a] + m->before[b]) /
	    1e6, m->after / 1e6, seconds);
}

int
recover_lost(struct store *s, const char *id, const struct store_point *pts,
    size_t n)
{
	struct store_diff	 d;
	char			 err[512];

	if (store_compare(s, id, pts, n, 0, &d, err, sizeof(err)) == -1) {
		log_warnx("indicator %s: %s; rebuilding from the journal", id,
		    err);
		return 1;
	}
	if (d.missing == 0 && d.differ == 0)
		return 0;
	log_warnx("indicator %s: %zu periods written through rrdcached are "
	    "missing from its RRD and %zu hold other values (rrdcached lost "
	    "its queue); rebuilding from the journal", id, d.missing,
	    d.differ);
	return 1;
}
