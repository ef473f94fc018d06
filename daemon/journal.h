/*
 * journal.h: the append-only observation journal, the source of truth from
 * which every RRD is derived. A text file: the line JOURNAL_HEADER, then one
 * record per line (format 3):
 *   indicator<TAB>period<TAB>value(%.17g)<TAB>feed<TAB>source<TAB>stored
 *   <TAB>crc<LF>
 * where stored is when the record was appended, unix seconds (UTC) in
 * decimal without leading zeros, 0 when not known, and crc is the CRC-32C
 * (crc32c.h) of the bytes before its TAB, in 8 lowercase hex digits.
 * journal_append writes a whole batch, every record with the batch's one
 * stored time, and fsyncs before returning 0, so a batch is acknowledged
 * only once it is on disk.
 *
 * journal_open reads the file and repairs it before anything is appended:
 * - a torn last record (no LF at the end of the file, the bytes a prefix of
 *   a record, as kill -9 during a write leaves) is cut;
 * - a whole last record that only lacks its LF gets it;
 * - a damaged record (bad checksum, unparsable, NUL bytes, garbage) is
 *   moved, byte for byte, to PATH.damaged.<unix time> and the journal is
 *   rewritten (a new file, then an atomic rename) with every good record
 *   before and after it; a damaged line that is two whole records with
 *   their checksums, the byte between them (an LF) damaged, is moved
 *   too, and both records are kept;
 * - a journal of format 1 (no header, no checksums: indicatord 0.1.0) or
 *   of format 2 (JOURNAL_HEADER_2: no stored time) is rewritten in format
 *   3 once: each record's bytes are kept and followed by the stored time
 *   0 ("not known": no time is invented) and a new checksum. A record of
 *   format 3 in a format 2 file (an older indicatord, started on a format
 *   3 journal, kept its records and rewrote the header) stays as it is;
 * - a journal whose first line names a format after 3 is refused: nothing
 *   is read or changed (a newer indicatord wrote it).
 * What was found is in the caller's struct journal_report.
 *
 * An open journal holds a POSIX write lock on the file (fcntl F_SETLK),
 * so that a second indicatord or a --journal-import on the same data_dir
 * is refused while it is open; readers that take no lock (--export,
 * --journal-export) are not hindered.
 */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stddef.h>
#include <time.h>

#include "obs.h"

#define JOURNAL_HEADER	"# indicatord journal 3: " \
	"indicator period value feed source stored crc32c\n"
/* Format 2's, as indicatord before format 3 wrote it. */
#define JOURNAL_HEADER_2	\
	"# indicatord journal 2: indicator period value feed source crc32c\n"
/* Every header starts so; the format's number follows. */
#define JOURNAL_HEADER_PREFIX	"# indicatord journal "

struct journal;

/*
 * Called once per record on replay; feed is the record's feed name, stored
 * its stored time (0: not known).
 */
typedef void (*journal_cb)(void *arg, const struct obs *o, const char *feed,
	    time_t stored);

/* One run of adjacent damaged lines, at its offset in the file as found. */
struct journal_damage {
	long long	 off;
	long long	 len;		/* bytes */
	size_t		 records;	/* lines */
};

struct journal_report {
	size_t		 records;	/* good records replayed */
	int		 created;	/* the file was empty: header written */
	int		 converted;	/* the format (1 or 2) the file was
					   rewritten from, or 0 */
	long long	 torn_off;	/* a torn last record cut, or -1 */
	long long	 torn_len;
	int		 completed;	/* a whole last record got its LF */
	size_t		 corrupt;	/* damaged records (lines) */
	size_t		 split;		/* of them, two whole records each */
	long long	 corrupt_bytes;
	struct journal_damage *damage;	/* ndamage runs, in file order */
	size_t		 ndamage;
	char		*damaged_path;	/* where their bytes are, or NULL */
};

/*
 * Open (creating) path, lock it, replay every good record through cb (cb
 * may be NULL) and repair the file as journal.h says; rep (freed with
 * journal_report_free) tells what was found. NULL with err set when the
 * file cannot be read or repaired, or another process holds its lock
 * ("PATH: in use by process PID ..."); then nothing was changed but the
 * side file.
 */
struct journal *journal_open(const char *path, journal_cb cb, void *arg,
	    struct journal_report *rep, char *err, size_t errlen);
void	 journal_report_free(struct journal_report *);
/*
 * Append n records, each with the stored time stored (unix seconds; a
 * negative one is written as 0), and fsync. On failure (e.g. ENOSPC) the
 * file is cut back to its previous length, so nothing half-written stays,
 * and -1 is returned.
 */
int	 journal_append(struct journal *, const struct obs *const *obs,
	    size_t n, const char *feed, time_t stored, char *err,
	    size_t errlen);
/*
 * Append buf[0, len), whole format 3 records each with its LF that the
 * caller has checked (journal_check_line, journal_parse_line), as they
 * are, and fsync; a failure cuts the file back as journal_append does.
 */
int	 journal_append_lines(struct journal *, const char *buf, size_t len,
	    char *err, size_t errlen);
/* Bytes in the journal. */
long long journal_size(const struct journal *);
void	 journal_close(struct journal *);
/*
 * Parse the fields of a record of format (1, 2 or 3) before its checksum,
 * without LF; pure, for tests, fuzzing and --export. Format 3 has six
 * fields, the sixth the stored time; formats 1 and 2 have five, and
 * *stored is 0 (no field holds a TAB: journal_append never wrote one). In
 * format 2 a record of six fields whose sixth is a stored time is format
 * 3's (see above). Returns the count of fields (5 or 6), or -1.
 */
int	 journal_parse_line(const char *line, size_t len, int format,
	    struct obs_buf *o, char *feed, size_t feedlen, time_t *stored);
/*
 * The length of a format 2 or 3 line's fields before its checksum if the
 * checksum matches them, else -1. line without its LF.
 */
long	 journal_check_line(const char *line, size_t len);

#endif
