/*
 * fuzz_movefile.c: libFuzzer target for movefile_parse, the parser of the
 * files --journal-import reads (from another machine: untrusted). The
 * input is the file's bytes: after the format 3 header when the first
 * byte is 1, after the format 2 header when it is 2, as they are
 * otherwise (a lost header, format 1, a newer format).
 * Invariants: an accepted file's text is its records, each a whole format
 * 3 line with a matching checksum whose fields are the record's, at
 * rising line numbers after the header; that text under the format 3
 * header parses to the same records and text (a second import is a
 * no-op); a refused file gets "f:LINE: " or "f: " with a line number
 * within the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "movefile.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The bytes of the file the input stands for (the caller frees them). */
static char *
file_of(const uint8_t *data, size_t size, size_t *len)
{
	const char	*h = NULL;
	char		*b;
	size_t		 hl = 0;

	if (size > 0 && (data[0] == 1 || data[0] == 2)) {
		h = data[0] == 1 ? JOURNAL_HEADER : JOURNAL_HEADER_2;
		hl = strlen(h);
		data++;
		size--;
	}
	b = malloc(hl + size + 1);
	if (b == NULL)
		abort();
	if (hl > 0)
		memcpy(b, h, hl);
	memcpy(b + hl, data, size);
	*len = hl + size;
	return b;
}

/* The line numbered lineno of b[0, len), without its LF. */
static const char *
line_of(const char *b, size_t len, size_t lineno, size_t *llen)
{
	const char	*p = b, *end = b + len, *nl;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (--lineno == 0) {
			*llen = (size_t)(nl - p);
			return p;
		}
	}
	abort();
}

/*
 * Record i's line in m's text is a whole format 3 record, and its fields
 * are those of its line in the file b[0, len), read in the file's format.
 */
static void
check_rec(const struct movefile *m, size_t i, const char *b, size_t len)
{
	const struct movefile_rec	*r = &m->recs[i];
	struct movefile_fields		 f;
	struct obs_buf			 o;
	char				 feed[MOVEFILE_FEED_MAX];
	const char			*p = m->text + r->off, *in;
	time_t				 stored;
	size_t				 inlen;
	long				 k;
	int				 nf;

	if (r->len < 11 || r->off + r->len > m->textlen ||
	    p[r->len - 1] != '\n' || memchr(p, '\n', r->len - 1) != NULL ||
	    journal_check_line(p, r->len - 1) == -1)
		abort();
	movefile_fields(m, i, &f);
	in = line_of(b, len, r->lineno, &inlen);
	if ((k = journal_check_line(in, inlen)) == -1 ||
	    (nf = journal_parse_line(in, (size_t)k, m->format, &o, feed,
	    sizeof(feed), &stored)) == -1)
		abort();
	if (strcmp(o.indicator, f.o.indicator) != 0 ||
	    memcmp(&o.period, &f.o.period, sizeof(o.period)) != 0 ||
	    memcmp(&o.value, &f.o.value, sizeof(o.value)) != 0 ||
	    strcmp(o.source, f.o.source) != 0 || strcmp(feed, f.feed) != 0 ||
	    stored != f.stored)
		abort();
	/* A record of six fields (format 3's) is kept byte for byte. */
	if (nf == 6 && (r->len != inlen + 1 || memcmp(in, p, inlen) != 0))
		abort();
}

static void
check_accepted(const struct movefile *m, const char *b0, size_t len0)
{
	struct movefile	 again;
	char		*b, err[512];
	size_t		 i, hl = strlen(JOURNAL_HEADER), off = 0;

	for (i = 0; i < m->n; i++) {
		if (m->recs[i].off != off ||
		    m->recs[i].lineno != i + 2)
			abort();
		check_rec(m, i, b0, len0);
		off += m->recs[i].len;
	}
	if (off != m->textlen || (m->format != 2 && m->format != 3))
		abort();
	if ((b = malloc(hl + m->textlen + 1)) == NULL)
		abort();
	memcpy(b, JOURNAL_HEADER, hl);
	if (m->textlen > 0)
		memcpy(b + hl, m->text, m->textlen);
	memset(&again, 0, sizeof(again));
	if (movefile_parse(&again, "f", b, hl + m->textlen, err,
	    sizeof(err)) == -1 || again.n != m->n || again.format != 3 ||
	    again.textlen != m->textlen ||
	    (m->textlen > 0 && memcmp(again.text, m->text, m->textlen) != 0))
		abort();
	movefile_free(&again);
	free(b);
}

/* "f: ..." for an empty file, else "f:LINE: ..." within the file. */
static void
check_refused(const char *err, const char *b, size_t len)
{
	size_t		 lines = 1, i;
	unsigned long	 line;
	char		*end;

	if (strncmp(err, "f: ", 3) == 0 && len == 0)
		return;
	if (strncmp(err, "f:", 2) != 0)
		abort();
	line = strtoul(err + 2, &end, 10);
	for (i = 0; i < len; i++)
		lines += b[i] == '\n';
	if (end == err + 2 || strncmp(end, ": ", 2) != 0 || line == 0 ||
	    line > lines)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct movefile	 m;
	char		*b, err[512];
	size_t		 len;

	b = file_of(data, size, &len);
	memset(&m, 0, sizeof(m));
	if (movefile_parse(&m, "f", b, len, err, sizeof(err)) == 0)
		check_accepted(&m, b, len);
	else
		check_refused(err, b, len);
	movefile_free(&m);
	free(b);
	return 0;
}
