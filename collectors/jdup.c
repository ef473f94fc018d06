/*
 * jdup.c: JSON with duplicate object keys, merged (jdup.h).
 *
 * The lexer reads the body as jansson's json_loadb does, byte by byte with
 * one byte of lookahead, so that an error has the line, column, position,
 * text and code json_loadb would give: a caller that falls back to this
 * decoder after JSON_REJECT_DUPLICATES keeps jansson's messages. The text
 * of an error names the token read so far ("near '1.'"), or "near end of
 * file" when there is none. One deliberate difference: jansson skips a NUL
 * byte that ends a number or literal; here a NUL outside a string is an
 * invalid token ("near NUL byte").
 */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jdup.h"
#include "log.h"
#include "xmalloc.h"

#define JDUP_EOF	(-1)	/* jdup_get: end of the body */
#define JDUP_BAD	(-2)	/* jdup_get: invalid UTF-8 at the cursor */
#define JDUP_NEAR_MAX	20	/* longest token an error quotes */
#define JDUP_MSG_MAX	96	/* an error without its context */
#define JDUP_NUM_BUF	64	/* number texts up to this long stay on stack */

/* Tokens besides the punctuation {}[]:, which stand for themselves. */
enum {
	TOK_INVALID = -1,
	TOK_EOF = 0,
	TOK_STRING = 256,
	TOK_INTEGER,
	TOK_REAL,
	TOK_TRUE,
	TOK_FALSE,
	TOK_NULL
};

struct jdup {
	const char	*s;
	size_t		 len;
	size_t		 pos;		/* bytes read */
	size_t		 tok;		/* where the current token starts */
	size_t		 bad;		/* first invalid UTF-8 sequence, or len */
	int		 token;
	char		*str;		/* TOK_STRING: decoded, NUL-terminated */
	size_t		 slen;
	json_int_t	 integer;
	double		 real;
	size_t		 depth;
	locale_t	 c_locale;	/* strtod_l: '.' whatever setlocale did */
	json_t		*index;		/* conflict values by hash, jdup_seen */
	json_error_t	*err;
};

static json_t	*jdup_value(struct jdup *);
static void	 jdup_add(struct jdup *, json_t *, const char *, json_t *);

/* ASCII classes, as JSON has them whatever the locale. */
static int
jdup_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static int
jdup_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
jdup_isxdigit(int c)
{
	return jdup_isdigit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Line, column (in characters) and position (in bytes) of the cursor. */
static void
jdup_where(const struct jdup *jd, json_error_t *e)
{
	size_t	 i;

	e->line = 1;
	e->column = 0;
	for (i = 0; i < jd->pos; i++) {
		if (jd->s[i] == '\n') {
			e->line++;
			e->column = 0;
		} else if (((unsigned char)jd->s[i] & 0xc0) != 0x80)
			e->column++;
	}
	e->position = (int)jd->pos;
}

/*
 * Set the error unless one is set (the first stands, as in jansson) at the
 * cursor, with the current token's bytes as context.
 */
static void __attribute__((format(printf, 3, 4)))
jdup_error(struct jdup *jd, enum json_error_code code, const char *fmt, ...)
{
	json_error_t	*e = jd->err;
	char		 msg[JDUP_MSG_MAX];
	const char	*near = jd->s + jd->tok;
	size_t		 n = jd->pos - jd->tok;
	va_list		 ap;

	if (e->text[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jdup_where(jd, e);
	if (n > 0 && near[0] == '\0')
		snprintf(e->text, JSON_ERROR_TEXT_LENGTH - 1,
		    "%s near NUL byte", msg);
	else if (n > JDUP_NEAR_MAX || (n == 0 && jd->pos == jd->bad &&
	    jd->bad < jd->len))	/* long token, or bad UTF-8 between them */
		snprintf(e->text, JSON_ERROR_TEXT_LENGTH - 1, "%s", msg);
	else if (n > 0)
		snprintf(e->text, JSON_ERROR_TEXT_LENGTH - 1, "%s near '%.*s'",
		    msg, (int)n, near);
	else {
		if (code == json_error_invalid_syntax)
			code = json_error_premature_end_of_input;
		snprintf(e->text, JSON_ERROR_TEXT_LENGTH - 1,
		    "%s near end of file", msg);
	}
	e->text[JSON_ERROR_TEXT_LENGTH - 1] = (char)code;
}

/* Length of the valid UTF-8 sequence at s (left bytes), or 0. */
static size_t
jdup_utf8_len(const unsigned char *s, size_t left)
{
	uint32_t	 cp;
	size_t		 i, n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000))
		return 0;
	return n;
}

/* Offset of the first invalid UTF-8 sequence, or len. */
static size_t
jdup_utf8_bad(const char *s, size_t len)
{
	size_t	 i, n;

	for (i = 0; i < len; i += n)
		if ((n = jdup_utf8_len((const unsigned char *)s + i,
		    len - i)) == 0)
			return i;
	return len;
}

/*
 * The next byte, JDUP_EOF, or JDUP_BAD at an invalid UTF-8 sequence (an
 * error, and every later read is JDUP_BAD too).
 */
static int
jdup_get(struct jdup *jd)
{
	if (jd->pos >= jd->len)
		return JDUP_EOF;
	if (jd->pos == jd->bad) {
		jdup_error(jd, json_error_invalid_utf8,
		    "unable to decode byte 0x%x",
		    (unsigned char)jd->s[jd->pos]);
		return JDUP_BAD;
	}
	return (unsigned char)jd->s[jd->pos++];
}

/* Give back c, the byte jdup_get returned last. */
static void
jdup_unget(struct jdup *jd, int c)
{
	if (c >= 0)
		jd->pos--;
}

/* The escape after a backslash; errors like jansson's at the bad byte. */
static int
jdup_scan_escape(struct jdup *jd)
{
	int	 c = jdup_get(jd), i;

	switch (c) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n':
	case 'r': case 't':
		return 0;
	case 'u':
		for (i = 0; i < 4; i++) {
			c = jdup_get(jd);
			if (!jdup_isxdigit(c))
				break;
		}
		if (i == 4)
			return 0;
	}
	jdup_error(jd, json_error_invalid_syntax, "invalid escape");
	return -1;
}

