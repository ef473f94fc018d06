/*
 * metrics.c: the /metrics exposition (see metrics.h).
 * No sample carries a timestamp: publish times are gauges of their own.
 */
#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "metrics.h"
#include "pfor.h"
#include "promtext.h"
#include "view.h"
#include "xmalloc.h"

static const struct promtext_family fam_value = {
    "indicatord_indicator_value", PROMTEXT_GAUGE, NULL,
    "Latest observed value of the indicator in its base unit." };
static const struct promtext_family fam_period_end = {
    "indicatord_indicator_period_end_timestamp_seconds", PROMTEXT_GAUGE,
    "seconds",
    "End of the latest observed period (UTC start of the next one)." };
static const struct promtext_family fam_age = {
    "indicatord_indicator_age_seconds", PROMTEXT_GAUGE, "seconds",
    "Time from the end of the latest observed period, measured hourly." };
static const struct promtext_family fam_stale = {
    "indicatord_indicator_stale", PROMTEXT_GAUGE, NULL,
    "1 when the latest data is older than the indicator's stale_after, else "
    "0." };
static const struct promtext_family fam_growth = {
    "indicatord_indicator_growth_ratio", PROMTEXT_GAUGE, "ratio",
    "Actual growth per year from the baseline to the latest observation "
    "(CAGR, or slope per year for the linear method)." };
static const struct promtext_family fam_target = {
    "indicatord_target_value", PROMTEXT_GAUGE, NULL,
    "Target value for the target year." };
static const struct promtext_family fam_projected = {
    "indicatord_target_projected_value", PROMTEXT_GAUGE, NULL,
    "Value projected to the target year at the actual growth." };
static const struct promtext_family fam_lower = {
    "indicatord_target_projected_lower_value", PROMTEXT_GAUGE, NULL,
    "Lower bound of the prediction interval at the target year (method "
    "trend)." };
static const struct promtext_family fam_upper = {
    "indicatord_target_projected_upper_value", PROMTEXT_GAUGE, NULL,
    "Upper bound of the prediction interval at the target year (method "
    "trend)." };
static const struct promtext_family fam_probability = {
    "indicatord_target_probability_ratio", PROMTEXT_GAUGE, "ratio",
    "Probability that the target is met under the trend (method trend)." };
static const struct promtext_family fam_direction = {
    "indicatord_indicator_trend_status", PROMTEXT_GAUGE, NULL,
    "For an indicator without targets: 1 for the direction of its recent "
    "trend (improving, stable, deteriorating, unknown), 0 for the others." };
static const struct promtext_family fam_progress = {
    "indicatord_target_progress_ratio", PROMTEXT_GAUGE, "ratio",
    "R: actual growth divided by the growth required to meet the target." };
static const struct promtext_family fam_required = {
    "indicatord_target_required_growth_ratio", PROMTEXT_GAUGE, "ratio",
    "Growth per year required from the baseline to meet the target." };
static const struct promtext_family fam_status = {
    "indicatord_target_status", PROMTEXT_GAUGE, NULL,
    "1 for the target's current status, 0 for the others." };
static const struct promtext_family fam_feed_up = {
    "indicatord_feed_up", PROMTEXT_GAUGE, NULL,
    "1 if the feed's last run succeeded." };
static const struct promtext_family fam_feed_success = {
    "indicatord_feed_last_success_timestamp_seconds", PROMTEXT_GAUGE, "seconds",
    "Time of the feed's last successful run, 0 if none." };
static const struct promtext_family fam_feed_errors = {
    "indicatord_feed_errors", PROMTEXT_COUNTER, NULL,
    "Failed runs and rejected records of the feed." };
static const struct promtext_family fam_feed_rejected = {
    "indicatord_feed_records_rejected", PROMTEXT_COUNTER, NULL,
    "Records of the feed skipped: bad lines, bad cells, conflicting values." };
static const struct promtext_family fam_feed_unmatched = {
    "indicatord_feed_unmatched_codes", PROMTEXT_GAUGE, NULL,
    "Map entries that matched no record in the feed's last good run." };
