/* nbs.c: easyquery responses of China's National Bureau of Statistics. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "nbs.h"

#define NBS_WHY_MAX	256
#define NBS_BOM		"\xef\xbb\xbf"
/* A place quotes three valuecodes; REC_PLACE_MAX has room for two. */
#define NBS_PLACE_MAX	(3 * REC_QUOTE_MAX + 16)

/* The valuecodes a datanode's wds gives, NULL where absent. */
struct nbs_wds {
	const char	*zb;
	const char	*reg;
	const char	*sj;
};

/* The nodes of the zb and reg entries of wdnodes, by code. */
struct nbs_dims {
	json_t		*zb;
	json_t		*reg;
};

/* The string value of j, NULL unless it is a string without NUL bytes. */
static const char *
nbs_str(const json_t *j)
{
	const char	*s = json_string_value(j);

	if (s == NULL || strlen(s) != json_string_length(j))
		return NULL;
	return s;
}

/*
 * Fill w from the wds array of a datanode, as far as it goes. Entries of
 * other dimensions are ignored. -1 with the reason in why if wds is not an
 * array, names a dimension twice or gives it no string valuecode.
 */
static int
nbs_wds(json_t *wds, struct nbs_wds *w, char *why, size_t whylen)
{
	static const char *const names[] = { "zb", "reg", "sj" };
	const char	**slot[3] = { &w->zb, &w->reg, &w->sj };
	const char	*wd, *v;
	json_t		*e;
	size_t		 i, k;

	memset(w, 0, sizeof(*w));
	if (!json_is_array(wds)) {
		snprintf(why, whylen, "wds is not an array");
		return -1;
	}
	json_array_foreach(wds, i, e) {
		if ((wd = nbs_str(json_object_get(e, "wdcode"))) == NULL)
			continue;
		for (k = 0; k < 3 && strcmp(wd, names[k]) != 0; k++)
			;
		if (k == 3)
			continue;
		v = nbs_str(json_object_get(e, "valuecode"));
		if (v == NULL || *slot[k] != NULL) {
			snprintf(why, whylen, v == NULL ? "wds: %s valuecode is "
			    "not a string" : "wds names %s twice", names[k]);
			return -1;
		}
		*slot[k] = v;
	}
	return 0;
}

/* s quoted for a place, "(none)" when absent. */
static const char *
nbs_quote(const char *s, char *buf)
{
	if (s == NULL)
		s = "(none)";
	return rec_quote(s, strlen(s), buf);
}

/* Where a datanode stands, for recvec_reject: "zb X [reg Y ]sj Z". */
static void
nbs_place(const struct nbs_wds *w, size_t i, char *buf, size_t size)
{
	char	 qzb[REC_QUOTE_MAX], qreg[REC_QUOTE_MAX], qsj[REC_QUOTE_MAX];

	if (w->zb == NULL && w->reg == NULL && w->sj == NULL)
		snprintf(buf, size, "datanode %zu", i);
	else if (w->reg == NULL)
		snprintf(buf, size, "zb %s sj %s", nbs_quote(w->zb, qzb),
		    nbs_quote(w->sj, qsj));
	else
		snprintf(buf, size, "zb %s reg %s sj %s", nbs_quote(w->zb, qzb),
		    nbs_quote(w->reg, qreg), nbs_quote(w->sj, qsj));
}

/*
 * The nodes of nodes by code (the first of each code), so that a label is
 * found in constant time however many nodes a response has.
 */
static json_t *
nbs_index(json_t *nodes)
{
	json_t		*ix = json_object(), *e;
	const char	*code;
	size_t		 i;

	json_array_foreach(nodes, i, e) {
		code = nbs_str(json_object_get(e, "code"));
		if (code != NULL && json_object_get(ix, code) == NULL)
			json_object_set(ix, code, e);
	}
	return ix;
}

/* Index the nodes of the zb and reg entries of wdnodes (the first of each). */
static void
nbs_dims(json_t *wdnodes, struct nbs_dims *d)
{
	json_t		*zb = NULL, *reg = NULL, *e;
	const char	*wd;
	size_t		 i;

	json_array_foreach(wdnodes, i, e) {
		if ((wd = nbs_str(json_object_get(e, "wdcode"))) == NULL)
			continue;
		if (zb == NULL && strcmp(wd, "zb") == 0)
			zb = json_object_get(e, "nodes");
		else if (reg == NULL && strcmp(wd, "reg") == 0)
			reg = json_object_get(e, "nodes");
	}
	d->zb = nbs_index(zb);
	d->reg = nbs_index(reg);
}

/* The name of the node (cname, else name), NULL if it has none. */
static const char *
nbs_name(json_t *node)
{
	const char	*name;

	if ((name = nbs_str(json_object_get(node, "cname"))) == NULL)
		name = nbs_str(json_object_get(node, "name"));
	return name;
}

/*
 * Append UTF-8 s to the label in buf (size bytes). -1 if it had to be cut,
 * at a character boundary, to fit.
 */
static int
nbs_cat(char *buf, size_t size, const char *s)
{
	size_t	 have = strlen(buf), n = strlen(s);

	if (have + n < size) {
		memcpy(buf + have, s, n + 1);
		return 0;
	}
	n = size - 1 - have;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	memcpy(buf + have, s, n);
	buf[have + n] = '\0';
	return -1;
}

