/*
 * metrics.c: the /metrics exposition (see metrics.h).
 * No sample carries a timestamp: publish times are gauges of their own.
 */
#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "log.h"
#include "metrics.h"
#include "registry.h"
#include "xmalloc.h"

enum mtype { GAUGE, COUNTER };

struct family {
	const char	*name;		/* without _total for counters */
	enum mtype	 type;
	const char	*unit;		/* OpenMetrics UNIT, or NULL */
	const char	*help;
};

static const struct family fam_value = { "indicatord_indicator_value", GAUGE,
    NULL, "Latest observed value of the indicator in its base unit." };
static const struct family fam_period_end = {
    "indicatord_indicator_period_end_timestamp_seconds", GAUGE, "seconds",
    "End of the latest observed period (UTC start of the next one)." };
static const struct family fam_growth = { "indicatord_indicator_growth_ratio",
    GAUGE, "ratio", "Actual growth per year from the baseline to the latest "
    "observation (CAGR, or slope per year for the linear method)." };
static const struct family fam_target = { "indicatord_target_value", GAUGE,
    NULL, "Target value for the target year." };
static const struct family fam_projected = {
    "indicatord_target_projected_value", GAUGE, NULL,
    "Value projected to the target year at the actual growth." };
static const struct family fam_progress = {
    "indicatord_target_progress_ratio", GAUGE, "ratio",
    "R: actual growth divided by the growth required to meet the target." };
static const struct family fam_required = {
    "indicatord_target_required_growth_ratio", GAUGE, "ratio",
    "Growth per year required from the baseline to meet the target." };
static const struct family fam_status = { "indicatord_target_status", GAUGE,
    NULL, "1 for the target's current status, 0 for the others." };
static const struct family fam_feed_up = { "indicatord_feed_up", GAUGE, NULL,
    "1 if the feed's last run succeeded." };
static const struct family fam_feed_success = {
    "indicatord_feed_last_success_timestamp_seconds", GAUGE, "seconds",
    "Time of the feed's last successful run, 0 if none." };
static const struct family fam_feed_errors = { "indicatord_feed_errors",
    COUNTER, NULL, "Failed runs and rejected lines of the feed." };
static const struct family fam_observations = { "indicatord_observations",
    COUNTER, NULL, "Observations stored (new or changed) from the feed." };
static const struct family fam_build = { "indicatord_build_info", GAUGE, NULL,
    "Build information; always 1." };

void
metrics_label_escape(struct buf *b, const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++) {
		if (*p == '\\')
			buf_puts(b, "\\\\");
		else if (*p == '"')
			buf_puts(b, "\\\"");
		else if (*p == '\n')
			buf_puts(b, "\\n");
		else
			buf_add(b, p, 1);
	}
}

static void
family_header(struct buf *b, const struct family *f, int om)
{
	/* Text 0.0.4 names counter families with _total, OpenMetrics not. */
	const char	*sfx = f->type == COUNTER && !om ? "_total" : "";

	buf_printf(b, "# HELP %s%s %s\n", f->name, sfx, f->help);
	buf_printf(b, "# TYPE %s%s %s\n", f->name, sfx,
	    f->type == COUNTER ? "counter" : "gauge");
	if (om && f->unit != NULL)
		buf_printf(b, "# UNIT %s %s\n", f->name, f->unit);
}

/*
 * The header of a snapshot family: the same in both formats but for
 * OpenMetrics' UNIT line, whose place is kept in s. Snapshot families are
 * gauges (a counter's header differs: _total in text 0.0.4).
 */
static void
snap_header(struct buf *b, const struct family *f, struct snapshot *s)
{
	family_header(b, f, 0);
	if (f->unit == NULL || s->nunits == SNAP_UNITS_MAX)
		return;
	s->unit[s->nunits].at = b->len;
	snprintf(s->unit[s->nunits].line, sizeof(s->unit[0].line),
	    "# UNIT %s %s\n", f->name, f->unit);
	s->nunits++;
}

/* Start a sample: name{ (the caller adds labels, then sample_end). */
static void
sample_begin(struct buf *b, const struct family *f)
{
	buf_puts(b, f->name);
	if (f->type == COUNTER)
		buf_puts(b, "_total");
	buf_puts(b, "{");
}

static void
label(struct buf *b, int first, const char *name, const char *value)
{
	buf_printf(b, "%s%s=\"", first ? "" : ",", name);
	metrics_label_escape(b, value);
	buf_puts(b, "\"");
}