static const struct promtext_family fam_observations = {
    "indicatord_observations", PROMTEXT_COUNTER, NULL,
    "Observations stored (new or changed) from the feed." };
static const struct promtext_family fam_journal_corrupt = {
    "indicatord_journal_corrupt_records", PROMTEXT_COUNTER, NULL,
    "Damaged journal records found at start-up (moved to "
    "journal.damaged.<time>)." };
static const struct promtext_family fam_skipped = {
    "indicatord_observations_skipped", PROMTEXT_COUNTER, NULL,
    "Observations of indicators other shards own, skipped by this shard." };
static const struct promtext_family fam_build = {
    "indicatord_build_info", PROMTEXT_GAUGE, NULL,
    "Build information; always 1." };

static int
has_conf(const struct iview *ind)
{
	return ind->conf != NULL;
}

/*
 * The families of the indicators part, in the order of the exposition. Each
 * block of indicators has a part (its samples) of each.
 */
enum fam {
	F_VALUE, F_PERIOD_END, F_AGE, F_STALE, F_GROWTH, F_TARGET,
	F_PROJECTED, F_LOWER, F_UPPER, F_PROBABILITY, F_PROGRESS, F_REQUIRED,
	F_STATUS, F_DIRECTION, NFAM
};

static const struct promtext_family *const fams[NFAM] = {
	&fam_value, &fam_period_end, &fam_age, &fam_stale, &fam_growth,
	&fam_target, &fam_projected, &fam_lower, &fam_upper, &fam_probability,
	&fam_progress, &fam_required, &fam_status, &fam_direction
};

/* Where a per-target family's value is in struct eval_result. */
static size_t
target_offset(enum fam f)
{
	switch (f) {
	case F_PROJECTED:
		return offsetof(struct eval_result, projected);
	case F_LOWER:
		return offsetof(struct eval_result, trend_lower);
	case F_UPPER:
		return offsetof(struct eval_result, trend_upper);
	case F_PROBABILITY:
		return offsetof(struct eval_result, probability);
	case F_PROGRESS:
		return offsetof(struct eval_result, ratio);
	case F_REQUIRED:
		return offsetof(struct eval_result, required);
	default:
		return (size_t)-1;	/* F_TARGET: the configured value */
	}
}

static void
render_indicator(struct buf *b, const struct iview *ind, enum fam f)
{
	size_t	 j;

	if (f == F_GROWTH ? isnan(ind->growth) : ind->series->n == 0)
		return;
	promtext_begin(b, fams[f]);
	promtext_label(b, 1, "indicator", ind->id);
	if (f == F_VALUE) {
		promtext_label(b, 0, "unit", ind->conf->unit);
		for (j = 0; j < ind->conf->nlabels; j++)
			promtext_label(b, 0, ind->conf->labels[j].name,
			    ind->conf->labels[j].value);
		promtext_end(b, ind->series->pts[ind->series->n - 1].value);
	} else if (f == F_PERIOD_END)
		promtext_end(b, (double)point_end(&ind->series->pts[
		    ind->series->n - 1]));
	else if (f == F_AGE)
		promtext_end(b, ind->age);
	else if (f == F_STALE)
		promtext_end(b, ind->stale);
	else
		promtext_end(b, ind->growth);
}

/* One per-target family of ind; NAN values are left out. */
static void
render_targets(struct buf *b, const struct iview *ind, enum fam f)
{
	char	 year[16];
	double	 v;
	size_t	 off = target_offset(f), j;

	for (j = 0; j < ind->conf->ntargets; j++) {
		if (off == (size_t)-1)
			v = ind->conf->targets[j].value;
		else
			memcpy(&v, (const char *)&ind->results[j] + off,
			    sizeof(v));
		/* The interval is the trend method's: not beside another. */
		if (isnan(v) || (f >= F_LOWER && f <= F_PROBABILITY &&
		    ind->results[j].method != EVAL_TREND))
			continue;
		snprintf(year, sizeof(year), "%d", ind->conf->targets[j].year);
		promtext_begin(b, fams[f]);
		promtext_label(b, 1, "indicator", ind->id);
		promtext_label(b, 0, "target_year", year);
		promtext_end(b, v);
	}
}

