/*
 * ovquery.c: the overview's query parameters (see ovquery.h).
 */
#include <stdio.h>
#include <string.h>

#include "eval.h"
#include "ovquery.h"
#include "page.h"

/* Bits of struct ovquery's given. */
#define OVQ_GIVEN_SORT	0x1u
#define OVQ_GIVEN_ORDER	0x2u
#define OVQ_GIVEN_FEED	0x4u
#define OVQ_GIVEN_Q	0x8u

static const char *const ovquery_sorts[OVQ_NSORT] = {
	[OVQ_SORT_CONFIG] = "", [OVQ_SORT_NAME] = "name",
	[OVQ_SORT_VALUE] = "value", [OVQ_SORT_PERIOD] = "period",
	[OVQ_SORT_AGE] = "age", [OVQ_SORT_STATUS] = "status",
	[OVQ_SORT_TARGET] = "target", [OVQ_SORT_PROJECTED] = "projected",
	[OVQ_SORT_FEED] = "feed",
};

void
ovquery_init(struct ovquery *q)
{
	memset(q, 0, sizeof(*q));
}

const char *
ovquery_sort_name(enum ovq_sort s)
{
	return (unsigned)s < OVQ_NSORT ? ovquery_sorts[s] : "";
}

/* Mark bit as given: -1 if it was already. */
static int
ovquery_once(struct ovquery *q, unsigned int bit, const char *key, char *err,
    size_t errlen)
{
	if (q->given & bit) {
		snprintf(err, errlen, "bad parameter %s: given twice", key);
		return -1;
	}
	q->given |= bit;
	return 0;
}

static int
ovquery_sort(struct ovquery *q, const char *val, char *err, size_t errlen)
{
	int	 i;

	for (i = 1; i < OVQ_NSORT; i++)
		if (strcmp(val, ovquery_sorts[i]) == 0) {
			q->sort = (enum ovq_sort)i;
			return 0;
		}
	snprintf(err, errlen, "bad parameter sort: expected name, value, "
	    "period, age, status, target, projected or feed");
	return -1;
}

static int
ovquery_order(struct ovquery *q, const char *val, char *err, size_t errlen)
{
	if (strcmp(val, "asc") == 0 || strcmp(val, "desc") == 0) {
		q->desc = val[0] == 'd';
		return 0;
	}
	snprintf(err, errlen, "bad parameter order: expected asc or desc");
	return -1;
}

/* The status named by s[0..n), or -1. */
static int
ovquery_status_of(const char *s, size_t n)
{
	int	 i;

	for (i = 0; i < EVAL_NSTATUS; i++)
		if (strlen(eval_status_name((enum eval_status)i)) == n &&
		    memcmp(s, eval_status_name((enum eval_status)i), n) == 0)
			return i;
	return -1;
}

/* A comma-separated list of statuses, added to those given before. */
static int
ovquery_status(struct ovquery *q, const char *val, char *err, size_t errlen)
{
	size_t	 n;
	int	 st;

	for (;;) {
		n = strcspn(val, ",");
		if ((st = ovquery_status_of(val, n)) == -1) {
			snprintf(err, errlen, "bad parameter status: expected "
			    "achieved, on_track, moderate, insufficient, "
			    "moving_away, missed or unknown, comma-separated");
			return -1;
		}
		q->statuses |= 1u << st;
		if (val[n] == '\0')
			return 0;
		val += n + 1;
	}
}

static int
ovquery_feed(struct ovquery *q, const char *val, char *err, size_t errlen)
{
	size_t	 n = strspn(val, "abcdefghijklmnopqrstuvwxyz0123456789_-");

	if (n == 0 || n > OVQ_FEED_MAX || val[n] != '\0') {
		snprintf(err, errlen, "bad parameter feed: expected a feed's "
		    "name (1-64 of a-z, 0-9, _ and -)");
		return -1;
	}
	memcpy(q->feed, val, n + 1);
	return 0;
}

