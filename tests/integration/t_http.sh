#!/usr/bin/env bash
# http feeds against real HTTP servers on 127.0.0.1 serving fixtures of each
# shape: World Bank (two pages), SDMX-JSON 1.0 and 2.0, JSON-stat, CSV; and
# 404, timeout and malformed bodies as feed errors.
. "$(dirname "$0")/lib.sh"

FS=${FIXTURE_SERVER:-$B/tests/fixture_server}
mkdir -p "$T/www"
cp "$ROOT"/tests/fixtures/http/* "$T/www/"
printf 'indicator,period,value,source\ncsv_ind,2023,7,remote\ncsv_ind,2024,9,remote\n' > "$T/www/data.csv"
"$FS" -d "$T/www" -p "$T/port" >"$T/fs.log" 2>&1 & FSP=$!
"$FS" -d "$T/www" -p "$T/slowport" -delay 5 >"$T/fs2.log" 2>&1 & FSP2=$!
EXTRA_PIDS="$FSP $FSP2"
wait_for test -s "$T/port" && wait_for test -s "$T/slowport" || { not_ok "fixture servers start"; done_testing; exit 1; }
W="http://127.0.0.1:$(cat "$T/port")"
S="http://127.0.0.1:$(cat "$T/slowport")"
write_conf "$T/c.conf" '
feeds = (
  { name = "wb"; type = "http"; format = "worldbank"; url = "'"$W"'/worldbank_gdp.json";
    map = ( { code = "NY.GDP.MKTP.CD"; area = "CHN"; indicator = "gdp_usd"; } ); },
  { name = "oecd"; type = "http"; format = "sdmx-json"; url = "'"$W"'/sdmx10_fdi.json";
    map = ( { code = "A.CN.FDI_INFLOW"; indicator = "fdi_cn"; } ); },
  { name = "trade"; type = "http"; format = "sdmx-json"; url = "'"$W"'/sdmx20_trade.json";
    map = ( { code = "Q.CN_SZ.W1.EXP"; indicator = "exports"; } ); },
  { name = "stat"; type = "http"; format = "jsonstat"; url = "'"$W"'/jsonstat_dense.json";
    map = ( { code = "A.HT_ENT.SZ"; indicator = "hte"; }, { code = "A.PAT_GRANT.SZ"; indicator = "pat"; } ); },
  { name = "remote"; type = "http"; format = "csv"; url = "'"$W"'/data.csv"; },
  { name = "gone"; type = "http"; format = "csv"; url = "'"$W"'/nope.csv"; interval = 3600; },
  { name = "slow"; type = "http"; format = "csv"; url = "'"$S"'/data.csv"; timeout = 1; interval = 3600; },
  { name = "broken"; type = "http"; format = "worldbank"; url = "'"$W"'/worldbank_truncated.json"; interval = 3600; }
);
indicators = (
  { id = "gdp_usd"; unit = "usd"; feed = "wb"; targets = ( { year = 2025; value = 2.0e13; } ); },
  { id = "fdi_cn"; unit = "usd"; feed = "oecd"; },
  { id = "exports"; unit = "yuan"; frequency = "quarterly"; feed = "trade"; },
  { id = "hte"; unit = "count"; feed = "stat"; },
  { id = "pat"; unit = "count"; feed = "stat"; },
  { id = "csv_ind"; unit = "count"; feed = "remote"; },
  { id = "g"; unit = "count"; feed = "gone"; },
  { id = "s"; unit = "count"; feed = "slow"; },
  { id = "b"; unit = "count"; feed = "broken"; }
);'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
v() { metric "indicatord_indicator_value{indicator=\"$1\",unit=\"$2\"}"; }
wait_until '[ -n "$(v gdp_usd usd)" ] && [ -n "$(v pat count)" ] && [ -n "$(v csv_ind count)" ] && grep -q "feed slow" "$T/daemon.log"'
is "$(v gdp_usd usd)" 17794782039552 "World Bank: latest non-null value (2023)"
is "$(metric 'indicatord_observations_total{feed="wb"}')" 4 "World Bank: both pages read, null skipped"
is "$(rrd_value "$T/data/rrd/gdp_usd.rrd" 1609459200)" "1.4687744163e+13" "World Bank: 2020 from page 2 in the RRD"
is "$(v fdi_cn usd)" 344075 "SDMX-JSON 1.0: mapped series"
is "$(v exports yuan)" 1105.5 "SDMX-JSON 2.0: quarterly series"
is "$(metric 'indicatord_indicator_period_end_timestamp_seconds{indicator="exports"}')" 1735689600 "SDMX-JSON 2.0: 2024-Q4 ends 2025-01-01"
is "$(v hte count)" 25000 "JSON-stat: first mapped code"
is "$(v pat count)" 241900 "JSON-stat: second mapped code"
is "$(v csv_ind count)" 9 "CSV over HTTP"
for f in wb oecd trade stat remote; do
	is "$(metric "indicatord_feed_up{feed=\"$f\"}")" 1 "feed $f up"
done
wait_until 'grep -q "feed slow: timeout" "$T/daemon.log"'
like "$(cat "$T/daemon.log")" "feed gone: HTTP 404 from $W/nope.csv" "404 is a feed error naming the URL"
like "$(cat "$T/daemon.log")" 'feed slow: timeout after 1 s' "timeout is a feed error"
like "$(cat "$T/daemon.log")" 'feed broken: invalid JSON at line' "malformed body is a feed error"
for f in gone slow broken; do
	is "$(metric "indicatord_feed_up{feed=\"$f\"}")" 0 "feed $f down"
	is "$(metric "indicatord_feed_errors_total{feed=\"$f\"}")" 1 "feed $f error counted"
done
is "$(v b count)" "" "nothing stored from a malformed body"
stop_daemon; is "$?" 0 "clean stop"
done_testing