static void
render_status(struct buf *b, const struct iview *ind)
{
	char	 year[16];
	size_t	 j;
	int	 s;

	for (j = 0; j < ind->conf->ntargets; j++) {
		snprintf(year, sizeof(year), "%d", ind->conf->targets[j].year);
		for (s = 0; s < EVAL_NSTATUS; s++) {
			promtext_begin(b, &fam_status);
			promtext_label(b, 1, "indicator", ind->id);
			promtext_label(b, 0, "target_year", year);
			promtext_label(b, 0, "status", eval_status_name(s));
			promtext_end(b, ind->results[j].status ==
			    (enum eval_status)s ? 1 : 0);
		}
	}
}

/* The direction of an indicator without targets (open-sdg's progress). */
static void
render_direction(struct buf *b, const struct iview *ind)
{
	int	 d;

	if (ind->conf->ntargets > 0)
		return;
	for (d = 0; d < EVAL_NDIRECTION; d++) {
		promtext_begin(b, &fam_direction);
		promtext_label(b, 1, "indicator", ind->id);
		promtext_label(b, 0, "status", eval_direction_name(d));
		promtext_end(b, ind->direction == d ? 1 : 0);
	}
}

/*
 * A block's segment of each family as the last render made it (NULL: no
 * samples), and the indicators it was rendered from.
 */
struct mblock {
	const struct iview *ind[METRICS_BLOCK];
	size_t		 n;
	struct seg	*seg[NFAM];
};

struct metrics_cache {
	struct mblock	*blk;
	size_t		 nblk;
	struct seg	*head[NFAM + 1];	/* the families', build_info */
	struct seg	*unit[NFAM + 1];	/* their UNIT lines, or NULL */
	int		 done;		/* a render was made */
	struct view	*lastv;		/* what it was rendered from (a
					   reference: its iviews are those
					   of blk) */
};

static void
header_render(struct buf *b, const struct promtext_family *f, int om,
    int sample)
{
	promtext_header(b, f, om);
	if (sample) {
		promtext_begin(b, f);
		promtext_label(b, 1, "version", INDICATORD_VERSION);
		promtext_end(b, 1);
	}
}

/*
 * Each family's header as a segment of both formats and, for OpenMetrics,
 * what it adds after it (the UNIT line) as a segment of its own.
 */
struct metrics_cache *
metrics_cache_new(void)
{
	struct metrics_cache	*c;
	const struct promtext_family	*f;
	struct seg_deflater	*d;
	struct buf		 b0, b1;
	int			 i;

	c = xcalloc(1, sizeof(*c));
	d = seg_deflater_new();
	buf_init(&b0, 512);
	buf_init(&b1, 512);
	for (i = 0; i <= NFAM; i++) {
		f = i < NFAM ? fams[i] : &fam_build;
		b0.len = b1.len = 0;
		header_render(&b0, f, 0, i == NFAM);
		header_render(&b1, f, 1, i == NFAM);
		if (b1.len < b0.len || memcmp(b1.data, b0.data, b0.len) != 0)
			fatalx("metrics: %s: text 0.0.4 header is not a prefix",
			    f->name);
		c->head[i] = seg_new(b0.data, b0.len, 0, d);
		if (b1.len > b0.len)
			c->unit[i] = seg_new(b1.data + b0.len, b1.len - b0.len,
			    1, d);
	}
	seg_deflater_free(d);
	buf_free(&b0);
	buf_free(&b1);
	return c;
}

static void
block_clear(struct mblock *k)
{
	int	 f;

	for (f = 0; f < NFAM; f++) {
		seg_unref(k->seg[f]);
		k->seg[f] = NULL;
	}
}

