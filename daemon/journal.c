/*
 * journal.c: append-only, fsynced observation journal (see journal.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "journal.h"
#include "num.h"
#include "pfor.h"
#include "xmalloc.h"

/* Records formatted and written per round of a big batch. */
#define JOURNAL_ROUND	32768

/* Replay reads this much at a time. */
#define JOURNAL_CHUNK	(256 * 1024)
/* A batch of more records than this is formatted on every core, */
#define JOURNAL_PART_MIN	4096
/* in up to this many parts. */
#define JOURNAL_PARTS		(PFOR_MAX_THREADS * 2)

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

/* Split line into at most 5 TAB-separated fields; returns the count. */
static int
split_fields(const char *line, size_t len, const char *f[5], size_t flen[5])
{
	const char	*p = line, *end = line + len, *tab;
	int		 n = 0;

	while (n < 5) {
		tab = n < 4 ? memchr(p, '\t', (size_t)(end - p)) : NULL;
		f[n] = p;
		flen[n] = (size_t)((tab != NULL ? tab : end) - p);
		n++;
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	return n;
}

int
journal_parse_line(const char *line, size_t len, struct obs_buf *o, char *feed,
    size_t feedlen)
{
	const char	*f[5];
	size_t		 flen[5];
	char		 num[64], perr[128], *end;

	memset(o, 0, sizeof(*o));
	if (memchr(line, '\0', len) != NULL ||
	    split_fields(line, len, f, flen) != 5)
		return -1;
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
	if (flen[4] >= sizeof(o->source))
		flen[4] = sizeof(o->source) - 1;
	memcpy(o->source, f[4], flen[4]);
	return 0;
}

/*
 * Feed the file's complete lines to cb, a chunk at a time (the journal may
 * be far larger than what it holds in memory); cut a torn tail.
 */
static int
journal_replay(struct journal *j, journal_cb cb, void *arg, size_t *bad,
    char *err, size_t errlen)
{
	struct obs_buf	 b;
	struct obs	 o;
	char		*buf, feed[128];
	const char	*p, *nl, *end;
	size_t		 have = 0, cap = JOURNAL_CHUNK, lineno = 0;
	off_t		 off = 0, done = 0;
	ssize_t		 n;

	buf = xmalloc(cap);
	for (;;) {
		if (have == cap) {
			/* One line longer than a chunk: malformed, but read on. */
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		if ((n = pread(j->fd, buf + have, cap - have, off)) == -1) {
			snprintf(err, errlen, "%s: read: %s", j->path,
			    strerror(errno));
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		off += n;
		have += (size_t)n;
		end = buf + have;
		for (p = buf; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
		    p = nl + 1) {
			lineno++;
			if (journal_parse_line(p, (size_t)(nl - p), &b, feed,
			    sizeof(feed)) == -1) {
				(*bad)++;
				continue;
			}
			b.line = lineno;
			obs_view(&b, &o);
			cb(arg, &o, feed);
		}
		done += p - buf;
		have = (size_t)(end - p);
		memmove(buf, p, have);
	}
	free(buf);
	j->size = (long long)done;
	if (done != off && ftruncate(j->fd, done) == -1) {
		snprintf(err, errlen, "%s: cutting torn tail: %s", j->path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

struct journal *
journal_open(const char *path, journal_cb cb, void *arg, size_t *bad,
    char *err, size_t errlen)
{
	struct journal	*j;

	j = xcalloc(1, sizeof(*j));
	j->path = xstrdup(path);
	*bad = 0;
	if ((j->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (journal_replay(j, cb, arg, bad, err, errlen) == -1)
		goto fail;
	return j;
fail:
	journal_close(j);
	return NULL;
}

/* Format obs[from, to) into one buffer. */
static char *
journal_format(const struct obs *const *obs, size_t from, size_t to,
    const char *fd, size_t *lenp)
{
	char	*buf, per[PERIOD_STRLEN], src[OBS_SOURCE_MAX], val[NUM_STRLEN];
	const char *f[5];
	size_t	 cap = (to - from) * 128 + 64, len = 0, need, fl[5], i, k;

	buf = xmalloc(cap);
	f[0] = NULL;
	f[1] = per;
	f[2] = val;
	f[3] = fd;
	f[4] = src;
	fl[3] = strlen(fd);
	for (i = from; i < to; i++) {
		f[0] = obs[i]->indicator;
		fl[0] = strlen(f[0]);
		period_format(&obs[i]->period, per, sizeof(per));
		fl[1] = strlen(per);
		fl[2] = num_format17(obs[i]->value, val);
		clean_copy(src, sizeof(src), obs[i]->source);
		fl[4] = strlen(src);
		need = fl[0] + fl[1] + fl[2] + fl[3] + fl[4] + 5;
		while (cap - len < need) {
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		/* id, period, value, feed, source: tab-separated. */
		for (k = 0; k < 5; k++) {
			memcpy(buf + len, f[k], fl[k]);
			len += fl[k];
			buf[len++] = k < 4 ? '\t' : '\n';
		}
	}
	*lenp = len;
	return buf;
}

/* A big batch is formatted in parts, a part a thread. */
struct parts {
	const struct obs *const *obs;
	size_t		 n;
	const char	*fd;
	size_t		 nparts;
	struct iovec	 iov[JOURNAL_PARTS];
};

static void
format_part(void *arg, size_t k)
{
	struct parts	*p = arg;
	size_t		 from = p->n * k / p->nparts;
	size_t		 to = p->n * (k + 1) / p->nparts;

	p->iov[k].iov_base = journal_format(p->obs, from, to, p->fd,
	    &p->iov[k].iov_len);
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

/*
 * Format obs[0, n) (parts side by side) and write it at off; *len gets the
 * bytes written. -1 with errno on a write error.
 */
static int
journal_round(struct journal *j, const struct obs *const *obs, size_t n,
    const char *fd, off_t off, size_t *len)
{
	struct parts	 p;
	struct iovec	 iov[JOURNAL_PARTS];
	size_t		 k;
	int		 rc, saved;

	p.obs = obs;
	p.n = n;
	p.fd = fd;
	p.nparts = n >= JOURNAL_PART_MIN * 2 ? pfor_cpus() * 2 : 1;
	if (p.nparts > JOURNAL_PARTS)
		p.nparts = JOURNAL_PARTS;
	pfor(p.nparts, pfor_cpus(), format_part, &p);
	*len = 0;
	for (k = 0; k < p.nparts; k++) {
		iov[k] = p.iov[k];
		*len += p.iov[k].iov_len;
	}
	rc = write_all(j->fd, iov, p.nparts, off);
	saved = errno;
	for (k = 0; k < p.nparts; k++)
		free(p.iov[k].iov_base);
	errno = saved;
	return rc;
}

int
journal_append(struct journal *j, const struct obs *const *obs, size_t n,
    const char *feed, char *err, size_t errlen)
{
	char	 fd[128];
	size_t	 done, m, len, total = 0;
	int	 saved;

	if (n == 0)
		return 0;
	clean_copy(fd, sizeof(fd), feed);
	/*
	 * A round at a time, so that a big batch's text (45 bytes or so a
	 * record) is not all in memory at once; one fdatasync for all.
	 */
	for (done = 0; done < n; done += m) {
		m = n - done < JOURNAL_ROUND ? n - done : JOURNAL_ROUND;
		if (journal_round(j, obs + done, m, fd,
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
