#!/usr/bin/env bash
# When each observation was stored and whether it was revised (journal
# format 3): a format 2 journal is converted once, its points without a
# stored time (null); pushes carry their time into the journal and the
# API's series; a revision is flagged and takes the new time; a restart,
# after SIGTERM and after kill -9, shows exactly the same; --export and
# /api/v1/export read format 3.
. "$(dirname "$0")/lib.sh"

write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "pat"; unit = "count"; feed = "manual"; } );'
J=$T/data/journal
H2='# indicatord journal 2: indicator period value feed source crc32c'
H3='# indicatord journal 3: indicator period value feed source stored crc32c'
push() { curl -s -H "Authorization: Bearer token-for-tests" --data-binary "$1" "http://127.0.0.1:$PORT/api/v1/observations"; }
series() { curl -s "http://127.0.0.1:$PORT/api/v1/indicators/pat" | jq -c '[.series[] | [.period, .value, .stored, .revised]]'; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# A format 2 journal (indicatord before format 3), with a revision of 2022.
mkdir -p "$T/data"
printf '%s\npat\t2022\t100\tfile\tnews\t5cf36ba4\npat\t2022\t110\tfile\tnews\t6d82bf94\n' "$H2" > "$J"
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
like "$(cat "$T/daemon.log")" 'info: journal [^ ]*/data/journal: converted 2 records from format 2 \(no stored time\) to format 3; their stored time is not known \(0\)' "format 2 is converted, logged"
is "$(cat "$J")" "$H3"$'\npat\t2022\t100\tfile\tnews\t0\t7db97921\npat\t2022\t110\tfile\tnews\t0\t29be2c67' "its records' bytes are kept, with stored time 0 and new checksums"
is "$(series)" '[["2022",110,null,true]]' "a converted point: stored null, revised by its second record"

t0=$(date +%s)
is "$(push $'pat,2023,120\npat,2024,130')" '{"received":2,"stored":2,"unchanged":0}' "push"
t1=$(date +%s)
s=$(series)
st=$(jq -r '.[1][2]' <<<"$s")
[[ "$st" > "$(iso $((t0 - 1)))" && "$st" < "$(iso $((t1 + 1)))" ]] && ok "stored is the push's time ($st)" || not_ok "stored is the push's time" "$st not in $(iso "$t0")..$(iso "$t1")"
is "$s" '[["2022",110,null,true],["2023",120,"'"$st"'",false],["2024",130,"'"$st"'",false]]' "one stored time for the batch, not revised"
is "$(awk -F'\t' 'NR > 1 { print NF }' "$J" | sort -u)" 7 "every record has its seven fields"
is "$(tail -1 "$J" | cut -f6)" "$(date -u -d "$st" +%s)" "the journal holds the same time in unix seconds"
is "$(curl -s "http://127.0.0.1:$PORT/api/v1/indicators/pat" | jq -c '.latest | [.stored, .revised]')" '["'"$st"'",false]' "latest shows them too"

sleep 1.1	# a revision in a later second: its own time
t2=$(date +%s)
is "$(push 'pat,2023,125')" '{"received":1,"stored":1,"unchanged":0}' "a revision of 2023"
is "$(push 'pat,2023,125')" '{"received":1,"stored":0,"unchanged":1}' "the same again stores nothing"
s=$(series)
st2=$(jq -r '.[1][2]' <<<"$s")
[[ ! "$st2" < "$(iso "$t2")" ]] && ok "a revision takes its own stored time ($st2)" || not_ok "a revision takes its own stored time" "$st2 before $(iso "$t2")"
is "$s" '[["2022",110,null,true],["2023",125,"'"$st2"'",true],["2024",130,"'"$st"'",false]]' "revised: the changed point only"
like "$(curl -s "http://127.0.0.1:$PORT/api/v1/export")" 'indicatord_indicator_value\{indicator="pat",unit="count"\} 125 1704067200' "/api/v1/export gives the revised value"

stop_daemon || not_ok "daemon exits 0"
start_daemon "$T/c.conf" || not_ok "restart"
is "$(grep -c converted "$T/daemon.log")" 0 "converted once only"
is "$(series)" "$s" "after a restart: the same stored times and flags"
"$BIN" --export -c "$T/c.conf" > "$T/cli.om" 2>"$T/cli.err"
is "$?" 0 "--export reads format 3"
is "$(grep -c '^indicatord_indicator_value' "$T/cli.om") $(grep -c 'unit="count"} 125 1704067200$' "$T/cli.om") $(cat "$T/cli.err")" "3 1 " "with every period's latest value and no damaged line"

# kill -9 right after an acknowledged push: replay gives what the live view showed.
push $'pat,2024,131\npat,2025,140' >/dev/null
s=$(series)
kill -KILL "$PID"; wait "$PID" 2>/dev/null; PID=
start_daemon "$T/c.conf" || not_ok "start after kill -9"
is "$(series)" "$s" "after kill -9: the same stored times and flags"
is "$(jq -c '[.[] | .[3]]' <<<"$s")" '[true,true,true,false]' "2024 revised by the push before the kill"
stop_daemon || not_ok "daemon exits 0"
done_testing