static void
sample_end(struct buf *b, double v)
{
	buf_puts(b, "} ");
	buf_double(b, v);
	buf_puts(b, "\n");
}

static int
has_conf(const struct indicator *ind)
{
	return ind->conf != NULL;
}

static void
render_indicators(struct buf *b, const struct registry *r, struct snapshot *s)
{
	const struct indicator	*ind;
	size_t			 i, j;

	snap_header(b, &fam_value, s);
	for (i = 0; i < r->nind; i++) {
		ind = r->ind[i];
		if (!has_conf(ind) || ind->npts == 0)
			continue;
		sample_begin(b, &fam_value);
		label(b, 1, "indicator", ind->id);
		label(b, 0, "unit", ind->conf->unit);
		for (j = 0; j < ind->conf->nlabels; j++)
			label(b, 0, ind->conf->labels[j].name,
			    ind->conf->labels[j].value);
		sample_end(b, ind->pts[ind->npts - 1].value);
	}
	snap_header(b, &fam_period_end, s);
	for (i = 0; i < r->nind; i++) {
		ind = r->ind[i];
		if (!has_conf(ind) || ind->npts == 0)
			continue;
		sample_begin(b, &fam_period_end);
		label(b, 1, "indicator", ind->id);
		sample_end(b, (double)ind->pts[ind->npts - 1].end);
	}
	snap_header(b, &fam_growth, s);
	for (i = 0; i < r->nind; i++) {
		ind = r->ind[i];
		if (!has_conf(ind) || isnan(ind->growth))
			continue;
		sample_begin(b, &fam_growth);
		label(b, 1, "indicator", ind->id);
		sample_end(b, ind->growth);
	}
}

/* One family of per-target values; NAN values are left out. */
static void
render_target_family(struct buf *b, const struct registry *r,
    struct snapshot *s, const struct family *f, size_t off)
{
	const struct indicator	*ind;
	char			 year[16];
	double			 v;
	size_t			 i, j;

	snap_header(b, f, s);
	for (i = 0; i < r->nind; i++) {
		ind = r->ind[i];
		if (!has_conf(ind))
			continue;
		for (j = 0; j < ind->conf->ntargets; j++) {
			if (off == (size_t)-1)
				v = ind->conf->targets[j].value;
			else
				memcpy(&v, (const char *)&ind->results[j] + off,
				    sizeof(v));
			if (isnan(v))
				continue;
			snprintf(year, sizeof(year), "%d",
			    ind->conf->targets[j].year);
			sample_begin(b, f);
			label(b, 1, "indicator", ind->id);
			label(b, 0, "target_year", year);
			sample_end(b, v);
		}
	}
}

static void
render_status(struct buf *b, const struct registry *r, struct snapshot *snap)
{
	const struct indicator	*ind;
	char			 year[16];
	size_t			 i, j;
	int			 s;

	snap_header(b, &fam_status, snap);
	for (i = 0; i < r->nind; i++) {
		ind = r->ind[i];
		if (!has_conf(ind))
			continue;
		for (j = 0; j < ind->conf->ntargets; j++) {
			snprintf(year, sizeof(year), "%d",
			    ind->conf->targets[j].year);
			for (s = 0; s < EVAL_NSTATUS; s++) {
				sample_begin(b, &fam_status);
				label(b, 1, "indicator", ind->id);
				label(b, 0, "target_year", year);
				label(b, 0, "status", eval_status_name(s));
				sample_end(b, ind->results[j].status ==
				    (enum eval_status)s ? 1 : 0);
			}
		}
	}
}

/* Caller holds r->feed_lock. */
static void
render_feed_family(struct buf *b, const struct registry *r, int om,
    const struct family *f)
{
	const struct feed_state	*fs;
	double			 v;
	size_t			 i;

	family_header(b, f, om);
	for (i = 0; i < r->nfeeds; i++) {
		fs = &r->feeds[i];
		if (f == &fam_feed_up)
			v = fs->up;
		else if (f == &fam_feed_success)
			v = fs->last_success;
		else if (f == &fam_feed_errors)
			v = (double)fs->errors;
		else
			v = (double)fs->observations;
		sample_begin(b, f);
		label(b, 1, "feed", fs->name);
		sample_end(b, v);
	}
}

static void
render(struct buf *b, const struct registry *r, struct snapshot *s)
{
	render_indicators(b, r, s);
	render_target_family(b, r, s, &fam_target, (size_t)-1);
	render_target_family(b, r, s, &fam_projected,
	    offsetof(struct eval_result, projected));
	render_target_family(b, r, s, &fam_progress,
	    offsetof(struct eval_result, ratio));
	render_target_family(b, r, s, &fam_required,
	    offsetof(struct eval_result, required));
	render_status(b, r, s);
	snap_header(b, &fam_build, s);
	sample_begin(b, &fam_build);
	label(b, 1, "version", INDICATORD_VERSION);
	sample_end(b, 1);
}