/* Length of the UTF-8 sequence at s (RFC 3629), 0 if it is not one. */
static size_t
ovquery_utf8_seq(const unsigned char *s)
{
	size_t		 n, i;
	unsigned int	 cp, min;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2; cp = s[0] & 0x1f; min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3; cp = s[0] & 0x0f; min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4; cp = s[0] & 0x07; min = 0x10000;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int
ovquery_utf8(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	for (; *p != '\0'; p += n)
		if ((n = ovquery_utf8_seq(p)) == 0)
			return 0;
	return 1;
}

static int
ovquery_q(struct ovquery *q, const char *val, char *err, size_t errlen)
{
	const unsigned char	*p;
	size_t			 n = strlen(val);

	if (n > OVQ_Q_MAX) {
		snprintf(err, errlen, "bad parameter q: longer than %d bytes",
		    OVQ_Q_MAX);
		return -1;
	}
	if (!ovquery_utf8(val)) {
		snprintf(err, errlen, "bad parameter q: not UTF-8");
		return -1;
	}
	for (p = (const unsigned char *)val; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(err, errlen, "bad parameter q: a control "
			    "character");
			return -1;
		}
	memcpy(q->q, val, n + 1);
	return 0;
}

/* key given with an empty value: only "given twice" is an error. */
static int
ovquery_empty(struct ovquery *q, const char *key, char *err, size_t errlen)
{
	static const struct { const char *key; unsigned int bit; } once[] = {
		{ "sort", OVQ_GIVEN_SORT }, { "order", OVQ_GIVEN_ORDER },
		{ "feed", OVQ_GIVEN_FEED }, { "q", OVQ_GIVEN_Q } };
	size_t	 i;

	for (i = 0; i < sizeof(once) / sizeof(once[0]); i++)
		if (strcmp(key, once[i].key) == 0)
			return ovquery_once(q, once[i].bit, key, err, errlen);
	return 0;
}

int
ovquery_add(struct ovquery *q, const char *key, const char *val, char *err,
    size_t errlen)
{
	if (val == NULL)
		val = "";
	if (strcmp(key, "lang") == 0)
		return 0;
	/* An empty value is the default: what a form's "any" choice sends. */
	if (val[0] == '\0' && (strcmp(key, "status") == 0 ||
	    strcmp(key, "sort") == 0 || strcmp(key, "order") == 0 ||
	    strcmp(key, "feed") == 0 || strcmp(key, "q") == 0))
		return ovquery_empty(q, key, err, errlen);
	if (strcmp(key, "status") == 0)
		return ovquery_status(q, val, err, errlen);
	if (strcmp(key, "sort") == 0)
		return ovquery_once(q, OVQ_GIVEN_SORT, key, err, errlen) == -1 ?
		    -1 : ovquery_sort(q, val, err, errlen);
	if (strcmp(key, "order") == 0)
		return ovquery_once(q, OVQ_GIVEN_ORDER, key, err, errlen) == -1 ?
		    -1 : ovquery_order(q, val, err, errlen);
	if (strcmp(key, "feed") == 0)
		return ovquery_once(q, OVQ_GIVEN_FEED, key, err, errlen) == -1 ?
		    -1 : ovquery_feed(q, val, err, errlen);
	if (strcmp(key, "q") == 0)
		return ovquery_once(q, OVQ_GIVEN_Q, key, err, errlen) == -1 ?
		    -1 : ovquery_q(q, val, err, errlen);
	snprintf(err, errlen, "unknown parameter: expected sort, order, "
	    "status, feed, q or lang");
	return -1;
}

/* "&" between two parameters. */
static void
ovquery_sep(struct buf *b, size_t start)
{
	if (b->len > start)
		buf_puts(b, "&");
}

void
ovquery_canon(const struct ovquery *q, struct buf *b)
{
	size_t	 start = b->len;
	int	 i, first = 1;

	if (q->sort != OVQ_SORT_CONFIG)
		buf_printf(b, "sort=%s", ovquery_sorts[q->sort]);
	if (q->desc) {
		ovquery_sep(b, start);
		buf_puts(b, "order=desc");
	}
	if (q->statuses != 0) {
		ovquery_sep(b, start);
		buf_puts(b, "status=");
		for (i = 0; i < EVAL_NSTATUS; i++)
			if (q->statuses & (1u << i)) {
				buf_printf(b, "%s%s", first ? "" : ",",
				    eval_status_name((enum eval_status)i));
				first = 0;
			}
	}
	if (q->feed[0] != '\0') {
		ovquery_sep(b, start);
		buf_printf(b, "feed=%s", q->feed);
	}
	if (q->q[0] != '\0') {
		ovquery_sep(b, start);
		buf_puts(b, "q=");
		page_urlenc(b, q->q);
	}
}
