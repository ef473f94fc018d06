#!/usr/bin/env bash
# The journal (format 3) detects damage: a flipped digit, a flipped newline,
# garbage appended, a zeroed tail and a torn record; an emptied journal; a
# journal of format 1 converted once; an RRD holding values its journal lacks is kept
# unless --rebuild.
. "$(dirname "$0")/lib.sh"

write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "pat"; unit = "count"; feed = "manual";
                 targets = ( { year = 2030; value = 900000.0; } ); },
               { id = "rate"; unit = "count"; feed = "manual"; frequency = "monthly"; } );'
J=$T/data/journal
R=$T/data/rrd/pat.rrd
HEADER='# indicatord journal 3: indicator period value feed source stored crc32c'
push() { curl -s -H "Authorization: Bearer token-for-tests" --data-binary "$1" "http://127.0.0.1:$PORT/api/v1/observations"; }
corrupt() { metric indicatord_journal_corrupt_records_total; }
stop() { stop_daemon || not_ok "daemon exits 0" "$(tail -20 "$T/daemon.log")"; }
damaged_files() { ls "$T/data/" | grep -c '^journal\.damaged\.'; }
E2021=1640995200 E2022=1672531200 E2023=1704067200 E2024=1735689600

start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
like "$(cat "$T/daemon.log")" 'journal .*/data/journal: empty, started in format 3' "a new journal is logged"
is "$(push $'pat,2021,600000\npat,2022,675674.789\npat,2023,700000')" '{"received":3,"stored":3,"unchanged":0}' "push"
is "$(corrupt)" 0 "no damaged records"
stop
is "$(head -1 "$J")" "$HEADER" "the journal starts with its header"
like "$(sed -n 3p "$J")" $'^pat\t2022\t675674\\.789\tpush\t\t[1-9][0-9]{9}\t[0-9a-f]{8}$' "each record ends in its stored time and its checksum"

# A flipped digit: detected, moved aside; the RRD keeps the right value.
off=$(grep -b '675674\.789' "$J" | cut -d: -f1)
sed -i 's/675674\.789/665674.789/' "$J"
start_daemon "$T/c.conf" || not_ok "start after a flipped digit"
LOG=$(cat "$T/daemon.log")
like "$LOG" "warn: journal [^ ]*: damaged record at offset $off \\(46 bytes, 1 line\\) moved to [^ ]*/journal\\.damaged\\.[0-9]+" "the damaged record is reported with its offset"
like "$LOG" 'warn: indicator pat: its RRD holds 365 daily rows the journal lacks \(2022-01-01 to 2022-12-31\); kept as it is, not rebuilt \(start with --rebuild' "the RRD ahead of the journal is a loud warning"
is "$(corrupt)" 1 "indicatord_journal_corrupt_records_total counts it"
like "$(curl -s "http://127.0.0.1:$PORT/metrics")" $'# HELP indicatord_journal_corrupt_records_total [^\n]*\n# TYPE indicatord_journal_corrupt_records_total counter\n' "with HELP and TYPE"
is "$(grep -c 665674 "$T"/data/journal.damaged.*)" 1 "the damaged bytes are kept in journal.damaged.<time>"
is "$(grep -c 665674 "$J")" 0 "and are out of the journal"
is "$(grep -vc '^#' "$J")" 2 "the records before and after it stay"
is "$(rrd_value "$R" $E2022)" "6.7567478900e+05" "the RRD still holds the value the journal lost"
is "$(rrd_value "$R" $E2023)" "7.0000000000e+05" "and the later one"
is "$(push 'pat,2024,710000')" '{"received":1,"stored":1,"unchanged":0}' "a push after it"
is "$(rrd_value "$R" $E2024)" "7.1000000000e+05" "is appended to the kept RRD"
stop
start_daemon "$T/c.conf" || not_ok "restart"
is "$(corrupt)" 0 "the rewritten journal has no damage"
like "$(cat "$T/daemon.log")" 'its RRD holds 365 daily rows the journal lacks' "the kept RRD is warned about at every start"
is "$(rrd_value "$R" $E2022)" "6.7567478900e+05" "and is still not rebuilt"
stop

# --rebuild: the operator's choice, the RRD follows the journal.
DAEMON_ARGS=--rebuild start_daemon "$T/c.conf" || not_ok "start with --rebuild"
like "$(cat "$T/daemon.log")" 'indicator pat: its RRD holds 365 daily rows the journal lacks .*; rebuilding it from the journal \(--rebuild\)' "--rebuild says what it does"
is "$(rrd_value "$R" $E2022)" "-nan" "--rebuild rebuilt the RRD from the journal"
is "$(rrd_value "$R" $E2024)" "7.1000000000e+05" "with every journaled value"
is "$(push 'pat,2022,675674.789')" '{"received":1,"stored":1,"unchanged":0}' "the lost value pushed again"
stop