void
metrics_feeds(struct buf *b, int om, struct registry *r)
{
	pthread_mutex_lock(&r->feed_lock);
	render_feed_family(b, r, om, &fam_feed_up);
	render_feed_family(b, r, om, &fam_feed_success);
	render_feed_family(b, r, om, &fam_feed_errors);
	render_feed_family(b, r, om, &fam_observations);
	pthread_mutex_unlock(&r->feed_lock);
}

/*
 * Compress the n pieces of iov, in order: raw deflate (wbits -15) ending
 * with a sync flush, or a gzip member (wbits 31) ending with the last
 * block.
 */
static int
deflate_iov(const struct iovec *iov, size_t n, int level, int wbits,
    unsigned char **out, size_t *outlen)
{
	z_stream	 z;
	size_t		 cap, len = 0, i;
	int		 small, flush, want;

	for (i = 0; i < n; i++)
		len += iov[i].iov_len;
	small = len <= 4096;
	memset(&z, 0, sizeof(z));
	/* Small inputs (the per-request tail) need no 256 KiB of zlib state. */
	if (deflateInit2(&z, level, Z_DEFLATED, small ? (wbits < 0 ? -9 :
	    25) : wbits, small ? 1 : 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	cap = deflateBound(&z, (uLong)len) + 32 + 16 * n;
	*out = xmalloc(cap);
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	for (i = 0; i < n || i == 0; i++) {
		z.next_in = n > 0 ? (Bytef *)(uintptr_t)iov[i].iov_base : NULL;
		z.avail_in = n > 0 ? (uInt)iov[i].iov_len : 0;
		flush = i + 1 < n ? Z_NO_FLUSH : wbits < 0 ? Z_SYNC_FLUSH :
		    Z_FINISH;
		want = flush == Z_FINISH ? Z_STREAM_END : Z_OK;
		if (deflate(&z, flush) != want || z.avail_in != 0 ||
		    z.avail_out == 0) {
			deflateEnd(&z);
			free(*out);
			*out = NULL;
			return -1;
		}
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	/* The bound is for incompressible text: keep only what was used. */
	if (!small && *outlen + 4096 < cap)
		*out = xreallocarray(*out, *outlen, 1);
	return 0;
}

int
metrics_gzip(const void *in, size_t len, int level, unsigned char **out,
    size_t *outlen)
{
	struct iovec	 iov = { (void *)(uintptr_t)in, len };

	return deflate_iov(&iov, 1, level, 31, out, outlen);
}

const unsigned char metrics_gz_head[METRICS_GZ_HEAD] = {
	0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff	/* deflate, nothing optional */
};

static void
put_le32(unsigned char *p, unsigned long v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

int
metrics_gz_tail(const struct snapshot *s, int om, const char *tail,
    size_t taillen, unsigned char **out, size_t *outlen)
{
	struct iovec	 iov = { (void *)(uintptr_t)tail, taillen };
	unsigned char	*z;
	unsigned long	 crc;
	size_t		 zlen, total;

	/* The tail's blocks, the last one final, */
	if (deflate_iov(&iov, 1, 1, -15, &z, &zlen) == -1)
		return -1;
	/* then a final empty block, byte-aligned, */
	z = xreallocarray(z, zlen + 2 + 8, 1);
	z[zlen++] = 0x03;
	z[zlen++] = 0x00;
	/* then the trailer: CRC-32 and length of the whole text. */
	crc = crc32_combine(s->crc[om], crc32(crc32(0L, Z_NULL, 0),
	    (const Bytef *)tail, (uInt)taillen), (z_off_t)taillen);
	total = metrics_length(s, om) + taillen;
	put_le32(z + zlen, crc);
	put_le32(z + zlen + 4, (unsigned long)(total & 0xffffffffUL));
	*out = z;
	*outlen = zlen + 8;
	return 0;
}

size_t
metrics_pieces(const struct snapshot *s, int om, struct iovec *iov)
{
	size_t	 n = 0, at = 0, i;

	for (i = 0; om && i < s->nunits; i++) {
		iov[n].iov_base = s->text + at;
		iov[n++].iov_len = s->unit[i].at - at;
		iov[n].iov_base = (void *)(uintptr_t)s->unit[i].line;
		iov[n++].iov_len = strlen(s->unit[i].line);
		at = s->unit[i].at;
	}
	iov[n].iov_base = s->text + at;
	iov[n++].iov_len = s->len - at;
	return n;
}

size_t
metrics_length(const struct snapshot *s, int om)
{
	struct iovec	 iov[METRICS_PIECES_MAX];
	size_t		 n, i, len = 0;

	n = metrics_pieces(s, om, iov);
	for (i = 0; i < n; i++)
		len += iov[i].iov_len;
	return len;
}

/* Room for the text: the last one's size and a bit, or a guess. */
static size_t
text_hint(const struct registry *r, const struct snapshot *prev)
{
	if (prev != NULL && prev->len > 0)
		return prev->len + prev->len / 16 + 4096;
	return 4096 + r->nind * 2400;
}

struct snapshot *
metrics_render(const struct registry *r, const struct snapshot *prev)
{
	struct snapshot	*s;
	struct buf	 b;
	size_t		 hint = text_hint(r, prev);

	s = xcalloc(1, sizeof(*s));
	buf_init(&b, hint);
	render(&b, r, s);
	s->text = buf_release(&b, &s->len);
	/* Snapshots live long: give back what the guess left over. */
	if (hint > s->len + 4096)
		s->text = xreallocarray(s->text, s->len + 1, 1);
	return s;
}

void
metrics_compress(struct snapshot *s)
{
	struct iovec	 iov[METRICS_PIECES_MAX];
	size_t		 n, i;
	int		 om;

	for (om = 0; om < 2; om++) {
		n = metrics_pieces(s, om, iov);
		s->crc[om] = crc32(0L, Z_NULL, 0);
		for (i = 0; i < n; i++)
			s->crc[om] = crc32(s->crc[om], iov[i].iov_base,
			    (uInt)iov[i].iov_len);
		if (deflate_iov(iov, n, 6, -15, &s->gz[om], &s->gzlen[om]) ==
		    -1) {
			log_warnx("metrics: gzip failed; serving uncompressed");
			s->gz[om] = NULL;
			s->gzlen[om] = 0;
		}
	}
}

struct snapshot *
metrics_build(const struct registry *r)
{
	struct snapshot	*s;

	s = metrics_render(r, NULL);
	metrics_compress(s);
	return s;
}

/* utime, stime, vsize, rss from /proc/self/stat; -1 if unreadable. */
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
process_gauge(struct buf *b, int om, const char *name, const char *type,
    const char *help, double v)
{
	const char	*sfx = strcmp(type, "counter") == 0 ? "_total" : "";

	buf_printf(b, "# HELP %s%s %s\n# TYPE %s%s %s\n", name, om ? "" : sfx,
	    help, name, om ? "" : sfx, type);
	buf_puts(b, name);
	buf_puts(b, sfx);
	buf_puts(b, " ");
	buf_double(b, v);
	buf_puts(b, "\n");
}

/*
 * Reading /proc (an open, a read, a directory walk) and formatting the
 * values cost more than serving the whole pre-rendered exposition, so
 * scrapes within PROC_TTL_NS of each other share one reading, rendered
 * once in each format.
 */
#define PROC_TTL_NS	100000000LL

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
		process_gauge(b, om, "process_cpu_seconds", "counter",
		    "Total user and system CPU time spent in seconds.", cpu);
		process_gauge(b, om, "process_virtual_memory_bytes", "gauge",
		    "Virtual memory size in bytes.", vsize);
		process_gauge(b, om, "process_resident_memory_bytes", "gauge",
		    "Resident memory size in bytes.", rss);
	}
	process_gauge(b, om, "process_start_time_seconds", "gauge",
	    "Start time of the process since unix epoch in seconds.",
	    start_time);
	process_gauge(b, om, "process_open_fds", "gauge",
	    "Number of open file descriptors.", open_fds());
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		process_gauge(b, om, "process_max_fds", "gauge",
		    "Maximum number of open file descriptors.",
		    rl.rlim_cur == RLIM_INFINITY ? INFINITY :
		    (double)rl.rlim_cur);
}

/* Refresh the process_* texts if older than PROC_TTL_NS. Holds proc_lock. */
static void
process_refresh(double start_time)
{
	struct timespec	 now;
	long long	 age;
	int		 i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	age = (long long)(now.tv_sec - proc_at.tv_sec) * 1000000000LL +
	    (now.tv_nsec - proc_at.tv_nsec);
	if (proc_valid && age < PROC_TTL_NS && age >= 0 &&
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