/* Four hex digits (checked by jdup_scan_escape). */
static uint32_t
jdup_hex4(const char *p)
{
	uint32_t	 v = 0;
	int		 i;

	for (i = 0; i < 4; i++)
		v = v << 4 | (uint32_t)(jdup_isdigit(p[i]) ? p[i] - '0' :
		    (p[i] | 0x20) - 'a' + 10);
	return v;
}

/* Code point cp as UTF-8 at t; returns its length. */
static size_t
jdup_utf8_put(char *t, uint32_t cp)
{
	if (cp < 0x80) {
		t[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		t[0] = (char)(0xc0 | cp >> 6);
		t[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		t[0] = (char)(0xe0 | cp >> 12);
		t[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		t[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	t[0] = (char)(0xf0 | cp >> 18);
	t[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	t[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	t[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * The \u escape at *pp (its backslash) as a code point, a surrogate
 * pair as one; advances *pp. -1 for a lone or mismatched surrogate.
 */
static int
jdup_unicode(struct jdup *jd, const char **pp, uint32_t *cp)
{
	const char	*p = *pp;
	uint32_t	 lo;

	*cp = jdup_hex4(p + 2);
	p += 6;
	if (*cp >= 0xdc00 && *cp <= 0xdfff) {
		jdup_error(jd, json_error_invalid_syntax,
		    "invalid Unicode '\\u%04X'", *cp);
		return -1;
	}
	if (*cp >= 0xd800 && *cp <= 0xdbff) {
		if (p[0] != '\\' || p[1] != 'u') {
			jdup_error(jd, json_error_invalid_syntax,
			    "invalid Unicode '\\u%04X'", *cp);
			return -1;
		}
		lo = jdup_hex4(p + 2);
		p += 6;
		if (lo < 0xdc00 || lo > 0xdfff) {
			jdup_error(jd, json_error_invalid_syntax,
			    "invalid Unicode '\\u%04X\\u%04X'", *cp, lo);
			return -1;
		}
		*cp = ((*cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
	}
	*pp = p;
	return 0;
}

/* The byte a one-letter escape stands for (checked by jdup_scan_escape). */
static char
jdup_unescape(char c)
{
	switch (c) {
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	}
	return c;	/* " \\ / */
}

/* Decode the string token (its escapes checked) into jd->str. */
static int
jdup_decode(struct jdup *jd)
{
	const char	*p = jd->s + jd->tok + 1, *end = jd->s + jd->pos - 1;
	char		*t;
	uint32_t	 cp;

	t = jd->str = xmalloc(jd->pos - jd->tok);
	while (p < end) {
		if (*p != '\\')
			*t++ = *p++;
		else if (p[1] == 'u') {
			if (jdup_unicode(jd, &p, &cp) == -1)
				return -1;
			t += jdup_utf8_put(t, cp);
		} else {
			*t++ = jdup_unescape(p[1]);
			p += 2;
		}
	}
	*t = '\0';
	jd->slen = (size_t)(t - jd->str);
	return 0;
}

/* A string token; the opening quote is read. */
static void
jdup_scan_string(struct jdup *jd)
{
	int	 c;

	while ((c = jdup_get(jd)) != '"') {
		if (c == JDUP_BAD)
			return;
		if (c == JDUP_EOF) {
			jdup_error(jd, json_error_premature_end_of_input,
			    "premature end of input");
			return;
		}
		if (c <= 0x1f) {
			jdup_unget(jd, c);
			if (c == '\n')
				jdup_error(jd, json_error_invalid_syntax,
				    "unexpected newline");
			else
				jdup_error(jd, json_error_invalid_syntax,
				    "control character 0x%x", c);
			return;
		}
		if (c == '\\' && jdup_scan_escape(jd) == -1)
			return;
	}
	if (jdup_decode(jd) == 0)
		jd->token = TOK_STRING;
}

/* The number token's text, NUL-terminated, in buf or a new allocation. */
static char *
jdup_text(struct jdup *jd, char *buf, size_t size)
{
	size_t	 n = jd->pos - jd->tok;
	char	*t = n < size ? buf : xmalloc(n + 1);

	memcpy(t, jd->s + jd->tok, n);
	t[n] = '\0';
	return t;
}

/* The number token as json_int_t, or an overflow error. */
static void
jdup_integer(struct jdup *jd)
{
	char	 buf[JDUP_NUM_BUF], *t = jdup_text(jd, buf, sizeof(buf));

	errno = 0;
	jd->integer = strtoll(t, NULL, 10);
	if (errno == ERANGE)
		jdup_error(jd, json_error_numeric_overflow, jd->integer < 0 ?
		    "too big negative integer" : "too big integer");
	else
		jd->token = TOK_INTEGER;
	if (t != buf)
		free(t);
}

/* The number token as a double, or an overflow error. */
static void
jdup_real(struct jdup *jd)
{
	char	 buf[JDUP_NUM_BUF], *t = jdup_text(jd, buf, sizeof(buf));

	errno = 0;
	jd->real = strtod_l(t, NULL, jd->c_locale);
	if (errno == ERANGE && isinf(jd->real))
		jdup_error(jd, json_error_numeric_overflow,
		    "real number overflow");
	else
		jd->token = TOK_REAL;
	if (t != buf)
		free(t);
}

/* Read digits while there are; returns the byte after them. */
static int
jdup_digits(struct jdup *jd)
{
	int	 c;

	while (jdup_isdigit(c = jdup_get(jd)))
		;
	return c;
}

/*
 * A number token, c its first byte ('-' or a digit): integers are those
 * without fraction or exponent, as jansson classifies them. A malformed
 * one stays TOK_INVALID with the bytes read so far as its text.
 */
static void
jdup_scan_number(struct jdup *jd, int c)
{
	if (c == '-')
		c = jdup_get(jd);
	if (c == '0') {
		if (jdup_isdigit(c = jdup_get(jd)))
			goto bad;
	} else if (jdup_isdigit(c))
		c = jdup_digits(jd);
	else
		goto bad;
	if (c != '.' && c != 'e' && c != 'E') {
		jdup_unget(jd, c);
		jdup_integer(jd);
		return;
	}
	if (c == '.') {
		if (!jdup_isdigit(c = jdup_get(jd)))
			goto bad;
		c = jdup_digits(jd);
	}
	if (c == 'e' || c == 'E') {
		if ((c = jdup_get(jd)) == '+' || c == '-')
			c = jdup_get(jd);
		if (!jdup_isdigit(c))
			goto bad;
		c = jdup_digits(jd);
	}
	jdup_unget(jd, c);
	jdup_real(jd);
	return;
bad:
	jdup_unget(jd, c);
}

/* A word token: true, false, null, or invalid. */
static void
jdup_scan_word(struct jdup *jd)
{
	static const struct {
		const char	*word;
		int		 token;
	} words[] = {
		{ "true", TOK_TRUE }, { "false", TOK_FALSE },
		{ "null", TOK_NULL }
	};
	size_t	 i, n;
	int	 c;

	while (jdup_isalpha(c = jdup_get(jd)))
		;
	jdup_unget(jd, c);
	n = jd->pos - jd->tok;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == n &&
		    memcmp(words[i].word, jd->s + jd->tok, n) == 0)
			jd->token = words[i].token;
}

/* Read the next token into jd->token. */
static void
jdup_scan(struct jdup *jd)
{
	int	 c;

	free(jd->str);
	jd->str = NULL;
	do {
		jd->tok = jd->pos;
		c = jdup_get(jd);
	} while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	jd->token = TOK_INVALID;
	if (c == JDUP_EOF)
		jd->token = TOK_EOF;
	else if (c == JDUP_BAD)
		return;
	else if (c == '"')
		jdup_scan_string(jd);
	else if (c == '-' || jdup_isdigit(c))
		jdup_scan_number(jd, c);
	else if (jdup_isalpha(c))
		jdup_scan_word(jd);
	else if (c != '\0' && strchr("{}[]:,", c) != NULL)
		jd->token = c;
	else	/* the whole character, for the error's context */
		jd->pos = jd->tok + jdup_utf8_len(
		    (const unsigned char *)jd->s + jd->tok, jd->len - jd->tok);
}

/* j, or fatal: jansson returns NULL only when out of memory. */
static json_t *
jdup_must(json_t *j)
{
	if (j == NULL)
		fatalx("jdup: out of memory");
	return j;
}

/* obj[key] = v, stealing v; replaces any value there. */
static void
jdup_set(json_t *obj, const char *key, json_t *v)
{
	if (json_object_set_new_nocheck(obj, key, v) == -1)
		fatalx("jdup: out of memory");
}

static void
jdup_append(json_t *a, json_t *v)
{
	if (json_array_append_new(a, v) == -1)
		fatalx("jdup: out of memory");
}

static uint64_t
jdup_mix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static uint64_t
jdup_hash_bytes(const char *s, size_t n)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

/* A hash of j; json_equal values hash equal (objects in any order). */
static uint64_t
jdup_hash(json_t *j)
{
	const char	*k;
	json_t		*m;
	uint64_t	 h;
	size_t		 i;
	double		 d;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		h = 0;
		json_object_foreach(j, k, m)
			h += jdup_mix(jdup_hash_bytes(k, strlen(k)) ^
			    jdup_hash(m));
		return jdup_mix(h + JSON_OBJECT);
	case JSON_ARRAY:
		h = JSON_ARRAY;
		json_array_foreach(j, i, m)
			h = jdup_mix(h + jdup_hash(m));
		return h;
	case JSON_STRING:
		return jdup_hash_bytes(json_string_value(j),
		    json_string_length(j));
	case JSON_INTEGER:
		return jdup_mix((uint64_t)json_integer_value(j));
	case JSON_REAL:
		d = json_real_value(j) + 0.0;	/* -0.0 equals 0.0 */
		memcpy(&h, &d, sizeof(h));
		return jdup_mix(h + JSON_REAL);
	default:
		return json_typeof(j);
	}
}

/*
 * 1 if the conflict array a holds a value equal to v; else 0, and v is
 * taken as held. Values are found by hash (jd->index: "a's address hash"
 * to an array of a's values with that hash), so that many distinct values
 * under one key cost linear time.
 */
static int
jdup_seen(struct jdup *jd, json_t *a, json_t *v)
{
	char	 key[64];
	json_t	*bucket, *e;
	size_t	 i;

	snprintf(key, sizeof(key), "%p %016" PRIx64, (void *)a, jdup_hash(v));
	if ((bucket = json_object_get(jd->index, key)) == NULL) {
		bucket = jdup_must(json_array());
		jdup_set(jd->index, key, bucket);
	}
	json_array_foreach(bucket, i, e)
		if (json_equal(e, v))
			return 1;
	jdup_append(bucket, json_incref(v));
	return 0;
}

/*
 * Index the values of conflict array a unless done. The index keeps a
 * reference to a, so that no other array gets its address meanwhile.
 */
static void
jdup_track(struct jdup *jd, json_t *a)
{
	char	 key[32];
	json_t	*e;
	size_t	 i;

	snprintf(key, sizeof(key), "%p", (void *)a);
	if (json_object_get(jd->index, key) != NULL)
		return;
	jdup_set(jd->index, key, json_incref(a));
	json_array_foreach(a, i, e)
		jdup_seen(jd, a, e);
}

/* A new conflict holding old and v (stolen), in that order. */
static json_t *
jdup_conflict(struct jdup *jd, json_t *old, json_t *v)
{
	json_t	*c = jdup_must(json_object()), *a = jdup_must(json_array());

	jdup_append(a, json_incref(old));
	jdup_append(a, v);
	jdup_set(c, JDUP_CONFLICT_KEY, a);
	jdup_track(jd, a);
	return c;
}

/* Append v (stolen) to conflict c unless c holds an equal value. */
static void
jdup_conflict_add(struct jdup *jd, json_t *c, json_t *v)
{
	json_t	*a = json_object_get(c, JDUP_CONFLICT_KEY);

	jdup_track(jd, a);
	if (jdup_seen(jd, a, v))
		json_decref(v);
	else
		jdup_append(a, v);
}

/* Merge the members of object v (stolen) into object old. */
static void
jdup_merge(struct jdup *jd, json_t *old, json_t *v)
{
	const char	*k;
	json_t		*m;

	json_object_foreach(v, k, m)
		jdup_add(jd, old, k, json_incref(m));
	json_decref(v);
}

/* Add the values of conflict v (stolen) under key, in their order. */
static void
jdup_add_each(struct jdup *jd, json_t *obj, const char *key, json_t *v)
{
	json_t	*e;
	size_t	 i;

	json_array_foreach(json_object_get(v, JDUP_CONFLICT_KEY), i, e)
		jdup_add(jd, obj, key, json_incref(e));
	json_decref(v);
}

/*
 * obj[key] = v (stolen), merged with a value already there as jdup.h says.
 * A conflict v stands for its values, each added in turn.
 */
static void
jdup_add(struct jdup *jd, json_t *obj, const char *key, json_t *v)
{
	json_t	*old = json_object_get(obj, key);

	if (old == NULL)
		jdup_set(obj, key, v);
	else if (jdup_is_conflict(v))
		jdup_add_each(jd, obj, key, v);
	else if (jdup_is_conflict(old))
		jdup_conflict_add(jd, old, v);
	else if (json_is_object(old) && json_is_object(v))
		jdup_merge(jd, old, v);
	else if (json_equal(old, v))
		json_decref(v);
	else
		jdup_set(obj, key, jdup_conflict(jd, old, v));
}

/* One "key": value of an object, the key token current. */
static int
jdup_member(struct jdup *jd, json_t *obj)
{
	json_t	*v;
	char	*key;

	if (jd->token != TOK_STRING) {
		jdup_error(jd, json_error_invalid_syntax,
		    "string or '}' expected");
		return -1;
	}
	if (memchr(jd->str, '\0', jd->slen) != NULL) {
		jdup_error(jd, json_error_null_byte_in_key,
		    "NUL byte in object key not supported");
		return -1;
	}
	key = jd->str;
	jd->str = NULL;
	jdup_scan(jd);
	if (jd->token != ':') {
		jdup_error(jd, json_error_invalid_syntax, "':' expected");
		free(key);
		return -1;
	}
	jdup_scan(jd);
	if ((v = jdup_value(jd)) == NULL) {
		free(key);
		return -1;
	}
	jdup_add(jd, obj, key, v);
	free(key);
	return 0;
}

/* An object, the '{' current. */
static json_t *
jdup_object(struct jdup *jd)
{
	json_t	*obj = jdup_must(json_object());

	jdup_scan(jd);
	if (jd->token == '}')
		return obj;
	for (;;) {
		if (jdup_member(jd, obj) == -1)
			goto fail;
		jdup_scan(jd);
		if (jd->token != ',')
			break;
		jdup_scan(jd);
	}
	if (jd->token != '}') {
		jdup_error(jd, json_error_invalid_syntax, "'}' expected");
		goto fail;
	}
	return obj;
fail:
	json_decref(obj);
	return NULL;
}

/* An array, the '[' current. */
static json_t *
jdup_array(struct jdup *jd)
{
	json_t	*a = jdup_must(json_array()), *v;

	jdup_scan(jd);
	if (jd->token == ']')
		return a;
	while (jd->token != TOK_EOF) {
		if ((v = jdup_value(jd)) == NULL)
			goto fail;
		jdup_append(a, v);
		jdup_scan(jd);
		if (jd->token != ',')
			break;
		jdup_scan(jd);
	}
	if (jd->token != ']') {
		jdup_error(jd, json_error_invalid_syntax, "']' expected");
		goto fail;
	}
	return a;
fail:
	json_decref(a);
	return NULL;
}

/* The string token as a value; NUL (from \u0000) is not allowed. */
static json_t *
jdup_string(struct jdup *jd)
{
	if (memchr(jd->str, '\0', jd->slen) != NULL) {
		jdup_error(jd, json_error_null_character,
		    "\\u0000 is not allowed without JSON_ALLOW_NUL");
		return NULL;
	}
	return jdup_must(json_stringn_nocheck(jd->str, jd->slen));
}

/* The value the current token starts, at most JDUP_DEPTH_MAX deep. */
static json_t *
jdup_value(struct jdup *jd)
{
	json_t	*v;

	if (++jd->depth > JDUP_DEPTH_MAX) {
		jdup_error(jd, json_error_stack_overflow,
		    "maximum parsing depth reached");
		return NULL;
	}
	switch (jd->token) {
	case TOK_STRING:
		v = jdup_string(jd);
		break;
	case TOK_INTEGER:
		v = jdup_must(json_integer(jd->integer));
		break;
	case TOK_REAL:
		v = jdup_must(json_real(jd->real));
		break;
	case TOK_TRUE:
		v = json_true();
		break;
	case TOK_FALSE:
		v = json_false();
		break;
	case TOK_NULL:
		v = json_null();
		break;
	case '{':
		v = jdup_object(jd);
		break;
	case '[':
		v = jdup_array(jd);
		break;
	case TOK_INVALID:
		jdup_error(jd, json_error_invalid_syntax, "invalid token");
		return NULL;
	default:
		jdup_error(jd, json_error_invalid_syntax, "unexpected token");
		return NULL;
	}
	if (v != NULL)
		jd->depth--;
	return v;
}

/* The document: one object or array, then nothing but white space. */
static json_t *
jdup_document(struct jdup *jd)
{
	json_t	*root;

	jdup_scan(jd);
	if (jd->token != '[' && jd->token != '{') {
		jdup_error(jd, json_error_invalid_syntax,
		    "'[' or '{' expected");
		return NULL;
	}
	if ((root = jdup_value(jd)) == NULL)
		return NULL;
	jdup_scan(jd);
	if (jd->token != TOK_EOF) {
		jdup_error(jd, json_error_end_of_input_expected,
		    "end of file expected");
		json_decref(root);
		return NULL;
	}
	jd->err->position = (int)jd->pos;
	return root;
}

json_t *
jdup_loadb(const char *body, size_t len, json_error_t *err)
{
	struct jdup	 jd;
	json_error_t	 local;
	json_t		*root;

	memset(&jd, 0, sizeof(jd));
	jd.err = err != NULL ? err : &local;
	jd.err->text[0] = '\0';
	jd.err->text[JSON_ERROR_TEXT_LENGTH - 1] = json_error_unknown;
	jd.err->line = jd.err->column = -1;
	jd.err->position = 0;
	snprintf(jd.err->source, sizeof(jd.err->source), "<buffer>");
	jd.s = body != NULL ? body : "";
	jd.len = body != NULL ? len : 0;
	jd.bad = jdup_utf8_bad(jd.s, jd.len);
	if ((jd.c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0)) ==
	    (locale_t)0)
		fatal("jdup: newlocale");
	jd.index = jdup_must(json_object());
	root = jdup_document(&jd);
	free(jd.str);
	json_decref(jd.index);
	freelocale(jd.c_locale);
	return root;
}

int
jdup_is_conflict(const json_t *j)
{
	return json_is_object(j) && json_object_size(j) == 1 &&
	    json_is_array(json_object_get(j, JDUP_CONFLICT_KEY));
}
