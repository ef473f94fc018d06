#!/usr/bin/env bash
# Garbage in config files, feeds and push bodies: random bytes, huge numbers,
# NaN/Inf, dates out of range, 1 MB lines, empty files. Each gets a clear
# error naming its place; nothing crashes; good lines beside bad ones count.
. "$(dirname "$0")/lib.sh"

# Config garbage: "indicatord -n" exits 1 (not a signal) naming the file.
cfg() {	# cfg DESCRIPTION EXPECTED_REGEX (config text on stdin)
	cat > "$T/g.conf"
	out=$("$BIN" -n -c "$T/g.conf" 2>&1); rc=$?
	like "$rc $out" "^1 $T/g.conf:?[0-9]*:? ?$2" "config: $1"
}
head -c 4096 /dev/urandom | cfg "random bytes" '.'
cfg "an empty file" 'missing required key "data_dir"' < /dev/null
{ printf 'data_dir = "/x";\n# '; head -c 1048576 /dev/zero | tr '\0' x; printf '\nfoo = 1;\n'; } | cfg "a 1 MB comment line, then an unknown key" 'unknown key "foo"'
{ printf 'data_dir = "'; head -c 1048576 /dev/zero | tr '\0' x; printf '";\nlisten = 5;\n'; } | cfg "a 1 MB string" 'listen must be a string'
printf 'data_dir = "/x";\nhttp = { timeout = 99999999999999999999; };\n' | cfg "a huge integer" 'integer 99999999999999999999 does not fit'
printf 'data_dir = "/x";\nfeeds = ( { name = "f"; type = "push"; } );\nindicators = ( { id = "a"; unit = "count"; feed = "f"; targets = ( { year = 2025; value = 1e400; } ); } );\n' | cfg "an infinite value" 'value is not a finite number'
printf 'data_dir = "/x";\nfeeds = ( { name = "f"; type = "push"; } );\nindicators = ( { id = "a"; unit = "count"; feed = "f"; targets = ( { year = 2025; value = nan; } ); } );\n' | cfg "NaN" 'syntax error'
printf 'data_dir = "/x";\nfeeds = ( { name = "f"; type = "push"; } );\nindicators = ( { id = "a"; unit = "count"; feed = "f"; targets = ( { year = 3000; value = 1.0; } ); } );\n' | cfg "a year out of range" 'target year 3000 out of range'
printf 'data_dir = "/x";\0listen = "x";\n' | cfg "a NUL byte" 'contains a NUL byte'
out=$("$BIN" -n -c "$T" 2>&1); rc=$?
like "$rc $out" "^1 $T" "config: a directory instead of a file"

# Feed garbage.
{
	echo "good,2015,100"
	head -c 2000 /dev/urandom | tr -d '\n' ; echo
	echo "good,2016,nan"
	echo "good,2016,inf"
	echo "good,2016,-Infinity"
	echo "good,2016,1e400"
	echo "good,2016,0x10"
	echo "good,1900,1"
	echo "good,2300,1"
	echo "good,2016-13,1"
	echo "good,2016-02-30,1"
	printf 'good,2016,%s\n' "$(head -c 1048576 /dev/zero | tr '\0' 9)"
	echo "good,2017,121"
} > "$T/feed.csv"
: > "$T/empty.csv"
{ head -c 65536 /dev/urandom; echo; } > "$T/random.csv"	# a file ends with a newline
write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; body_limit = 4194304; };
feeds = ( { name = "file"; type = "csv"; path = "'"$T"'/feed.csv"; },
          { name = "empty"; type = "csv"; path = "'"$T"'/empty.csv"; },
          { name = "random"; type = "csv"; path = "'"$T"'/random.csv"; },
          { name = "manual"; type = "push"; } );
indicators = ( { id = "good"; unit = "count"; feed = "file"; targets = ( { year = 2025; value = 200.0; } ); },
               { id = "e"; unit = "count"; feed = "empty"; },
               { id = "r"; unit = "count"; feed = "random"; },
               { id = "p"; unit = "count"; feed = "manual"; } );'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
