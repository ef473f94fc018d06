/*
 * push.h: bodies of POST /api/v1/observations, all-or-nothing. Either CSV
 * (`indicator,period,value[,source]` lines, as csv.h) or JSON:
 *   {"observations": [{"indicator": "x", "period": "2024", "value": 1.5,
 *                      "source": "..."}, ...]}
 * or the bare array. The first bad line or element is the error: "line 3:
 * bad value \"x\"" or "observation 3: missing \"period\"". Pure: no logging.
 */
#ifndef PUSH_H
#define PUSH_H

#include <stddef.h>

#include "obs.h"

#define PUSH_MAX_OBS	1000000

/* 1 if the body looks like JSON (first non-space byte is '{' or '['). */
int	 push_is_json(const char *body, size_t len);
/* Parse the body; 0, or -1 with err set and out left empty. */
int	 push_parse(const char *body, size_t len, int json, struct obsvec *out,
	    char *err, size_t errlen);

#endif
