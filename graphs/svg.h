/*
 * svg.h: the finishing of an SVG that librrd drew through cairo. Cairo
 * gives the size in points (width="800pt"), which a browser draws 4/3
 * larger than the pixels asked for, and draws text as glyph outlines, so
 * the words are nowhere in the file. svg_finish gives the size in pixels
 * and puts a <title> and a <desc> first in the root element, for screen
 * readers, search and tests. Pure.
 */
#ifndef SVG_H
#define SVG_H

#include <stddef.h>

/*
 * A copy of the SVG in (len bytes) with the root's width and height in
 * pixels, and title and desc (UTF-8; NULL or "" for none) escaped in
 * <title> and <desc>. 0 with *out malloc'd (NUL-terminated, *outlen
 * without the NUL), or -1 with a message in err when in has no <svg
 * element.
 */
int	 svg_finish(const char *in, size_t len, const char *title,
	    const char *desc, char **out, size_t *outlen, char *err,
	    size_t errlen);

#endif