wait_until '[ "$(metric '"'"'indicatord_indicator_value{indicator="good",unit="count"}'"'"')" = 121 ]'
L=$(cat "$T/daemon.log")
is "$(metric 'indicatord_indicator_value{indicator="good",unit="count"}')" 121 "feed: good lines around the garbage are stored"
is "$(metric 'indicatord_observations_total{feed="file"}')" 2 "feed: only the two good lines"
like "$L" 'feed file line 3: bad value "nan"' "feed: NaN named"
like "$L" 'feed file line 4: bad value "inf"' "feed: Inf named"
like "$L" 'feed file line 6: value is not finite|feed file line 6: bad value' "feed: 1e400 named"
like "$L" 'feed file line 8: bad period "1900"' "feed: year 1900 named"
like "$L" 'feed file line 9: bad period "2300"' "feed: year 2300 named"
like "$L" 'feed file line 10: bad period "2016-13": month out of range' "feed: month 13 named"
like "$L" 'feed file line 11: bad period "2016-02-30"' "feed: Feb 30 named"
like "$L" 'feed file line 12: line too long \(1048586 bytes, limit 4096\)' "feed: 1 MB line named"
is "$(metric 'indicatord_feed_up{feed="empty"}')" 1 "feed: an empty file is a run with nothing in it"
is "$(metric 'indicatord_feed_up{feed="random"}')" 1 "feed: random bytes are bad lines, not a crash"
[ "$(metric 'indicatord_feed_errors_total{feed="random"}')" -gt 0 ] && ok "feed: random lines counted as errors" || not_ok "feed: random lines counted"
is "$(metric 'indicatord_indicator_value{indicator="r",unit="count"}')" "" "feed: nothing stored from random bytes"

# Push garbage: 400 naming the line, nothing stored.
push() { curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer token-for-tests" --data-binary @"$1" "http://127.0.0.1:$PORT/api/v1/observations"; }
head -c 100000 /dev/urandom > "$T/b1"
like "$(push "$T/b1") $(head -c 200 "$T/body")" '^400 ' "push: random bytes: 400"
printf 'p,2020,1\np,2021,NaN\n' > "$T/b2"
is "$(push "$T/b2") $(cat "$T/body")" '400 line 2: bad value "NaN"' "push: NaN: 400 naming line 2"
printf '[{"indicator":"p","period":"2020","value":1e999}]' > "$T/b3"
like "$(push "$T/b3") $(cat "$T/body")" '^400 line 1: bad JSON' "push: JSON 1e999: 400"
printf '[{"indicator":"p","period":"1850","value":1}]' > "$T/b4"
is "$(push "$T/b4") $(cat "$T/body")" '400 observation 1: bad period "1850": year out of range' "push: JSON year out of range: 400"
{ printf 'p,2020,'; head -c 2000000 /dev/zero | tr '\0' 1; echo; } > "$T/b5"
like "$(push "$T/b5") $(cat "$T/body")" '^400 line 1: line too long' "push: 2 MB line: 400"
: > "$T/b6"
is "$(push "$T/b6") $(cat "$T/body")" '400 no observations in the body' "push: empty body: 400"
printf '{"observations": %s1%s}' "$(head -c 20000 /dev/zero | tr '\0' '[')" "$(head -c 20000 /dev/zero | tr '\0' ']')" > "$T/b7"
like "$(push "$T/b7") $(cat "$T/body")" '^400 ' "push: 20,000-deep JSON nesting: 400"
is "$(metric 'indicatord_observations_total{feed="manual"}')" 0 "push: nothing stored from garbage"
kill -0 "$PID" && ok "daemon alive after all the garbage" || not_ok "daemon alive after all the garbage"
stop_daemon; is "$?" 0 "clean stop"
done_testing
