#!/usr/bin/env bash
# conf/prometheus: the alert rules pass promtool check and their unit tests,
# the example config is valid, and every indicatord metric the rules use is
# one the daemon exports.
. "$(dirname "$0")/lib.sh"

P=$ROOT/conf/prometheus
if ! command -v promtool >/dev/null; then
	not_ok "promtool available (Debian package prometheus)"
	done_testing; exit 1
fi
out=$(promtool check rules "$P/indicatord.rules.yml" 2>&1); rc=$?
is "$rc" 0 "promtool check rules"
like "$out" 'SUCCESS: 5 rules found' "five rules"
out=$(cd "$P" && promtool test rules indicatord.rules.test.yml 2>&1); rc=$?
is "$rc" 0 "promtool test rules"
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
out=$(promtool check config "$P/prometheus.yml" 2>&1); rc=$?
is "$rc" 0 "promtool check config (example scrape config)"

# The metric names in the rules exist in a running daemon's exposition.
write_conf "$T/c.conf" '
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "patents"; unit = "count"; feed = "manual";
                 targets = ( { year = 2025; value = 200.0; } ); } );
alerts = ( { name = "am"; type = "alertmanager"; url = "http://127.0.0.1:1"; } );'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
types=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '$1 == "#" && $2 == "TYPE" { print $3 }')
for m in $(grep -o 'indicatord_[a-z_]*' "$P/indicatord.rules.yml" | sort -u); do
	printf '%s\n' "$types" | grep -qx "$m" && ok "rules use $m: exported" || not_ok "rules use $m: exported"
done
stop_daemon; is "$?" 0 "clean stop"
done_testing