void
metrics_cache_free(struct metrics_cache *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nblk; i++)
		block_clear(&c->blk[i]);
	free(c->blk);
	for (i = 0; i <= NFAM; i++) {
		seg_unref(c->head[i]);
		seg_unref(c->unit[i]);
	}
	view_unref(c->lastv);
	free(c);
}

/*
 * Whether k was rendered from these n indicators as they are now: an iview
 * is immutable, and the cache keeps those it rendered.
 */
static int
block_fresh(const struct mblock *k, struct iview *const *ind, size_t n)
{
	size_t	 j;

	if (k->n != n)
		return 0;
	for (j = 0; j < n; j++)
		if (k->ind[j] != ind[j])
			return 0;
	return 1;
}

/* The number of indicators of n in block i. */
static size_t
block_len(size_t n, size_t i)
{
	n -= i * METRICS_BLOCK;
	return n > METRICS_BLOCK ? METRICS_BLOCK : n;
}

/* Size c for nblk blocks; the blocks past them go. */
static void
cache_size(struct metrics_cache *c, size_t nblk)
{
	size_t	 i;

	for (i = nblk; i < c->nblk; i++)
		block_clear(&c->blk[i]);
	if (nblk != c->nblk) {
		c->blk = xreallocarray(c->blk, nblk + 1, sizeof(*c->blk));
		if (nblk > c->nblk)
			memset(&c->blk[c->nblk], 0, (nblk - c->nblk) *
			    sizeof(*c->blk));
		c->nblk = nblk;
	}
}

/* Append family f's samples of the n indicators from ind. */
static void
family_render(struct buf *b, struct iview *const *ind, size_t n,
    enum fam f)
{
	size_t	 j;

	for (j = 0; j < n; j++) {
		if (!has_conf(ind[j]))
			continue;
		if (f <= F_GROWTH)
			render_indicator(b, ind[j], f);
		else if (f == F_STATUS)
			render_status(b, ind[j]);
		else if (f == F_DIRECTION)
			render_direction(b, ind[j]);
		else
			render_targets(b, ind[j], f);
	}
}

/*
 * Render block k anew from the n indicators at ind: a segment a family,
 * compressed with d as it is made.
 */
static void
block_render(struct mblock *k, struct iview *const *ind, size_t n,
    struct buf *b, struct seg_deflater *d)
{
	size_t	 j;
	int	 f;

	block_clear(k);
	for (f = 0; f < NFAM; f++) {
		b->len = 0;
		family_render(b, ind, n, (enum fam)f);
		if (b->len > 0)
			k->seg[f] = seg_new(b->data, b->len, 0, d);
	}
	k->n = n;
	for (j = 0; j < n; j++)
		k->ind[j] = ind[j];
}

/*
 * The blocks of a render, each CPU a run of them with its own buffer and
 * deflater. Below METRICS_SPREAD_MIN blocks (32 indicators each) one CPU
 * does it: starting a thread would cost about what it saves.
 */
#define METRICS_SPREAD_MIN	64

struct render_job {
	struct metrics_cache	*c;
	struct iview *const	*ind;
	size_t			 n;
	const size_t		*todo;		/* blocks to render */
	size_t			 ntodo;
	unsigned		 parts;
};

static void
render_part(void *arg, size_t p)
{
	struct render_job	*j = arg;
	struct seg_deflater	*d;
	struct buf		 b;
	size_t			 i, k;

	d = seg_deflater_new();
	buf_init(&b, 16384);
	for (i = j->ntodo * p / j->parts; i < j->ntodo * (p + 1) / j->parts;
	    i++) {
		k = j->todo[i];
		block_render(&j->c->blk[k], j->ind + k * METRICS_BLOCK,
		    block_len(j->n, k), &b, d);
	}
	seg_deflater_free(d);
	buf_free(&b);
}

/*
 * The blocks in which an indicator changed are rendered anew, each
 * segment compressed as it is made: a full render never holds more text
 * than one block's family a CPU. Then family by family its header, its
 * UNIT line, and each block's segment.
 */
