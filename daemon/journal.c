/*
 * journal.c: append-only, fsynced observation journal (see journal.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "crc32c.h"
#include "journal.h"
#include "num.h"
#include "xmalloc.h"

/* Records formatted and written per round of a big batch. */
#define JOURNAL_ROUND	32768

/* Replay reads this much at a time. */
#define JOURNAL_CHUNK	(256 * 1024)
/* A longer line is damage, read in pieces of this size. */
#define JOURNAL_LINE_MAX	(1024 * 1024)
/* The rewrite's buffer: a piece and its checksum fit. */
#define JOURNAL_OUTBUF	(JOURNAL_LINE_MAX + 16)

struct journal {
	int		 fd;
	char		*path;
	long long	 size;
};

/* Copy s into dst replacing TAB, CR and LF (field and record separators). */
static void
clean_copy(char *dst, size_t dstlen, const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0' && i + 1 < dstlen; i++)
		dst[i] = (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ?
		    ' ' : s[i];
	dst[i] = '\0';
}

/*
 * Split line into at most 6 TAB-separated fields, the last one the rest of
 * the line; returns the count.
 */
static int
split_fields(const char *line, size_t len, const char *f[6], size_t flen[6])
{
	const char	*p = line, *end = line + len, *tab;
	int		 n = 0;

	while (n < 6) {
		tab = n < 5 ? memchr(p, '\t', (size_t)(end - p)) : NULL;
		f[n] = p;
		flen[n] = (size_t)((tab != NULL ? tab : end) - p);
		n++;
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	return n;
}

/*
 * A stored time: decimal digits, at most 12 (the year 33658), no leading
 * zero but in "0", so that each time has one spelling.
 */
static int
parse_stored(const char *p, size_t len, time_t *t)
{
	long long	 v = 0;
	size_t		 i;

	if (len == 0 || len > 12 || (p[0] == '0' && len > 1))
		return -1;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*t = (time_t)v;
	return 0;
}

/* The five fields every format has, from f[0, 5). */
static int
parse_fields(const char *const f[5], const size_t flen[5], struct obs_buf *o,
    char *feed, size_t feedlen)
{
	char		 num[64], perr[128], *end;
	size_t		 srclen = flen[4];

	if (!obs_valid_id(f[0], flen[0]) || flen[3] >= feedlen ||
	    flen[2] == 0 || flen[2] >= sizeof(num))
		return -1;
	memcpy(o->indicator, f[0], flen[0]);
	if (period_parse(f[1], flen[1], &o->period, perr, sizeof(perr)) == -1)
		return -1;
	if (num_parse(f[2], flen[2], &o->value) == -1) {
		memcpy(num, f[2], flen[2]);
		num[flen[2]] = '\0';
		o->value = strtod(num, &end);
		if (*end != '\0' || !isfinite(o->value))
			return -1;
	}
	memcpy(feed, f[3], flen[3]);
	feed[flen[3]] = '\0';
	if (srclen >= sizeof(o->source))
		srclen = sizeof(o->source) - 1;
	memcpy(o->source, f[4], srclen);
	return 0;
}

int
journal_parse_line(const char *line, size_t len, int format,
    struct obs_buf *o, char *feed, size_t feedlen, time_t *stored)
{
	const char	*f[6];
	size_t		 flen[6];
	int		 n;

	*stored = 0;
	memset(o, 0, sizeof(*o));
	if (memchr(line, '\0', len) != NULL)
		return -1;
	n = split_fields(line, len, f, flen);
	if (n < 5 || (format == 3 && n != 6) || (format == 1 && n != 5) ||
	    (n == 6 && parse_stored(f[5], flen[5], stored) == -1) ||
	    parse_fields(f, flen, o, feed, feedlen) == -1)
		return -1;
	return n;
}

/* Write every byte of iov[0, n) at off. */
static int
write_all(int fd, struct iovec *iov, size_t n, off_t off)
{
	ssize_t	 w;

	while (n > 0) {
		w = pwritev(fd, iov, (int)n, off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		off += w;
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

long
journal_check_line(const char *line, size_t len)
{
	uint32_t	 want = 0;
	size_t		 i;
	int		 d;

	if (len < 10 || line[len - 9] != '\t')
		return -1;
	for (i = len - 8; i < len; i++) {
		if (line[i] >= '0' && line[i] <= '9')
			d = line[i] - '0';
		else if (line[i] >= 'a' && line[i] <= 'f')
			d = line[i] - 'a' + 10;
		else
			return -1;
		want = want << 4 | (uint32_t)d;
	}
	if (crc32c(0, line, len - 9) != want)
		return -1;
	return (long)(len - 9);
}

/*
 * A last line without LF that a crash during an append can leave: a
 * prefix of a record, with no control bytes, starting with an id.
 */
static int
looks_torn(const char *p, size_t len)
{
	size_t	 i, tabs = 0;

	if (len >= JOURNAL_LINE_MAX || !(p[0] >= 'a' && p[0] <= 'z'))
		return 0;
	for (i = 0; i < len; i++) {
		if (p[i] == '\t')
			tabs++;
		else if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		else if (tabs == 0 && !((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
			return 0;
	}
	return tabs <= 6;
}

/* What journal_open's passes over the file share. */
struct scan {
	struct journal	*j;
	journal_cb	 cb;
	void		*arg;
	struct journal_report *rep;
	char		*err;
	size_t		 errlen;
	int		 format;	/* 1 (no checksums), 2 or 3 */
	size_t		 hlen;		/* the length of its header line, or 0 */
	size_t		 nrec;		/* records replayed */
	int		 piece;	/* the last line came in pieces */
	int		 out;		/* the rewrite (tmp), or -1 */
	char		*tmp;
	char		*outbuf;
	size_t		 outlen;
	long long	 outsize;
	int		 side;		/* PATH.damaged.<time>, or -1 */
	size_t		 capdamage;
};

/*
 * Call fn for each line of the file (without its LF; complete is 0 for a
 * last line without one), a chunk at a time: the journal may be far
 * larger than memory. A line longer than JOURNAL_LINE_MAX comes in pieces
 * (complete -1). fn returns 0 to go on, 1 to stop, -1 on an error.
 */
static int
scan_lines(struct journal *j, int (*fn)(struct scan *, const char *, size_t,
    long long, int), struct scan *s, char *err, size_t errlen)
{
	char		*buf;
	const char	*p, *nl, *end;
	size_t		 have = 0, cap = JOURNAL_CHUNK;
	long long	 off = 0, base = 0;
	ssize_t		 n;
	int		 rc = 0;

	buf = xmalloc(cap);
	while (rc == 0) {
		if (have == cap && cap < JOURNAL_LINE_MAX) {
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		} else if (have == cap) {
			rc = fn(s, buf, have, base, -1);
			base += (long long)have;
			have = 0;
			continue;
		}
		if ((n = pread(j->fd, buf + have, cap - have, off)) == -1) {
			snprintf(err, errlen, "%s: read: %s", j->path,
			    strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0) {
			if (have > 0)
				rc = fn(s, buf, have, base, 0);
			break;
		}
		off += n;
		have += (size_t)n;
		end = buf + have;
		for (p = buf; rc == 0 &&
		    (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
		    p = nl + 1)
			rc = fn(s, p, (size_t)(nl - p), base + (p - buf), 1);
		base += p - buf;
		have = (size_t)(end - p);
		memmove(buf, p, have);
	}
	free(buf);
	return rc == -1 ? -1 : 0;
}

/*
 * Stop at the first line with a good checksum: the file is format 3 if
 * that record has six fields, else format 2.
 */
static int
find_format(struct scan *s, const char *p, size_t len, long long off,
    int complete)
{
	struct obs_buf	 b;
	char		 feed[128];
	time_t		 t;
	long		 k;

	(void)off;
	if (complete != 1 || (k = journal_check_line(p, len)) == -1)
		return 0;
	s->format = journal_parse_line(p, (size_t)k, 2, &b, feed, sizeof(feed),
	    &t) == 6 ? 3 : 2;
	return 1;
}

static int
out_flush(struct scan *s)
{
	struct iovec	 iov;

	iov.iov_base = s->outbuf;
	iov.iov_len = s->outlen;
	if (s->outlen > 0 &&
	    write_all(s->out, &iov, 1, (off_t)s->outsize) == -1) {
		snprintf(s->err, s->errlen, "%s: %s", s->tmp, strerror(errno));
		return -1;
	}
	s->outsize += (long long)s->outlen;
	s->outlen = 0;
	return 0;
}

/* Add p[0, len) to the rewrite. */
static int
out_put(struct scan *s, const char *p, size_t len)
{
	/* len is at most a piece or a chunk. */
	if (s->outlen + len > JOURNAL_OUTBUF && out_flush(s) == -1)
		return -1;
	memcpy(s->outbuf + s->outlen, p, len);
	s->outlen += len;
	return 0;
}

/*
 * Start the rewrite at off: the header, then the file's records before off
 * as they are (they were all good).
 */
static int
out_start(struct scan *s, long long off)
{
	char		*buf;
	long long	 from = (long long)s->hlen;
	ssize_t		 n;
	int		 rc = 0;

	s->out = open(s->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (s->out == -1) {
		snprintf(s->err, s->errlen, "%s: %s", s->tmp, strerror(errno));
		return -1;
	}
	s->outbuf = xmalloc(JOURNAL_OUTBUF);
	out_put(s, JOURNAL_HEADER, strlen(JOURNAL_HEADER));
	buf = xmalloc(JOURNAL_CHUNK);
	while (rc == 0 && from < off) {
		n = pread(s->j->fd, buf, off - from < JOURNAL_CHUNK ?
		    (size_t)(off - from) : JOURNAL_CHUNK, (off_t)from);
		if (n <= 0) {
			snprintf(s->err, s->errlen, "%s: read: %s", s->j->path,
			    n == 0 ? "file shrank" : strerror(errno));
			rc = -1;
		} else {
			rc = out_put(s, buf, (size_t)n);
			from += n;
		}
	}
	free(buf);
	return rc;
}

/* Keep a damaged line's bytes (and its LF if it had one) in the side file. */
static int
damaged(struct scan *s, const char *p, size_t len, long long off, int complete)
{
	struct journal_report	*rep = s->rep;
	struct journal_damage	*d;
	size_t			 n = len + (complete == 1 ? 1 : 0);

	if (s->side == -1) {
		xasprintf(&rep->damaged_path, "%s.damaged.%lld", s->j->path,
		    (long long)time(NULL));
		s->side = open(rep->damaged_path, O_WRONLY | O_CREAT |
		    O_APPEND | O_CLOEXEC, 0640);
		if (s->side == -1) {
			snprintf(s->err, s->errlen, "%s: %s",
			    rep->damaged_path, strerror(errno));
			return -1;
		}
	}
	if (write(s->side, p, n) != (ssize_t)n) {
		snprintf(s->err, s->errlen, "%s: %s", rep->damaged_path,
		    strerror(errno));
		return -1;
	}
	d = rep->ndamage > 0 ? &rep->damage[rep->ndamage - 1] : NULL;
	if (complete != -1 || d == NULL || d->off + d->len != off)
		rep->corrupt++;
	if (d == NULL || d->off + d->len != off) {
		if (rep->ndamage == s->capdamage) {
			s->capdamage = s->capdamage * 2 + 4;
			rep->damage = xreallocarray(rep->damage, s->capdamage,
			    sizeof(*rep->damage));
		}
		d = &rep->damage[rep->ndamage++];
		d->off = off;
		d->len = 0;
		d->records = 0;
	}
	d->len += (long long)n;
	if (complete != -1 || d->records == 0)
		d->records++;
	rep->corrupt_bytes += (long long)n;
	return 0;
}

/* Replay a good record's fields p[0, len): the count of fields, or -1. */
static int
replay(struct scan *s, const char *p, size_t len)
{
	struct obs_buf	 b;
	struct obs	 o;
	char		 feed[128];
	time_t		 stored;
	int		 nf;

	if ((nf = journal_parse_line(p, len, s->format, &b, feed, sizeof(feed),
	    &stored)) == -1)
		return -1;
	b.line = ++s->nrec;
	if (s->cb != NULL) {
		obs_view(&b, &o);
		s->cb(s->arg, &o, feed, stored);
	}
	return nf;
}

/*
 * Put the good record p[0, len) (no LF), its nf fields p[0, k), into the
 * rewrite in format 3: one of five fields (format 1 or 2) gets the stored
 * time 0 and the checksum of its fields and that.
 */
static int
out_record(struct scan *s, const char *p, size_t len, size_t k, int nf)
{
	char	 tail[16];

	if (nf == 6)
		return out_put(s, p, len) == -1 ? -1 : out_put(s, "\n", 1);
	snprintf(tail, sizeof(tail), "\t0\t%08x\n",
	    crc32c(crc32c(0, p, k), "\t0", 2));
	if (out_put(s, p, k) == -1)
		return -1;
	return out_put(s, tail, 12);
}

/* The last line, without LF: a whole record, a torn one, or damage. */
static int
scan_tail(struct scan *s, const char *p, size_t len, long long off)
{
	long	 k;
	int	 nf;

	if (s->format != 1 && (k = journal_check_line(p, len)) != -1 &&
	    (nf = replay(s, p, (size_t)k)) != -1) {
		s->rep->completed = 1;
		if (s->out == -1 && out_start(s, off) == -1)
			return -1;
		return out_record(s, p, len, (size_t)k, nf);
	}
	if (!s->piece && looks_torn(p, len)) {
		s->rep->torn_off = off;
		s->rep->torn_len = (long long)len;
		return 0;
	}
	if (s->out == -1 && out_start(s, off) == -1)
		return -1;
	return damaged(s, p, len, off, 0);
}

/*
 * Where a damaged line splits into two whole records, as when the byte
 * between them (the first one's LF) was damaged: that byte's offset in
 * the line, or -1. Both halves' checksums must match.
 */
static long
split_point(const char *p, size_t len)
{
	size_t	 i;

	for (i = 10; i + 10 <= len; i++)
		if (p[i - 9] == '\t' && journal_check_line(p, i) != -1 &&
		    journal_check_line(p + i + 1, len - i - 1) != -1)
			return (long)i;
	return -1;
}

/* Replay and keep the two records of a line split at k. */
static int
keep_split(struct scan *s, const char *p, size_t len, size_t k)
{
	const char	*half[2] = { p, p + k + 1 };
	size_t		 hlen[2] = { k, len - k - 1 };
	int		 i, nf;

	s->rep->split++;
	for (i = 0; i < 2; i++)
		if ((nf = replay(s, half[i], hlen[i] - 9)) != -1 &&
		    out_record(s, half[i], hlen[i], hlen[i] - 9, nf) == -1)
			return -1;
	return 0;
}

static int
scan_line(struct scan *s, const char *p, size_t len, long long off,
    int complete)
{
	long	 k;
	int	 was, nf;

	if (complete == 0)
		return scan_tail(s, p, len, off);
	was = s->piece;
	s->piece = complete == -1;
	if (off == 0 && s->hlen > 0)
		return 0;
	k = s->format == 1 ? (long)len : journal_check_line(p, len);
	if (complete == 1 && !was && k != -1 &&
	    (nf = replay(s, p, (size_t)k)) != -1) {
		if (s->out == -1)
			return 0;
		return out_record(s, p, len, (size_t)k, nf);
	}
	if (s->out == -1 && out_start(s, off) == -1)
		return -1;
	if (damaged(s, p, len, off, complete) == -1)
		return -1;
	if (s->format == 1 || complete != 1 || was ||
	    (k = split_point(p, len)) == -1)
		return 0;
	return keep_split(s, p, len, (size_t)k);
}

/*
 * Take the journal's write lock: a POSIX record lock over the whole file,
 * held by this process alone (forked RRD writers do not inherit it) and
 * dropped by the kernel when the process ends, by kill -9 too. Another
 * holder is an indicatord or a --journal-import on the same data_dir. A
 * file system without locks (ENOLCK) is no reason to refuse to start.
 */
static int
journal_lock(int fd, const char *path, char *err, size_t errlen)
{
	struct flock	 fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) == 0 || errno == ENOLCK)
		return 0;
	if ((errno == EACCES || errno == EAGAIN) &&
	    fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		snprintf(err, errlen, "%s: in use by process %ld (an "
		    "indicatord or an import on this data_dir): stop it first",
		    path, (long)fl.l_pid);
	else
		snprintf(err, errlen, "%s: lock: %s", path, strerror(errno));
	return -1;
}

/* fsync the directory dir of path (after a rename in it). */
static int
sync_dir(const char *path)
{
	char	*dir, *slash;
	int	 fd, rc;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		free(dir);
		return -1;
	}
	rc = fsync(fd);
	close(fd);
	free(dir);
	return rc;
}

/* Put the rewrite in place of the journal, durably. */
static int
out_finish(struct scan *s)
{
	if (out_flush(s) == -1 ||
	    journal_lock(s->out, s->tmp, s->err, s->errlen) == -1)
		return -1;
	/* The damaged bytes are on disk before they leave the journal. */
	if (fdatasync(s->out) == -1 ||
	    (s->side != -1 && fdatasync(s->side) == -1) ||
	    rename(s->tmp, s->j->path) == -1 || sync_dir(s->j->path) == -1) {
		snprintf(s->err, s->errlen, "%s: rewriting: %s", s->j->path,
		    strerror(errno));
		return -1;
	}
	close(s->j->fd);
	s->j->fd = s->out;
	s->out = -1;
	s->j->size = s->outsize;
	return 0;
}

/* Write the header into an empty file. */
static int
journal_create(struct journal *j, char *err, size_t errlen)
{
	struct iovec	 iov;

	iov.iov_base = (char *)JOURNAL_HEADER;
	iov.iov_len = strlen(JOURNAL_HEADER);
	if (write_all(j->fd, &iov, 1, 0) == -1 || fdatasync(j->fd) == -1) {
		snprintf(err, errlen, "%s: %s", j->path, strerror(errno));
		return -1;
	}
	j->size = (long long)strlen(JOURNAL_HEADER);
	return 0;
}

/* Does head[0, n) start with the line h? */
static int
has_header(const char *head, size_t n, const char *h)
{
	return n >= strlen(h) && memcmp(head, h, strlen(h)) == 0;
}

/* The format a header line head[0, n) names if it is after 3, else 0. */
static long
newer_format(const char *head, size_t n)
{
	size_t	 i, pl = strlen(JOURNAL_HEADER_PREFIX);
	long	 v = 0;

	if (n < pl || memcmp(head, JOURNAL_HEADER_PREFIX, pl) != 0)
		return 0;
	for (i = pl; i < n && i < pl + 9 && head[i] >= '0' && head[i] <= '9';
	    i++)
		v = v * 10 + (head[i] - '0');
	return i > pl && i < n && head[i] == ':' && v > 3 ? v : 0;
}

/*
 * Which format the file is, whether it has its header; a file of format 1
 * or 2, or without its header, is rewritten from the start.
 */
static int
scan_format(struct scan *s, char *err, size_t errlen)
{
	char	 head[128];
	ssize_t	 n;
	long	 v;

	if ((n = pread(s->j->fd, head, sizeof(head), 0)) == -1) {
		snprintf(err, errlen, "%s: read: %s", s->j->path,
		    strerror(errno));
		return -1;
	}
	if (has_header(head, (size_t)n, JOURNAL_HEADER)) {
		s->format = 3;
		s->hlen = strlen(JOURNAL_HEADER);
		return 0;
	}
	if ((v = newer_format(head, (size_t)n)) != 0) {
		snprintf(err, errlen, "%s: journal format %ld, newer than this "
		    "indicatord reads (1 to 3): run the indicatord that wrote "
		    "it; nothing was changed", s->j->path, v);
		return -1;
	}
	if (has_header(head, (size_t)n, JOURNAL_HEADER_2)) {
		s->format = 2;
		s->hlen = strlen(JOURNAL_HEADER_2);
	} else {
		/* Without a header, one good checksum says format 2 or 3. */
		s->format = 1;
		if (scan_lines(s->j, find_format, s, err, errlen) == -1)
			return -1;
	}
	return out_start(s, 0);
}

static int
journal_scan(struct journal *j, journal_cb cb, void *arg,
    struct journal_report *rep, char *err, size_t errlen)
{
	struct scan	 s;
	struct stat	 st;
	int		 rc = -1;

	memset(&s, 0, sizeof(s));
	s.j = j;
	s.cb = cb;
	s.arg = arg;
	s.rep = rep;
	s.err = err;
	s.errlen = errlen;
	s.out = s.side = -1;
	xasprintf(&s.tmp, "%s.tmp", j->path);
	if (fstat(j->fd, &st) == -1) {
		snprintf(err, errlen, "%s: %s", j->path, strerror(errno));
		goto out;
	}
	if (st.st_size == 0) {
		rep->created = 1;
		rc = journal_create(j, err, errlen);
		goto out;
	}
	if (scan_format(&s, err, errlen) == -1 ||
	    scan_lines(j, scan_line, &s, err, errlen) == -1)
		goto out;
	rep->records = s.nrec;
	rep->converted = s.format < 3 ? s.format : 0;
	j->size = (long long)st.st_size;
	if (s.out != -1)
		rc = out_finish(&s);
	else if (rep->torn_off != -1) {
		j->size = rep->torn_off;
		rc = ftruncate(j->fd, (off_t)j->size);
		if (rc == -1)
			snprintf(err, errlen, "%s: cutting torn tail: %s",
			    j->path, strerror(errno));
	} else
		rc = 0;
out:
	if (s.out != -1) {
		close(s.out);
		unlink(s.tmp);
	}
	if (s.side != -1)
		close(s.side);
	free(s.outbuf);
	free(s.tmp);
	return rc;
}

struct journal *
journal_open(const char *path, journal_cb cb, void *arg,
    struct journal_report *rep, char *err, size_t errlen)
{
	struct journal	*j;

	memset(rep, 0, sizeof(*rep));
	rep->torn_off = -1;
	j = xcalloc(1, sizeof(*j));
	j->path = xstrdup(path);
	if ((j->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (journal_lock(j->fd, path, err, errlen) == -1 ||
	    journal_scan(j, cb, arg, rep, err, errlen) == -1)
		goto fail;
	return j;
fail:
	journal_close(j);
	return NULL;
}

void
journal_report_free(struct journal_report *rep)
{
	free(rep->damage);
	free(rep->damaged_path);
	memset(rep, 0, sizeof(*rep));
	rep->torn_off = -1;
}

/* Format obs[0, n) of feed fd, stored at st (text), into one buffer. */
static char *
journal_format(const struct obs *const *obs, size_t n, const char *fd,
    const char *st, size_t *lenp)
{
	char	*buf, per[PERIOD_STRLEN], src[OBS_SOURCE_MAX], val[NUM_STRLEN];
	const char *f[6];
	static const char hex[] = "0123456789abcdef";
	size_t	 cap = n * 128 + 64, len = 0, need, fl[6], i, k, rec;
	uint32_t crc;

	buf = xmalloc(cap);
	f[0] = NULL;
	f[1] = per;
	f[2] = val;
	f[3] = fd;
	f[4] = src;
	f[5] = st;
	fl[3] = strlen(fd);
	fl[5] = strlen(st);
	for (i = 0; i < n; i++) {
		f[0] = obs[i]->indicator;
		fl[0] = strlen(f[0]);
		period_format(&obs[i]->period, per, sizeof(per));
		fl[1] = strlen(per);
		fl[2] = num_format17(obs[i]->value, val);
		clean_copy(src, sizeof(src), obs[i]->source);
		fl[4] = strlen(src);
		need = fl[0] + fl[1] + fl[2] + fl[3] + fl[4] + fl[5] + 6 + 9 +
		    1;
		while (cap - len < need) {
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		/* id, period, value, feed, source, stored, crc: tab-separated. */
		rec = len;
		for (k = 0; k < 6; k++) {
			memcpy(buf + len, f[k], fl[k]);
			len += fl[k];
			buf[len++] = '\t';
		}
		crc = crc32c(0, buf + rec, len - 1 - rec);
		for (k = 0; k < 8; k++)
			buf[len++] = hex[(crc >> (28 - 4 * k)) & 0xf];
		buf[len++] = '\n';
	}
	*lenp = len;
	return buf;
}

/*
 * Format obs[0, n) and write it at off; *len gets the bytes written. -1
 * with errno on a write error.
 */
static int
journal_round(struct journal *j, const struct obs *const *obs, size_t n,
    const char *fd, const char *st, off_t off, size_t *len)
{
	struct iovec	 iov;
	char		*buf;
	int		 rc, saved;

	/* write_all moves iov past what a short write wrote: buf is freed. */
	iov.iov_base = buf = journal_format(obs, n, fd, st, len);
	iov.iov_len = *len;
	rc = write_all(j->fd, &iov, 1, off);
	saved = errno;
	free(buf);
	errno = saved;
	return rc;
}

int
journal_append(struct journal *j, const struct obs *const *obs, size_t n,
    const char *feed, time_t stored, char *err, size_t errlen)
{
	char	 fd[128], st[24];
	size_t	 done, m, len, total = 0;
	int	 saved;

	if (n == 0)
		return 0;
	clean_copy(fd, sizeof(fd), feed);
	/* The parser takes no sign: a clock before 1970 is "not known". */
	snprintf(st, sizeof(st), "%lld", stored < 0 ? 0LL : (long long)stored);
	/*
	 * A round at a time, so that a big batch's text (45 bytes or so a
	 * record) is not all in memory at once; one fdatasync for all.
	 */
	for (done = 0; done < n; done += m) {
		m = n - done < JOURNAL_ROUND ? n - done : JOURNAL_ROUND;
		if (journal_round(j, obs + done, m, fd, st,
		    (off_t)(j->size + (long long)total), &len) == -1)
			goto fail;
		total += len;
	}
	if (fdatasync(j->fd) == -1)
		goto fail;
	j->size += (long long)total;
	return 0;
fail:
	saved = errno;
	snprintf(err, errlen, "journal %s: %s", j->path, strerror(saved));
	if (ftruncate(j->fd, (off_t)j->size) == -1) {
		/* The torn tail is cut at the next open. */
	}
	errno = saved;
	return -1;
}

int
journal_append_lines(struct journal *j, const char *buf, size_t len,
    char *err, size_t errlen)
{
	struct iovec	 iov;
	int		 saved;

	if (len == 0)
		return 0;
	iov.iov_base = (char *)buf;
	iov.iov_len = len;
	if (write_all(j->fd, &iov, 1, (off_t)j->size) == -1 ||
	    fdatasync(j->fd) == -1) {
		saved = errno;
		snprintf(err, errlen, "journal %s: %s", j->path,
		    strerror(saved));
		if (ftruncate(j->fd, (off_t)j->size) == -1) {
			/* The torn tail is cut at the next open. */
		}
		errno = saved;
		return -1;
	}
	j->size += (long long)len;
	return 0;
}

long long
journal_size(const struct journal *j)
{
	return j->size;
}

void
journal_close(struct journal *j)
{
	if (j == NULL)
		return;
	if (j->fd != -1)
		close(j->fd);
	free(j->path);
	free(j);
}
