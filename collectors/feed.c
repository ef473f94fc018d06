/*
 * feed.c: runs one feed of any kind (see feed.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "feed.h"
#include "xmalloc.h"

int
feed_read_file(const char *path, long max, char **body, size_t *len,
    char *err, size_t errlen)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd;

	*body = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > max) {
		snprintf(err, errlen, "%s: %s", path, !S_ISREG(st.st_mode) ?
		    "not a regular file" : "file too large");
		goto fail;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (off < (size_t)st.st_size) {
		n = read(fd, buf + off, (size_t)st.st_size - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		off += (size_t)n;
	}
	buf[off] = '\0';
	close(fd);
	*body = buf;
	*len = off;
	return 0;
fail:
	if (fd != -1)
		close(fd);
	free(buf);
	return -1;
}

struct bad_ctx {
	const char	*feed;
	feed_bad_cb	 cb;
	void		*arg;
};

static void
csv_bad(void *arg, size_t lineno, const char *reason)
{
	struct bad_ctx	*bc = arg;

	if (bc->cb != NULL)
		bc->cb(bc->arg, bc->feed, lineno, reason);
}

static int
feed_run_csv(const struct feed_conf *fc, struct obsvec *out, size_t *bad,
    feed_bad_cb cb, void *arg, char *err, size_t errlen)
{
	struct bad_ctx	 bc = { fc->name, cb, arg };
	char		*body;
	size_t		 len;

	if (feed_read_file(fc->path, FEED_BODY_MAX, &body, &len, err,
	    errlen) == -1)
		return -1;
	*bad = csv_parse_body(body, len, out, csv_bad, &bc);
	free(body);
	return 0;
}

int
feed_run(const struct feed_conf *fc, struct obsvec *out, size_t *bad,
    feed_bad_cb cb, void *arg, char *err, size_t errlen)
{
	*bad = 0;
	switch (fc->type) {
	case FEED_CSV:
		return feed_run_csv(fc, out, bad, cb, arg, err, errlen);
	case FEED_PUSH:
		return 0;
	case FEED_EXEC:
	case FEED_HTTP:
		break;
	}
	snprintf(err, errlen, "feed type %s is not supported yet",
	    config_feed_type_name(fc->type));
	return -1;
}