struct snapshot *
metrics_render(struct metrics_cache *c, struct view *v,
    struct iview *const *ind, size_t n)
{
	struct render_job	 j = { .c = c, .ind = ind, .n = n };
	struct snapshot		*s;
	size_t			 nblk, i, *todo;
	int			 f;

	nblk = (n + METRICS_BLOCK - 1) / METRICS_BLOCK;
	cache_size(c, nblk);
	s = snapshot_new(nblk * NFAM + 2 * (NFAM + 1));
	todo = xreallocarray(NULL, nblk + 1, sizeof(*todo));
	for (i = 0; i < nblk; i++)
		if (!c->done || !block_fresh(&c->blk[i],
		    ind + i * METRICS_BLOCK, block_len(n, i)))
			todo[j.ntodo++] = i;
	j.todo = todo;
	j.parts = j.ntodo >= METRICS_SPREAD_MIN ? pfor_cpus() : 1;
	if (j.ntodo > 0)
		pfor(j.parts, j.parts, render_part, &j);
	s->rendered = j.ntodo;
	free(todo);
	for (f = 0; f <= NFAM; f++) {
		snapshot_add(s, c->head[f]);
		if (c->unit[f] != NULL)
			snapshot_add(s, c->unit[f]);
		for (i = 0; f < NFAM && i < nblk; i++)
			if (c->blk[i].seg[f] != NULL)
				snapshot_add(s, c->blk[i].seg[f]);
	}
	c->done = 1;
	/* The blocks point at v's iviews: keep v while they do. */
	view_unref(c->lastv);
	c->lastv = view_ref(v);
	return s;
}

struct snapshot *
metrics_build(struct view *v)
{
	struct metrics_cache	*c = metrics_cache_new();
	struct snapshot		*s;

	s = metrics_render(c, v, v->ind, v->nind);
	snapshot_compress(s);
	metrics_cache_free(c);
	return s;
}

static void
render_feed_family(struct buf *b, const struct view *v, int om,
    const struct promtext_family *f)
{
	const struct feed_state	*fs;
	double			 x;
	size_t			 i;

	promtext_header(b, f, om);
	for (i = 0; i < v->nfeeds; i++) {
		fs = &v->feeds[i];
		if (f == &fam_feed_up)
			x = fs->up;
		else if (f == &fam_feed_success)
			x = fs->last_success;
		else if (f == &fam_feed_errors)
			x = (double)fs->errors;
		else if (f == &fam_feed_rejected)
			x = (double)fs->rejected;
		else if (f == &fam_feed_unmatched)
			x = (double)fs->nunmatched;
		else
			x = (double)fs->observations;
		promtext_begin(b, f);
		promtext_label(b, 1, "feed", fs->name);
		promtext_end(b, x);
	}
}

void
metrics_feeds(struct buf *b, int om, const struct view *v)
{
	render_feed_family(b, v, om, &fam_feed_up);
	render_feed_family(b, v, om, &fam_feed_success);
	render_feed_family(b, v, om, &fam_feed_errors);
	render_feed_family(b, v, om, &fam_feed_rejected);
	render_feed_family(b, v, om, &fam_feed_unmatched);
	render_feed_family(b, v, om, &fam_observations);
	promtext_header(b, &fam_journal_corrupt, om);
	promtext_sample(b, &fam_journal_corrupt, (double)v->journal_corrupt);
	if (v->conf != NULL && v->conf->shard_count > 0) {
		promtext_header(b, &fam_skipped, om);
		promtext_sample(b, &fam_skipped, (double)v->skipped);
	}
}

static int
proc_stat(double *cpu, double *vsize, double *rss)
{
	char			 line[1024], *p;
	unsigned long		 ut, st, vs;
	long			 rs;
	FILE			*f;
	int			 rc = -1;

	if ((f = fopen("/proc/self/stat", "r")) == NULL)
		return -1;
	if (fgets(line, sizeof(line), f) != NULL &&
	    (p = strrchr(line, ')')) != NULL &&
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu "
	    "%*d %*d %*d %*d %*d %*d %*u %lu %ld", &ut, &st, &vs, &rs) == 4) {
		*cpu = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
		*vsize = (double)vs;
		*rss = (double)rs * (double)sysconf(_SC_PAGESIZE);
		rc = 0;
	}
	fclose(f);
	return rc;
}

