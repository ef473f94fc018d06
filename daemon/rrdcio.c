/*
 * rrdcio.c: RRD files through rrdcached only (see rrdcio.h).
 */
#include <errno.h>
#include <rrd.h>
#include <rrd_client.h>
#include <string.h>

#include "rrdcio.h"

/* Room kept in a request for "update ", the path and the line end. */
#define RRDCIO_HEAD	16

int
rrdcio_is_tcp(const char *addr)
{
	return addr != NULL && addr[0] != '/' &&
	    strncmp(addr, "unix:", 5) != 0;
}

static int
rrdcio_connect(const char *addr)
{
	if (rrdc_connect(addr) == 0)
		return 0;
	rrdc_disconnect();
	return rrdc_connect(addr) == 0 ? 0 : -1;
}

/*
 * After a failed request: 1 if it failed for the connection (to be tried
 * again on a new one), 0 if rrdcached answered it with an error. librrd
 * 1.7.2 prefixes what rrdcached answered with "rrdcached@".
 */
static int
rrdcio_lost(void)
{
	const char	*e = rrd_get_error();

	if (e != NULL && strncmp(e, "rrdcached@", 10) == 0)
		return 0;
	rrd_clear_error();
	rrdc_disconnect();
	return 1;
}

/* One UPDATE request, tried again on a new connection if it was lost. */
static int
rrdcio_update1(const char *addr, const char *path, int argc,
    const char *const *argv)
{
	rrd_clear_error();
	if (rrdcio_connect(addr) == 0 && rrdc_update(path, argc,
	    (const char **)argv) == 0)
		return 0;
	if (!rrdcio_lost() || rrdcio_connect(addr) == -1)
		return -1;
	return rrdc_update(path, argc, (const char **)argv) == 0 ? 0 : -1;
}

int
rrdcio_update(const char *addr, const char *path, int argc,
    const char *const *argv)
{
	size_t	 len;
	int	 i = 0, k;

	while (i < argc) {
		len = RRDCIO_HEAD + strlen(path) + strlen(argv[i]) + 1;
		for (k = i + 1; k < argc && len + strlen(argv[k]) + 1 <
		    RRD_CMD_MAX; k++)
			len += strlen(argv[k]) + 1;
		if (rrdcio_update1(addr, path, k - i, argv + i) == -1)
			return -1;
		i = k;
	}
	return 0;
}

int
rrdcio_create(const char *addr, const char *path, unsigned long step,
    time_t start, int argc, const char **argv)
{
	rrd_clear_error();
	if (rrdcio_connect(addr) == 0 && rrdc_create(path, step, start, 0,
	    argc, argv) == 0)
		return 0;
	if (!rrdcio_lost() || rrdcio_connect(addr) == -1)
		return -1;
	return rrdc_create(path, step, start, 0, argc, argv) == 0 ? 0 : -1;
}

int
rrdcio_forget(const char *addr, const char *path)
{
	rrd_clear_error();
	if (rrdcio_connect(addr) == -1)
		return -1;
	/* Refused: it holds nothing of path ("No such file"). */
	if (rrdc_flush(path) != 0 && rrdcio_lost() &&
	    (rrdcio_connect(addr) == -1 || (rrdc_flush(path) != 0 &&
	    rrdcio_lost())))
		return -1;
	rrd_clear_error();
	if (rrdc_forget(path) != 0 && rrdcio_lost())
		return -1;
	rrd_clear_error();
	return 0;
}

time_t
rrdcio_last(const char *addr, const char *path)
{
	time_t	 t;

	rrd_clear_error();
	if (rrdcio_connect(addr) == 0 && (t = rrdc_last(path)) != -1)
		return t;
	if (!rrdcio_lost() || rrdcio_connect(addr) == -1)
		return -1;
	return rrdc_last(path);
}

int
rrdcio_fetch(const char *addr, const char *path, const char *cf,
    time_t *start, time_t *end, unsigned long *step, unsigned long *ds_cnt,
    char ***names, rrd_value_t **data)
{
	time_t	 s = *start, e = *end;

	rrd_clear_error();
	if (rrdcio_connect(addr) == 0 && rrdc_fetch(path, cf, start, end,
	    step, ds_cnt, names, data) == 0)
		return 0;
	if (!rrdcio_lost() || rrdcio_connect(addr) == -1)
		return -1;
	*start = s;
	*end = e;
	return rrdc_fetch(path, cf, start, end, step, ds_cnt, names, data) ==
	    0 ? 0 : -1;
}
