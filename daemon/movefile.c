/*
 * movefile.c: parser of the files that move journal records between
 * instances (see movefile.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "journal.h"
#include "log.h"
#include "movefile.h"
#include "xmalloc.h"

/* The format number a header line names, or -1 if it is none. */
static long
header_format(const char *p, size_t len)
{
	size_t	 i, pl = strlen(JOURNAL_HEADER_PREFIX);
	long	 v = 0;

	if (len < pl || memcmp(p, JOURNAL_HEADER_PREFIX, pl) != 0)
		return -1;
	for (i = pl; i < len && i < pl + 9 && p[i] >= '0' && p[i] <= '9'; i++)
		v = v * 10 + (p[i] - '0');
	return i > pl && i < len && p[i] == ':' ? v : -1;
}

/* Is p[0, len) the line h (with its LF)? */
static int
is_line(const char *p, size_t len, const char *h)
{
	return len + 1 == strlen(h) && memcmp(p, h, len) == 0;
}

/* The format of the header line p[0, len): 2 or 3, else -1 with err. */
static int
check_header(const char *name, const char *p, size_t len, char *err,
    size_t errlen)
{
	long	 v;

	if (is_line(p, len, JOURNAL_HEADER))
		return 3;
	if (is_line(p, len, JOURNAL_HEADER_2))
		return 2;
	if ((v = header_format(p, len)) > 3)
		snprintf(err, errlen, "%s:1: journal format %ld, newer than "
		    "this indicatord reads (2 or 3): import it with the "
		    "indicatord that wrote it", name, v);
	else
		snprintf(err, errlen, "%s:1: not a journal export: the first "
		    "line must be \"%.*s\"", name,
		    (int)strlen(JOURNAL_HEADER) - 1, JOURNAL_HEADER);
	return -1;
}

/* Room for len more bytes of text. */
static void
text_grow(struct movefile *m, size_t len, size_t *cap)
{
	while (*cap - m->textlen < len) {
		*cap = *cap == 0 ? 4096 : *cap * 2;
		m->text = xreallocarray(m->text, *cap, 1);
	}
}

/*
 * Keep the record p[0, len), its fields p[0, k) and nf of them, in text as
 * a format 3 line.
 */
static void
keep(struct movefile *m, size_t *cap, const char *p, size_t len, size_t k,
    int nf)
{
	char	 tail[16];

	if (nf == 6) {
		text_grow(m, len + 1, cap);
		memcpy(m->text + m->textlen, p, len);
		m->text[m->textlen + len] = '\n';
		m->textlen += len + 1;
		return;
	}
	snprintf(tail, sizeof(tail), "\t0\t%08x\n",
	    crc32c(crc32c(0, p, k), "\t0", 2));
	text_grow(m, k + 12, cap);
	memcpy(m->text + m->textlen, p, k);
	memcpy(m->text + m->textlen + k, tail, 12);
	m->textlen += k + 12;
}

/* Parse and keep the record line p[0, len), line lineno of the file. */
static int
parse_record(struct movefile *m, size_t *cap, const char *name,
    const char *p, size_t len, size_t lineno, char *err, size_t errlen)
{
	struct movefile_fields	 f;
	struct movefile_rec	*r;
	long			 k;
	int			 nf;

	if (m->n == m->cap) {
		m->cap = m->cap == 0 ? 16 : m->cap * 2;
		m->recs = xreallocarray(m->recs, m->cap, sizeof(*m->recs));
	}
	r = &m->recs[m->n];
	if (len == 0) {
		snprintf(err, errlen, "%s:%zu: an empty line, not a journal "
		    "record: nothing imported", name, lineno);
		return -1;
	}
	if ((k = journal_check_line(p, len)) == -1) {
		snprintf(err, errlen, "%s:%zu: the checksum does not match the "
		    "record (changed or damaged): nothing imported", name,
		    lineno);
		return -1;
	}
	if ((nf = journal_parse_line(p, (size_t)k, m->format, &f.o, f.feed,
	    sizeof(f.feed), &f.stored)) == -1) {
		snprintf(err, errlen, "%s:%zu: not a journal record of format "
		    "%d: nothing imported", name, lineno, m->format);
		return -1;
	}
	r->lineno = lineno;
	r->off = m->textlen;
	keep(m, cap, p, len, (size_t)k, nf);
	r->len = m->textlen - r->off;
	m->n++;
	return 0;
}

int
movefile_parse(struct movefile *m, const char *name, const char *buf,
    size_t len, char *err, size_t errlen)
{
	const char	*p = buf, *end = buf + len, *nl;
	size_t		 lineno, cap = 0;

	for (lineno = 1; p < end; lineno++, p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (lineno == 1) {
			if ((m->format = check_header(name, p,
			    (size_t)(nl - p), err, errlen)) == -1)
				return -1;
		} else if (parse_record(m, &cap, name, p, (size_t)(nl - p),
		    lineno, err, errlen) == -1)
			return -1;
	}
	if (lineno == 1) {
		snprintf(err, errlen, "%s: empty: not a journal export", name);
		return -1;
	}
	return 0;
}

void
movefile_fields(const struct movefile *m, size_t i,
    struct movefile_fields *f)
{
	const struct movefile_rec	*r = &m->recs[i];

	/* The line was checked: its fields, before TAB, crc and LF. */
	if (journal_parse_line(m->text + r->off, r->len - 10, 3, &f->o,
	    f->feed, sizeof(f->feed), &f->stored) != 6)
		fatalx("movefile: record %zu of a parsed file unparsable", i);
}

void
movefile_free(struct movefile *m)
{
	free(m->text);
	free(m->recs);
	memset(m, 0, sizeof(*m));
}
