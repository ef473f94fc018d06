#!/usr/bin/env bash
# A feed read while it is being written is not stored: a csv file rewritten
# in place while the daemon reads it every second (read again, or the run
# fails), a file whose last line has no newline, an http CSV body closed
# mid-line without a Content-Length, exec output whose last line has no
# newline.
. "$(dirname "$0")/lib.sh"

FS=${FIXTURE_SERVER:-$B/tests/fixture_server}
mkdir -p "$T/www"
printf 'h,2020,987654\n' > "$T/www/h.csv"
printf 'n,2020,42' > "$T/www/n.csv"
"$FS" -d "$T/www" -p "$T/port" >"$T/fs.log" 2>&1 & FSP=$!
EXTRA_PIDS="$FSP"
wait_for test -s "$T/port" || { not_ok "fixture server starts"; done_testing; exit 1; }
W="http://127.0.0.1:$(cat "$T/port")"

# writer.py FILE SECONDS PAUSE ID: rewrite FILE in place (truncate, then two
# writes 50 ms apart: "ID,2020,1141" and the rest), alternating between two
# complete contents, then wait PAUSE seconds (random up to PAUSE when > 0.1).
cat > "$T/writer.py" <<'PY'
import os, random, sys, time
path, secs, pause, id = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
random.seed(20)
end, i = time.time() + secs, 0
while time.time() < end:
    v = ("114168.5", "114169.5")[i % 2]
    i += 1
    body = ("%s,2020,%s\n%s2,2021,%s\n" % (id, v, id, v)).encode()
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    os.write(fd, body[:len(id) + 10])
    time.sleep(0.05)
    os.write(fd, body[11:])
    os.close(fd)
    time.sleep(random.uniform(0.1, pause) if pause > 0.1 else pause)
PY
printf 'w,2020,114168.5\nw2,2021,114168.5\n' > "$T/w.csv"
printf 'b,2020,1\nb2,2021,1\n' > "$T/busy.csv"
printf '#!/bin/sh\nprintf "e,2020,1\\ne,2021,987"\n' > "$T/nonl.sh"
printf 'o,2020,5\no,2021,98' > "$T/nonl.csv"
touch -d '-1 min' "$T/nonl.csv"
chmod +x "$T/nonl.sh"
write_conf "$T/c.conf" '
feeds = (
  { name = "file"; type = "csv"; path = "'"$T"'/w.csv"; interval = 1; },
  { name = "busy"; type = "csv"; path = "'"$T"'/busy.csv"; interval = 1; },
  { name = "cut"; type = "http"; format = "csv"; url = "'"$W"'/h.csv?cut=10"; interval = 3600; },
  { name = "chunked"; type = "http"; format = "csv"; url = "'"$W"'/h.csv?cut=10&chunked=1"; interval = 3600; },
  { name = "sized"; type = "http"; format = "csv"; url = "'"$W"'/n.csv"; interval = 3600; },
  { name = "nonl"; type = "exec"; command = ["'"$T"'/nonl.sh"]; interval = 3600; },
  { name = "nonlfile"; type = "csv"; path = "'"$T"'/nonl.csv"; interval = 3600; }
);
indicators = (
  { id = "w"; unit = "count"; feed = "file"; },
  { id = "w2"; unit = "count"; feed = "file"; },
  { id = "b"; unit = "count"; feed = "busy"; },
  { id = "b2"; unit = "count"; feed = "busy"; },
  { id = "h"; unit = "count"; feed = "cut"; },
  { id = "h2"; unit = "count"; feed = "chunked"; },
  { id = "n"; unit = "count"; feed = "sized"; },
  { id = "e"; unit = "count"; feed = "nonl"; },
  { id = "o"; unit = "count"; feed = "nonlfile"; }
);'
# busy.csv is rewritten every 70 ms from before the start until killed.
python3 "$T/writer.py" "$T/busy.csv" 120 0.02 b & BP=$!
EXTRA_PIDS="$FSP $BP"
wait_until 'grep -q 1141 "$T/busy.csv"'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
python3 "$T/writer.py" "$T/w.csv" 8 0.4 w & WP=$!
EXTRA_PIDS="$FSP $BP $WP"
seen=
while kill -0 "$WP" 2>/dev/null; do
	seen="$seen $(metric 'indicatord_indicator_value{indicator="w",unit="count"}')"
	seen="$seen $(metric 'indicatord_indicator_value{indicator="w2",unit="count"}')"
	sleep 0.1
done
wait "$WP"
vals=$(printf '%s\n' $seen | sort -u | tr '\n' ' ')
like "$vals" '^(114168\.5 )?(114169\.5 )?$' "only complete values were ever served ($vals)"
like "$vals" '114168\.5|114169\.5' "values were served"
journal=$(awk -F'\t' '{ for (i = 1; i < NF - 1; i++) if ($i ~ /^w2?$/ && $(i + 1) ~ /^202[01]$/) print $(i + 2) }' "$T/data/journal" | sort -u | tr '\n' ' ')
like "$journal" '^(114168\.5 )?(114169\.5 )?$' "only complete values were stored ($journal)"
like "$journal" '114168\.5|114169\.5' "values were stored"
why='(changed while being read|modified [0-9]+ ms before the read|ends mid-line \(no newline after its last line\))'
like "$(cat "$T/daemon.log")" "info: feed file: $T/w.csv $why; reading again in 200 ms \(read [2-5] of 5\)" "a file being written is read again, logged"
like "$(cat "$T/daemon.log")" "warn: feed busy: $T/busy.csv: still being written after 5 reads 200 ms apart \(the last $why\); nothing stored" "a file always being written fails the run, logged"
is "$(metric 'indicatord_feed_up{feed="busy"}')" 0 "that feed is down"
is "$(metric 'indicatord_indicator_value{indicator="b",unit="count"}')$(metric 'indicatord_indicator_value{indicator="b2",unit="count"}')" "" "nothing of it stored"
kill "$BP"; wait "$BP"

# h.csv cut after "h,2020,98": no length declared, so not stored.
like "$(cat "$T/daemon.log")" "warn: feed cut: body ends mid-line without a declared length: possibly cut off; nothing stored" "http body closed mid-line: run failed"
like "$(cat "$T/daemon.log")" "warn: feed chunked: body ends mid-line without a declared length: possibly cut off; nothing stored" "chunked body ending mid-line: run failed"
is "$(metric 'indicatord_indicator_value{indicator="h",unit="count"}')$(metric 'indicatord_indicator_value{indicator="h2",unit="count"}')" "" "no cut-off value stored"
is "$(metric 'indicatord_feed_up{feed="cut"}')" 0 "cut feed down"
is "$(metric 'indicatord_indicator_value{indicator="n",unit="count"}')" 42 "a last line without newline in a body of declared length is stored"
like "$(cat "$T/daemon.log")" "warn: feed nonl: output ends mid-line \(no newline after its last line\): possibly cut off; nothing stored" "exec output without a final newline: run failed"
is "$(metric 'indicatord_indicator_value{indicator="e",unit="count"}')" "" "none of that output stored"
like "$(cat "$T/daemon.log")" "warn: feed nonlfile: $T/nonl.csv: still being written after 5 reads 200 ms apart \(the last ends mid-line \(no newline after its last line\)\); nothing stored" "a file whose last line has no newline: run failed after 5 reads"
is "$(metric 'indicatord_indicator_value{indicator="o",unit="count"}')" "" "nothing of it stored"
stop_daemon; is "$?" 0 "clean stop"
done_testing