static double
open_fds(void)
{
	DIR		*d;
	struct dirent	*de;
	double		 n = 0;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return NAN;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory stream's own fd */
}

static void
process_gauge(struct buf *b, int om, const char *name,
    enum promtext_type type, const char *help, double v)
{
	const struct promtext_family f = { name, type, NULL, help };

	promtext_header(b, &f, om);
	buf_puts(b, name);
	if (type == PROMTEXT_COUNTER)
		buf_puts(b, "_total");
	buf_puts(b, " ");
	buf_double(b, v);
	buf_puts(b, "\n");
}

/*
 * Reading /proc (an open, a read, a directory walk) and formatting the
 * values cost more than serving the whole pre-rendered exposition, so
 * scrapes within PROC_TTL_MS of each other share one reading, rendered
 * once in each format.
 */
#define PROC_TTL_MS	100

static pthread_mutex_t	 proc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct buf	 proc_text[2];		/* text 0.0.4, OpenMetrics */
static struct timespec	 proc_at;
static double		 proc_start;
static int		 proc_valid;
static uint64_t	 proc_epoch;		/* bumped at every refresh */

static void
process_render(struct buf *b, int om, double start_time)
{
	struct rlimit	 rl;
	double		 cpu, vsize, rss;

	if (proc_stat(&cpu, &vsize, &rss) == 0) {
		process_gauge(b, om, "process_cpu_seconds", PROMTEXT_COUNTER,
		    "Total user and system CPU time spent in seconds.", cpu);
		process_gauge(b, om, "process_virtual_memory_bytes", PROMTEXT_GAUGE,
		    "Virtual memory size in bytes.", vsize);
		process_gauge(b, om, "process_resident_memory_bytes", PROMTEXT_GAUGE,
		    "Resident memory size in bytes.", rss);
	}
	process_gauge(b, om, "process_start_time_seconds", PROMTEXT_GAUGE,
	    "Start time of the process since unix epoch in seconds.",
	    start_time);
	process_gauge(b, om, "process_open_fds", PROMTEXT_GAUGE,
	    "Number of open file descriptors.", open_fds());
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		process_gauge(b, om, "process_max_fds", PROMTEXT_GAUGE,
		    "Maximum number of open file descriptors.",
		    rl.rlim_cur == RLIM_INFINITY ? INFINITY :
		    (double)rl.rlim_cur);
}

/* Refresh the process_* texts if older than PROC_TTL_MS. Holds proc_lock. */
static void
process_refresh(double start_time)
{
	struct timespec	 now;
	double		 age;
	int		 i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	age = clock_diff_ms(&now, &proc_at);
	if (proc_valid && age < PROC_TTL_MS && age >= 0 &&
	    proc_start == start_time)
		return;
	for (i = 0; i < 2; i++) {
		if (!proc_valid)
			buf_init(&proc_text[i], 1024);
		proc_text[i].len = 0;
		process_render(&proc_text[i], i, start_time);
	}
	proc_at = now;
	proc_start = start_time;
	proc_valid = 1;
	proc_epoch++;
}

void
metrics_process(struct buf *b, int om, double start_time)
{
	pthread_mutex_lock(&proc_lock);
	process_refresh(start_time);
	buf_add(b, proc_text[om != 0].data, proc_text[om != 0].len);
	pthread_mutex_unlock(&proc_lock);
}

uint64_t
metrics_process_gen(double start_time)
{
	uint64_t	 gen;

	pthread_mutex_lock(&proc_lock);
	process_refresh(start_time);
	gen = proc_epoch;
	pthread_mutex_unlock(&proc_lock);
	return gen;
}
