#!/usr/bin/env bash
# The shipped configuration and demo data, as `make run` starts them: the
# configuration checks, every line of the demo data is read, and each
# indicator fed by it shows its latest value.
. "$(dirname "$0")/lib.sh"

cd "$ROOT" || exit 1
sed -e 's|^listen .*|listen = "127.0.0.1:0";|' \
    -e "s|^data_dir .*|data_dir = \"$T/data\";|" conf/indicatord.conf > "$T/c.conf"
is "$("$BIN" -n -c conf/indicatord.conf 2>&1)" "conf/indicatord.conf: push_token is the shipped placeholder, accepted on a loopback address only; set your own before listening elsewhere
configuration OK" "the shipped configuration checks, noting its demo token"
start_daemon "$T/c.conf" || { not_ok "daemon starts on the shipped configuration"; done_testing; exit 1; }
wait_until '[ "$(metric "indicatord_feed_up{feed=\"shenzhen\"}")" = 1 ]'
is "$(metric 'indicatord_feed_errors_total{feed="shenzhen"}')" 0 "the demo data has no bad line"
is "$(metric 'indicatord_feed_records_rejected_total{feed="shenzhen"}')" 0 "no record of it is skipped"
is "$(grep -c 'warn' "$T/daemon.log")" 0 "nothing to warn about at start"
# The latest figure of each indicator of the demo data, from the file.
awk -F, '!/^#/ && $1 != "indicator" && NF >= 3 { if ($2 >= last[$1]) { last[$1] = $2; v[$1] = $3 } }
    END { for (k in v) print k, v[k] }' conf/data/shenzhen.csv | sort > "$T/want"
n=0
while read -r id val; do
	got=$(curl -s "http://127.0.0.1:$PORT/api/v1/indicators/$id" | jq -r '.latest.value')
	[ "$(awk -v a="$got" -v b="$val" 'BEGIN { print (a + 0 == b + 0) }')" = 1 ] || { not_ok "$id: latest $val" "got $got"; n=$((n + 1)); }
done < "$T/want"
is "$n" 0 "every indicator of the demo data shows its latest figure ($(wc -l < "$T/want") indicators)"
is "$(curl -s "http://127.0.0.1:$PORT/api/v1/indicators/patent_authorizations" | jq -r '.latest.period, .latest.source' | tr '\n' '|')" \
    "2024|State Council Information Office press conference, 12 June 2025|" "a quoted source with a comma is read whole"
# Numbers without meaning are left out, with the reason in words.
curl -s "http://127.0.0.1:$PORT/report" > "$T/index.html"
like "$(cat "$T/index.html")" '<td><span class="why">no observation yet</span></td><td>&mdash;</td><td>&mdash;</td><td>&mdash;</td></tr>' \
    "dashboard: an indicator without data says why, once per row"
like "$(cat "$T/index.html")" '<li>2025 target: Stated: Work Plan for Optimizing the International Business Environment in Shenzhen \(2023-2025\), task 2: more than 77 %.</li>' \
    "dashboard: a target's citation of its plan document"
is "$(grep -c 'seed [0-9]\|\.\./shared' "$T/index.html")" 0 "no file names of this repository's authors on the page"
stop_daemon; is "$?" 0 "clean stop"
done_testing
