/*
 * fuzz_journal.c: libFuzzer target for journal_open's reading and repair
 * of a damaged file. The input is the journal's bytes, after the header
 * line when the first byte is odd (format 2 with damage), as they are
 * otherwise (format 1, or a lost header). Invariants: the repaired file
 * is the header and whole format 2 records only, as many as were
 * replayed; the side file holds exactly the bytes reported damaged; a
 * second open replays the same records and finds nothing to repair.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
count(void *arg, const struct obs *o, const char *feed)
{
	(void)o;
	(void)feed;
	(*(size_t *)arg)++;
}

static void
spew(const char *path, const uint8_t *data, size_t size)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL)
		abort();
	if (size > 0 && data[0] % 2 == 1) {
		fputs(JOURNAL_HEADER, f);
		data++;
		size--;
	}
	if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

/* Every line of path after the header is a whole record: how many. */
static size_t
check_file(const char *path)
{
	struct obs_buf	 o;
	char		*b, feed[128];
	const char	*p, *nl, *end;
	size_t		 n = 0, h = strlen(JOURNAL_HEADER);
	struct stat	 st;
	long		 k;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1)
		abort();
	b = malloc((size_t)st.st_size + 1);
	if (read(fd, b, (size_t)st.st_size) != st.st_size)
		abort();
	close(fd);
	end = b + st.st_size;
	if ((size_t)st.st_size < h || memcmp(b, JOURNAL_HEADER, h) != 0)
		abort();
	for (p = b + h; p < end; p = nl + 1, n++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    (k = journal_check_line(p, (size_t)(nl - p))) == -1 ||
		    journal_parse_line(p, (size_t)k, &o, feed,
		    sizeof(feed)) == -1)
			abort();
	}
	free(b);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal_report	 rep;
	struct journal		*j;
	struct stat		 st;
	char			 path[64], err[256];
	size_t			 n1 = 0, n2 = 0;

	/* tmpfs: its fsync costs nothing. */
	snprintf(path, sizeof(path), "/dev/shm/fuzz_journal.%d", (int)getpid());
	spew(path, data, size);
	if ((j = journal_open(path, count, &n1, &rep, err, sizeof(err))) ==
	    NULL)
		abort();
	journal_close(j);
	if (check_file(path) != n1 || rep.records != n1)
		abort();
	if (rep.damaged_path != NULL) {
		if (stat(rep.damaged_path, &st) == -1 ||
		    st.st_size != rep.corrupt_bytes || rep.corrupt == 0)
			abort();
		unlink(rep.damaged_path);
	} else if (rep.corrupt != 0)
		abort();
	journal_report_free(&rep);
	if ((j = journal_open(path, count, &n2, &rep, err, sizeof(err))) ==
	    NULL)
		abort();
	journal_close(j);
	if (n2 != n1 || rep.corrupt != 0 || rep.converted || rep.created ||
	    rep.torn_off != -1 || rep.completed || rep.damaged_path != NULL)
		abort();
	journal_report_free(&rep);
	unlink(path);
	return 0;
}