# A flipped newline merges two records into one damaged line: moved aside
# and counted; each of its two records is whole (checksums), so both stay.
cp "$J" "$T/j.before"
awk 'NR == 2 { printf "%s~", $0; next } { print }' "$J" > "$T/j" && cat "$T/j" > "$J"
start_daemon "$T/c.conf" || not_ok "start after a flipped newline"
like "$(cat "$T/daemon.log")" 'warn: journal [^ ]*: damaged record at offset 73 \(84 bytes, 1 line\)' "the merged line is damage at its offset"
like "$(cat "$T/daemon.log")" 'warn: journal [^ ]*: 1 of them held two whole records each, their line end damaged: those records are kept' "its two records are recovered"
is "$(corrupt)" 1 "counted once (one line)"
is "$(cmp "$J" "$T/j.before" && echo same)" same "the journal is as it was before the flip"
is "$(grep -c 'its RRD holds' "$T/daemon.log")" 0 "nothing lost: no RRD is ahead"
is "$(rrd_value "$R" $E2021)" "6.0000000000e+05" "2021 in the RRD"
stop

# Garbage appended (with and without a line end): damage, never a torn record.
printf 'GET / HTTP/1.1\r\n\001\002 binary' >> "$J"
n=$(damaged_files)
start_daemon "$T/c.conf" || not_ok "start after garbage"
like "$(cat "$T/daemon.log")" 'warn: journal [^ ]*: damaged records at offset [0-9]+ \(25 bytes, 2 lines\)' "garbage appended is damage"
is "$(corrupt)" 2 "two damaged lines counted"
is "$(tail -c 1 "$J" | od -An -tx1 | tr -d ' ')" 0a "the journal ends with a whole record again"
stop

# A torn last record (kill -9 mid-append): cut, at info, not damage.
size=$(stat -c %s "$J")
printf 'pat\t2025\t7200' >> "$J"
start_daemon "$T/c.conf" || not_ok "start after a torn record"
like "$(cat "$T/daemon.log")" "info: journal [^ ]*: cut a torn last record at offset $size \\(13 bytes" "a torn record is cut and logged at info"
is "$(corrupt)" 0 "and is not counted as damage"
is "$(stat -c %s "$J")" "$size" "the journal is back to its whole records"
stop

# A zeroed last 4 KB: the records it hit are damage; the RRD keeps them.
for y in $(seq 2005 2019); do for m in 01 02 03 04 05 06 07 08 09 10 11 12; do echo "rate,$y-$m,$y$m"; done; done > "$T/many"
start_daemon "$T/c.conf"
is "$(push "$(cat "$T/many")")" '{"received":180,"stored":180,"unchanged":0}' "180 monthly observations"
stop
size=$(stat -c %s "$J")
dd if=/dev/zero of="$J" bs=1 seek=$((size - 4096)) count=4096 conv=notrunc status=none
start_daemon "$T/c.conf" || not_ok "start after a zeroed tail"
like "$(cat "$T/daemon.log")" 'warn: journal [^ ]*: damaged record at offset [0-9]+ \(41[0-9][0-9] bytes, 1 line\)' "a zeroed tail is damage"
like "$(cat "$T/daemon.log")" 'warn: indicator rate: its RRD holds [0-9]+ daily rows the journal lacks \(20[01][0-9]-[0-9]{2}-01 to 2019-12-31\); kept' "the RRD holding the lost records is kept"
is "$(rrd_value "$T/data/rrd/rate.rrd" 1577836800)" "2.0191200000e+05" "the latest value is still in the RRD"
is "$(corrupt)" 1 "one damaged record"
stop

# An emptied journal: the RRDs keep their values, with a warning.
: > "$J"
start_daemon "$T/c.conf" || not_ok "start with an empty journal"
like "$(cat "$T/daemon.log")" 'journal [^ ]*: empty, started in format 3' "an empty journal is logged"
like "$(cat "$T/daemon.log")" 'warn: indicator pat: its RRD holds 1461 daily rows the journal lacks \(2021-01-01 to 2024-12-31\)' "the RRD ahead of an empty journal is named, with its rows"
like "$(cat "$T/daemon.log")" 'warn: indicator rate: its RRD holds 5478 daily rows the journal lacks \(2005-01-01 to 2019-12-31\)' "each of them"
is "$(rrd_value "$R" $E2024)" "7.1000000000e+05" "the RRD is not rebuilt away"
is "$(metric 'indicatord_indicator_value{indicator="pat",unit="count"}')" "" "the empty journal serves no value"
stop

# Format 1, as indicatord 0.1.0 wrote it: converted once, logged.
write_conf "$T/old.conf" '
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "pat"; unit = "count"; feed = "manual"; } );'
sed -i "s|$T/data|$T/old|" "$T/old.conf"
mkdir -p "$T/old"
printf 'pat\t2023\t235100\tfile\tnews\npat\t2024\t241900\tpush\t\n' > "$T/old/journal"
start_daemon "$T/old.conf" || not_ok "start with a format 1 journal"
like "$(cat "$T/daemon.log")" 'info: journal [^ ]*/old/journal: converted 2 records from format 1 \(no checksums\) to format 3; their stored time is not known \(0\)' "format 1 is converted, logged"
is "$(cat "$T/old/journal")" "$HEADER"$'\npat\t2023\t235100\tfile\tnews\t0\t98533aa2\npat\t2024\t241900\tpush\t\t0\tefbea4e7' "the records' bytes are kept, stored time 0 and checksums added"
is "$(metric 'indicatord_indicator_value{indicator="pat",unit="count"}')" 241900 "its values are served"
is "$(rrd_value "$T/old/rrd/pat.rrd" $E2024)" "2.4190000000e+05" "and in the RRD"
stop
start_daemon "$T/old.conf"
is "$(grep -c 'converted' "$T/daemon.log")" 0 "converted once only"
stop
done_testing
