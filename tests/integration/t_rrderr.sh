#!/usr/bin/env bash
# An RRD that cannot be created is logged with librrd's reason and errno's,
# never an empty one; the observation stays in the journal.
. "$(dirname "$0")/lib.sh"

echo "x,2020,5" > "$T/f.csv"
write_conf "$T/c.conf" '
feeds = ( { name = "f"; type = "csv"; path = "'"$T"'/f.csv"; interval = 3600; } );
indicators = ( { id = "x"; unit = "count"; feed = "f"; } );'
touch -d '-1 min' "$T/f.csv"

# A path component that is a regular file.
mkdir -p "$T/data"
touch "$T/data/rrd"
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
wait_for grep -q 'indicator x: create' "$T/daemon.log"
like "$(cat "$T/daemon.log")" "warn: indicator x: create $T/data/rrd/x.rrd.tmp: Cannot create temporary file: Not a directory \(kept in the journal; retrying later\)" "create error names librrd's reason and errno's"
is "$(awk -F'\t' '{ for (i = 1; i < NF - 1; i++) if ($i == "x" && $(i + 1) == "2020") print $(i + 2) }' "$T/data/journal")" 5 "the observation is in the journal"
stop_daemon; is "$?" 0 "clean stop"

# A directory where librrd renames its temporary file: librrd 1.7.2
# returns success with the error set.
rm -rf "$T/data"
mkdir -p "$T/data/rrd/x.rrd.tmp"
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
wait_for grep -q 'indicator x: create' "$T/daemon.log"
like "$(cat "$T/daemon.log")" "warn: indicator x: create $T/data/rrd/x.rrd.tmp: Cannot rename temporary file to final file!: Is a directory \(kept in the journal; retrying later\)" "a rename that librrd reports as success is an error, with its reason"
stop_daemon; is "$?" 0 "clean stop"
done_testing
