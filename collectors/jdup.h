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
 * Duplicates are taken in document order: a later value that has
 * duplicates of its own is merged as if its parts came one by one. A
 * document that spells JDUP_CONFLICT_KEY itself reads as a conflict too.
 * Without duplicates the tree equals (json_equal) what json_loadb gives.
 * Linear in the body: equal values in a conflict are found by hash.
 * Pure functions: no logging, no global state (out of memory is fatal).
 */
#ifndef JDUP_H
#define JDUP_H

#include <stddef.h>

#include <jansson.h>

#define JDUP_CONFLICT_KEY	"\x1f" "conflict"
#define JDUP_DEPTH_MAX		2048	/* as jansson's JSON_PARSER_MAX_DEPTH */

/*
 * Decode len bytes of body (a JSON object or array, RFC 8259 with UTF-8
 * text; NUL bytes, also as \u0000, make it invalid; body may be NULL when
 * len is 0). Returns a new reference, or NULL with err set as json_loadb
 * sets it (line, column, position, text and json_error_code, e.g. "'[' or
 * '{' expected near 'x'"); the one difference: jansson reads past a NUL
 * byte after a number or literal, here it is "... near NUL byte". err may
 * be NULL.
 */
json_t	*jdup_loadb(const char *body, size_t len, json_error_t *err);
/*
 * 1 if j is a conflict as jdup_loadb makes them (an object whose only
 * member is JDUP_CONFLICT_KEY, an array), else 0; j may be NULL.
 */
int	 jdup_is_conflict(const json_t *j);

#endif
