/*
 * movefile.h: the file that `indicatord --journal-export` writes and
 * --journal-import reads to move indicators between instances (shards):
 * a journal header line (JOURNAL_HEADER, or JOURNAL_HEADER_2 as the
 * journal of an indicatord before format 3 has it), then whole journal
 * records, each with its checksum (journal.h). The file comes from
 * another machine: movefile_parse checks every byte of it and does no
 * I/O, so that a fuzz target reaches it (tests/fuzz/fuzz_movefile.c).
 */
#ifndef MOVEFILE_H
#define MOVEFILE_H

#include <stddef.h>
#include <time.h>

#include "obs.h"

/* Feed names longer than this are not journal records. */
#define MOVEFILE_FEED_MAX	128

/* One record of the file: small, as a file may hold millions. */
struct movefile_rec {
	size_t		 off;		/* its format 3 line in text */
	size_t		 len;		/* with its LF */
	size_t		 lineno;	/* in the file, the header is line 1 */
};

/* A record's fields (movefile_fields). */
struct movefile_fields {
	struct obs_buf	 o;
	char		 feed[MOVEFILE_FEED_MAX];
	time_t		 stored;	/* 0: not known */
};

/* A parsed file; a zeroed one is empty. */
struct movefile {
	char		*text;	/* every record in format 3, in file order */
	size_t		 textlen;
	struct movefile_rec *recs;
	size_t		 n, cap;
	int		 format;	/* 2 or 3, as its header says */
};

/*
 * Parse buf[0, len), the bytes of the file called name, into m (zeroed by
 * the caller). A format 3 record is kept byte for byte; a format 2 one
 * of five fields gets the stored time 0 and a new checksum, as
 * journal_open converts it. A last record without its LF is taken if its
 * checksum matches. Any line that is not a whole record with a matching
 * checksum fails the whole file: -1 with "NAME:LINE: message" in err, and
 * m is left for movefile_free.
 */
int	 movefile_parse(struct movefile *m, const char *name, const char *buf,
	    size_t len, char *err, size_t errlen);
/* The fields of m's record i (i < m->n, m parsed). */
void	 movefile_fields(const struct movefile *m, size_t i,
	    struct movefile_fields *f);
void	 movefile_free(struct movefile *);

#endif