/* "cname (unit), reg cname" into r->label, or "" without a zb node. */
static void
nbs_label(const struct nbs_dims *d, const struct nbs_wds *w, struct rec *r)
{
	json_t		*node = json_object_get(d->zb, w->zb);
	const char	*name, *unit, *reg = NULL;
	char		*l = r->label;
	size_t		 n = sizeof(r->label);

	l[0] = '\0';
	if ((name = nbs_name(node)) == NULL)
		return;
	unit = nbs_str(json_object_get(node, "unit"));
	if (w->reg != NULL)
		reg = nbs_name(json_object_get(d->reg, w->reg));
	if (nbs_cat(l, n, name) == -1)
		return;
	if (unit != NULL && *unit != '\0' && (nbs_cat(l, n, " (") == -1 ||
	    nbs_cat(l, n, unit) == -1 || nbs_cat(l, n, ")") == -1))
		return;
	if (reg != NULL && nbs_cat(l, n, ", ") == 0)
		nbs_cat(l, n, reg);
}

/* Code, area, period and value of a cell with hasdata true. */
static int
nbs_rec(json_t *data, const struct nbs_wds *w, struct rec *r, char *why,
    size_t whylen)
{
	json_t	*v = json_object_get(data, "data");

	if (w->zb == NULL || w->sj == NULL) {
		snprintf(why, whylen, "wds has no %s", w->zb ? "sj" : "zb");
		return -1;
	}
	if (*w->zb == '\0' || strlen(w->zb) >= sizeof(r->code)) {
		snprintf(why, whylen, "zb code empty or too long");
		return -1;
	}
	if (w->reg != NULL && strlen(w->reg) >= sizeof(r->area)) {
		snprintf(why, whylen, "reg code too long");
		return -1;
	}
	if (rec_period_parse(w->sj, strlen(w->sj), &r->period, why,
	    whylen) == -1)
		return -1;
	if (rec_json_number(v, &r->value) != 0) {
		snprintf(why, whylen, rec_json_conflict(v) ? "value given "
		    "twice, differently" : "value is not a number");
		return -1;
	}
	memcpy(r->code, w->zb, strlen(w->zb) + 1);
	if (w->reg != NULL)
		memcpy(r->area, w->reg, strlen(w->reg) + 1);
	return 0;
}

/*
 * One datanode into r and w. Returns 0 (a record), 1 (hasdata false: no
 * observation) or -1 with the reason in why.
 */
static int
nbs_cell(json_t *node, const struct nbs_dims *d, struct nbs_wds *w,
    struct rec *r, char *why, size_t whylen)
{
	json_t	*data, *has;
	int	 wrc;

	memset(r, 0, sizeof(*r));
	memset(w, 0, sizeof(*w));
	if (!json_is_object(node)) {
		snprintf(why, whylen, "not an object");
		return -1;
	}
	wrc = nbs_wds(json_object_get(node, "wds"), w, why, whylen);
	data = json_object_get(node, "data");
	has = json_object_get(data, "hasdata");
	if (json_is_false(has))
		return 1;
	if (wrc == -1)
		return -1;
	if (!json_is_true(has)) {
		snprintf(why, whylen, json_is_object(data) ? "hasdata is not "
		    "true or false" : "data is not an object");
		return -1;
	}
	if (nbs_rec(data, w, r, why, whylen) == -1)
		return -1;
	nbs_label(d, w, r);
	return 0;
}

static void
nbs_cells(json_t *nodes, const struct nbs_dims *d, struct recvec *out)
{
	struct nbs_wds	 w;
	struct rec	 r;
	char		 why[NBS_WHY_MAX], place[NBS_PLACE_MAX];
	json_t		*node;
	size_t		 i;
	int		 rc;

	json_array_foreach(nodes, i, node) {
		rc = nbs_cell(node, d, &w, &r, why, sizeof(why));
		if (rc == 0)
			recvec_push(out, &r);
		else if (rc == -1) {
			nbs_place(&w, i, place, sizeof(place));
			recvec_reject(out, place, why);
		}
	}
}

/* An error returncode, or a body that is not a QueryData response. */
static int
nbs_check(json_t *root, char *err, size_t errlen)
{
	json_t		*code = json_object_get(root, "returncode");
	json_t		*rd = json_object_get(root, "returndata");
	const char	*msg;
	char		 q[REC_QUOTE_MAX];

	if (json_is_integer(code) && json_integer_value(code) != 200) {
		msg = nbs_str(rd);
		snprintf(err, errlen, "NBS error %lld%s%s",
		    (long long)json_integer_value(code), msg ? ": " : "",
		    msg ? rec_quote(msg, strlen(msg), q) : "");
		return -1;
	}
	if (!json_is_array(json_object_get(rd, "datanodes"))) {
		snprintf(err, errlen, "not an NBS easyquery response");
		return -1;
	}
	return 0;
}

int
nbs_parse(const char *body, size_t len, struct recvec *out, char *err,
    size_t errlen)
{
	struct nbs_dims	 d;
	json_t		*root, *rd;
	int		 rc = -1;

	if (len >= 3 && memcmp(body, NBS_BOM, 3) == 0) {
		body += 3;
		len -= 3;
	}
	if ((root = rec_json_load(body, len, err, errlen)) == NULL)
		return -1;
	if (nbs_check(root, err, errlen) == -1)
		goto out;
	rd = json_object_get(root, "returndata");
	nbs_dims(json_object_get(rd, "wdnodes"), &d);
	nbs_cells(json_object_get(rd, "datanodes"), &d, out);
	json_decref(d.zb);
	json_decref(d.reg);
	rc = 0;
out:
	json_decref(root);
	return rc;
}
