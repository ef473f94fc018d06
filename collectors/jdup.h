/*
 * jdup.h: a JSON decoder that takes duplicate object keys, as real
 * statistics publishers emit them (ILOSTAT repeats SDMX-JSON series keys;
 * a specification sample repeats keyPosition), and merges them into one
 * jansson tree instead of rejecting the document:
 *  - two objects under one key are merged member by member, and the same
 *    rule applies to their members, at any depth;
 *  - a value equal (json_equal) to the one already under its key is
 *    dropped;
 *  - differing values under one key (not both objects) become a conflict:
 *    an object whose only member is JDUP_CONFLICT_KEY, an array of the
 *    distinct values in document order. A further differing duplicate is
 *    appended to that array; readers reject the record it stood for.
 * Without duplicates the tree equals (json_equal) what json_loadb gives.
 * Pure functions: no logging, no global state.
 */
#ifndef JDUP_H
#define JDUP_H

#include <stddef.h>

#include <jansson.h>

#define JDUP_CONFLICT_KEY	"\x1f" "conflict"
#define JDUP_DEPTH_MAX		2048	/* as jansson's JSON_PARSER_MAX_DEPTH */

/*
 * Decode len bytes of body (a JSON object or array, RFC 8259 with UTF-8
 * text; NUL bytes, also as \u0000, make it invalid). Returns a new
 * reference, or NULL with err set as jansson sets it (line, column,
 * position and text, e.g. "'[' or '{' expected near 'x'").
 */
json_t	*jdup_loadb(const char *body, size_t len, json_error_t *err);
/* 1 if j is a conflict made by jdup_loadb, else 0. */
int	 jdup_is_conflict(const json_t *j);

#endif
