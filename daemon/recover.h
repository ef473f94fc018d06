/*
 * recover.h: what start-up does about a damaged journal and RRDs that
 * disagree with it. The journal is the source of truth only while it is
 * intact: an RRD that holds values the journal lacks (an emptied,
 * truncated or damaged journal) is kept as it is, with a warning, unless
 * the daemon was started with --rebuild.
 */
#ifndef RECOVER_H
#define RECOVER_H

#include <stddef.h>

#include "journal.h"
#include "store.h"

enum recover_action {
	RECOVER_OK,		/* the file holds the journal's points */
	RECOVER_REBUILD,	/* rebuild it from the journal */
	RECOVER_HOLD		/* keep it: it holds what the journal lacks */
};

/* Log what journal_open found in path: info for the expected, else warn. */
void	 recover_log_journal(const char *path,
	    const struct journal_report *);
/*
 * Compare id's RRD with the journal's points pts[0, n). REBUILD when the
 * file is missing or unreadable, or is behind: a period missing, or (with
 * an intact journal, damaged 0) holding another value, as a crash between
 * the journal's fsync and the RRD write leaves it. HOLD when it holds days
 * outside every period, or other values while the journal had damage;
 * with force (--rebuild) that is a REBUILD too. Logs why (info for a
 * rebuild of a file behind, a warning naming the rows for the rest).
 * A file of an older layout (store.h, told from its header alone) that
 * holds nothing the journal lacks is a REBUILD too, into the current
 * layout, with *old set to its layout and size (else old->size is 0); one
 * that is a HOLD keeps its layout, with a warning naming it.
 * After a clean stop (store_current), with an intact journal and without
 * force, a file of the current layout whose last update is the last
 * point's end is OK from its header alone.
 */
struct recover_old {
	enum rrdhead_layout layout;
	long long	 size;
};

enum recover_action recover_check(struct store *, const char *id,
	    const struct store_point *pts, size_t n, int damaged, int force,
	    struct recover_old *old);

/* Files moved to the current layout at start-up, by their old layout. */
struct recover_migration {
	size_t		 files[RRDHEAD_OTHER];
	long long	 before[RRDHEAD_OTHER];	/* their bytes */
	long long	 after;		/* all of them in the current one */
};

/* Count id's file, rebuilt from the file old (thread-safe). */
void	 recover_migrated(struct recover_migration *, struct store *,
	    const char *id, const struct recover_old *old);
/* One info line for a start-up's migration, none if nothing moved. */
void	 recover_log_migration(const struct recover_migration *,
	    double seconds);

/*
 * After an rrdcached restart: 1 (with a warning) when id's RRD lacks
 * periods of pts or holds other values, as when rrdcached lost the
 * updates it held queued; 0 when it holds them all.
 */
int	 recover_lost(struct store *, const char *id,
	    const struct store_point *pts, size_t n);

#endif
