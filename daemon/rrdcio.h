/*
 * rrdcio.h: RRD files reached only through rrdcached, over librrd's one
 * shared client (rrd_client.h), for a store whose rrdcached listens on
 * TCP: its files live where rrdcached runs, named relative to its base
 * directory (-b). Each call connects when librrd has no connection and
 * tries once more on a new one when the first request fails for want of
 * one (rrdcached restarted). -1 (or for rrdcio_last, -1 as a time) leaves
 * librrd's error set (rrd_get_error): "rrdcached@ADDR: ..." when rrdcached
 * refused the request.
 */
#ifndef RRDCIO_H
#define RRDCIO_H

#include <time.h>
#include <rrd.h>

/* 1 if addr is a TCP address ("host", "host:port", "[v6]:port"). */
int	 rrdcio_is_tcp(const char *addr);
/*
 * UPDATE in as many requests as librrd's request size (RRD_CMD_MAX)
 * needs, in order; the first refusal ends it.
 */
int	 rrdcio_update(const char *addr, const char *path, int argc,
	    const char *const *argv);
/*
 * CREATE path anew, over an existing file (as rrd_create renames a new
 * file over it); refused by an rrdcached started with -O.
 */
int	 rrdcio_create(const char *addr, const char *path, unsigned long step,
	    time_t start, int argc, const char **argv);
/*
 * Write out what rrdcached holds queued for path, then have it forget
 * the file; 0 also when rrdcached holds nothing of it.
 */
int	 rrdcio_forget(const char *addr, const char *path);
/*
 * LAST: the last update, queued ones too, down to a multiple of the step;
 * asked on a connection of its own (librrd's rrdc_last reads a dead stack
 * frame), which must be made within 200 ms (cachemon_dial).
 */
time_t	 rrdcio_last(const char *addr, const char *path);
/*
 * FETCH (rrdcached writes the file's queue first): as rrd_fetch_r, but the
 * resolution is rrdcached's choice, the finest archive that covers
 * start..end (the step asked for is not sent).
 */
int	 rrdcio_fetch(const char *addr, const char *path, const char *cf,
	    time_t *start, time_t *end, unsigned long *step,
	    unsigned long *ds_cnt, char ***names, rrd_value_t **data);

#endif
