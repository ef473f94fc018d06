/*
 * fuzz_journal.c: libFuzzer target for journal_open's reading, repair and
 * conversion of a damaged file. The input is the journal's bytes: after
 * the format 3 header when the first byte is 1 (format 3 with damage),
 * after the format 2 header when it is 2 (the conversion), as they are
 * otherwise (format 1, a lost header, a newer format).
 * Invariants: the repaired file is the format 3 header and whole format 3
 * records only, as many as were replayed; the side file holds exactly the
 * bytes reported damaged; a second open replays the same records with
 * the same stored times and finds nothing to repair or convert.
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

/* What a replay saw: the records and a sum of their stored times. */
struct tally {
	size_t		 n;
	unsigned long long sum;
};

static void
count(void *arg, const struct obs *o, const char *feed, time_t stored)
{
	struct tally	*t = arg;

	(void)o;
	(void)feed;
	t->n++;
	t->sum = t->sum * 31 + (unsigned long long)stored;
}

static void
spew(const char *path, const uint8_t *data, size_t size)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL)
		abort();
	if (size > 0 && (data[0] == 1 || data[0] == 2)) {
		fputs(data[0] == 1 ? JOURNAL_HEADER : JOURNAL_HEADER_2, f);
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
	time_t		 t;
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
		    journal_parse_line(p, (size_t)k, 3, &o, feed,
		    sizeof(feed), &t) != 6)
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
	struct tally		 t1 = { 0, 0 }, t2 = { 0, 0 };

	/* tmpfs: its fsync costs nothing. */
	snprintf(path, sizeof(path), "/dev/shm/fuzz_journal.%d", (int)getpid());
	spew(path, data, size);
	if ((j = journal_open(path, count, &t1, &rep, err, sizeof(err))) ==
	    NULL) {
		/* Only a newer format is refused, and it is left as it was. */
		if (strstr(err, ": journal format ") == NULL || t1.n != 0 ||
		    rep.damaged_path != NULL)
			abort();
		unlink(path);
		return 0;
	}
	journal_close(j);
	if (check_file(path) != t1.n || rep.records != t1.n)
		abort();
	if (rep.damaged_path != NULL) {
		if (stat(rep.damaged_path, &st) == -1 ||
		    st.st_size != rep.corrupt_bytes || rep.corrupt == 0)
			abort();
		unlink(rep.damaged_path);
	} else if (rep.corrupt != 0)
		abort();
	journal_report_free(&rep);
	if ((j = journal_open(path, count, &t2, &rep, err, sizeof(err))) ==
	    NULL)
		abort();
	journal_close(j);
	if (t2.n != t1.n || t2.sum != t1.sum || rep.corrupt != 0 ||
	    rep.converted || rep.created ||
	    rep.torn_off != -1 || rep.completed || rep.damaged_path != NULL)
		abort();
	journal_report_free(&rep);
	unlink(path);
	return 0;
}
