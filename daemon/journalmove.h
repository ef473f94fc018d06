/*
 * journalmove.h: moving indicators between instances (shards) with their
 * journal records, the source of truth their RRDs are rebuilt from.
 *   indicatord --journal-export ID[,ID...] -c FILE > moved.journal
 *   indicatord --journal-import moved.journal -c FILE
 * The export reads the configured journal as --export does: without
 * changing or locking it, beside a running daemon. The import holds the
 * journal's lock (journal.h) for its whole run: it refuses while an
 * indicatord runs on the same data_dir, and an indicatord started during
 * an import is refused.
 */
#ifndef JOURNALMOVE_H
#define JOURNALMOVE_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

/* What an export or an import did. */
struct journalmove_result {
	size_t		 records;	/* written (export) or appended */
	size_t		 indicators;	/* distinct ids among them (export) or
					   in the file (import) */
	size_t		 present;	/* import: already in the journal */
	size_t		 bad;		/* export: damaged lines skipped */
};

/*
 * Write to out the header line of the journal at path and, byte for byte
 * and in journal order, every record of the indicators in ids (a comma
 * separated list). Damaged lines (a checksum that does not match) are
 * never written, counted in res->bad; a last line without its LF (an
 * append under way) is written only if it is a whole record, with its
 * LF. -1 with err, and nothing written, when ids is not a list of
 * indicator ids, the journal cannot be read or is of format 1 (no
 * checksums), or an id has no record in it.
 */
int	 journalmove_export(const char *path, const char *ids, FILE *out,
	    struct journalmove_result *res, char *err, size_t errlen);
/*
 * Append the records of file (a movefile.h file; "-" is the standard
 * input) to the journal of conf's data_dir and fsync it. All or nothing:
 * the file is parsed and every record checked first, and a bad line, or a
 * record of an indicator that conf's instance does not own, fails the
 * import with "FILE:LINE: ..." in err and nothing appended. Records
 * already in the journal (the same indicator, period, value, feed and
 * source; the stored time may differ) are skipped and counted in
 * res->present, so a second import of the same file appends nothing. The
 * records keep their stored times: an import is not an observation.
 */
int	 journalmove_import(const struct config *conf, const char *file,
	    struct journalmove_result *res, char *err, size_t errlen);

/* The command line's --journal-export: the file on stdout, exit status. */
int	 journalmove_export_main(const struct config *conf, const char *ids);
/* The command line's --journal-import: a summary on stdout, exit status. */
int	 journalmove_import_main(const struct config *conf, const char *file);

#endif
