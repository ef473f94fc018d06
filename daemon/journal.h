/*
 * journal.h: the append-only observation journal, the source of truth from
 * which every RRD is derived. One record per line:
 *   indicator<TAB>period<TAB>value(%.17g)<TAB>feed<TAB>source<LF>
 * journal_append writes a whole batch and fsyncs before returning 0, so a
 * batch is acknowledged only once it is on disk. A torn last line (kill -9
 * during a write) is cut off on open.
 */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stddef.h>

#include "obs.h"

struct journal;

/* Called once per record on replay; feed is the record's feed name. */
typedef void (*journal_cb)(void *arg, const struct obs *o, const char *feed);

/*
 * Open (creating) path, replay every record through cb, cut a torn tail.
 * A malformed complete line is reported in *bad (count) and skipped.
 */
struct journal *journal_open(const char *path, journal_cb cb, void *arg,
	    size_t *bad, char *err, size_t errlen);
/*
 * Append n records and fsync. On failure (e.g. ENOSPC) the file is cut back
 * to its previous length, so nothing half-written stays, and -1 is returned.
 */
int	 journal_append(struct journal *, const struct obs *const *obs,
	    size_t n, const char *feed, char *err, size_t errlen);
/* Bytes in the journal. */
long long journal_size(const struct journal *);
void	 journal_close(struct journal *);
/* Parse one record line (without LF); pure, for tests and fuzzing. */
int	 journal_parse_line(const char *line, size_t len, struct obs_buf *o,
	    char *feed, size_t feedlen);

#endif
