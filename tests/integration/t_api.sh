#!/usr/bin/env bash
# JSON API, PNG graphs (cache, invalidation, bad parameters) and the HTML
# dashboard, the last one loaded in headless Chromium.
. "$(dirname "$0")/lib.sh"

cat > "$T/feed.csv" <<'CSV'
pat,2018,140000,press
pat,2024,241900,"seed 000"
plain,2022,100,x
plain,2023,110,x
plain,2024,121,x
CSV
write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; };
feeds = ( { name = "file"; type = "csv"; path = "'"$T"'/feed.csv"; interval = 3600; },
          { name = "manual"; type = "push"; } );
indicators = (
  { id = "pat"; name = "Patent <authorizations>"; unit = "count"; feed = "file";
    notes = ( { period = "2022"; text = "examination rules: <changed>"; } );
    targets = ( { year = 2025; value = 250000.0; note = "Work Plan (2023-2025), task 1"; },
                { year = 2035; value = 400000.0; } ); },
  { id = "empty"; name = "No data yet"; unit = "usd"; feed = "manual";
    targets = ( { year = 2025; value = 4.0e9; } ); },
  { id = "plain"; name = "Without a target"; unit = "count"; feed = "file"; }
);'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
H="http://127.0.0.1:$PORT"
wait_until '[ -n "$(metric '"'"'indicatord_indicator_value{indicator="pat",unit="count"}'"'"')" ]'

j=$(curl -s "$H/api/v1/indicators/pat")
jq_() { printf '%s' "$j" | jq -r "$1" | tr '\n' ' ' | sed 's/ $//'; }
is "$(jq_ '.latest.value, .latest.period')" "241900 2024" "API: latest observation"
is "$(jq_ '.url, .graph')" "/indicator/pat /graph/pat.png" "API: url is the indicator's page, graph its PNG"
is "$(curl -s "$H/api/v1/indicators" | jq -r '[.indicators[].url] | join(" ")')" "/indicator/pat /indicator/empty /indicator/plain" "API: each indicator of the list has its page's url"
is "$(jq_ '.targets[0].status, .targets[0].kind, .feed')" "on_track min file" "API: target status, kind, feed"
near "$(jq_ '.targets[0].ratio')" "$(awk 'BEGIN { printf "%.15f", ((241900/140000)^(1/6)-1) / ((250000/140000)^(1/7)-1) }')" 1e-9 "API: R"
near "$(jq_ '.targets[0].required_growth')" "$(awk 'BEGIN { printf "%.15f", (250000/140000)^(1/7)-1 }')" 1e-12 "API: required growth"
near "$(jq_ '.targets[0].projected')" "$(awk 'BEGIN { printf "%.6f", 241900 * (241900/140000)^(1/6) }')" 1e-6 "API: projection"
is "$(jq_ '(.series | length), .series[0].value, .series[0].source')" "2 140000 press" "API: series with sources"
# Data age: 2024 ended 2025-01-01 (1735689600) and was due 18 months later,
# 2026-07-01 (1782864000); measured at the hour the daemon last ticked.
now=$(date +%s); asof=$((now - now % 3600))
age=$(jq_ '.age_seconds')
if [ "$asof" -gt 1782864000 ]; then want=true; else want=false; fi
is "$(jq_ '.stale, .stale_after')" "$want 18 months" "API: stale flag and the lag it is judged by"
if [ "$age" = $((asof - 1735689600)) ] || [ "$age" = $((asof - 3600 - 1735689600)) ]; then
	ok "API: age of the data, to the hour"
else
	not_ok "API: age of the data, to the hour" "got $age, asof $asof"
fi
is "$(metric 'indicatord_indicator_age_seconds{indicator="pat"}')" "$age" "metrics: the same age"
is "$(metric 'indicatord_indicator_stale{indicator="pat"}')" "$([ $want = true ] && echo 1 || echo 0)" "metrics: the stale flag"
is "$(metric 'indicatord_indicator_stale{indicator="empty"}')" "" "no data: no stale sample"
is "$(jq_ '.targets[0].ratio_reason, .targets[0].projected_reason, .targets[0].projected_clamped')" "null null false" "API: defined numbers have no reason"
is "$(printf '%s' "$j" | jq -c '[.targets[].note, .notes]')" \
    '["Work Plan (2023-2025), task 1",null,[{"period":"2022","text":"examination rules: <changed>"}]]' "API: a target's note and the data's notes"
is "$(curl -s "$H/api/v1/indicators/empty" | jq -r '.targets[0] | [.ratio, .ratio_reason, .projected_reason] | @tsv')" \
    "	no_data	no_data" "API: no data: null numbers, each with its reason"
is "$(curl -s "$H/api/v1/indicators" | jq -r '([.indicators[].id] | join(",")), .indicators[1].latest, .indicators[1].targets[0].status' | tr '\n' ' ')" \
    "pat,empty,plain null unknown " "API: list with an indicator without data"
is "$(curl -s "$H/api/v1/indicators/plain" | jq -c '.direction | [.status, (.growth * 1e9 | round), .years]')" \
    '["improving",100000000,5]' "API: an indicator without targets gets a direction (+10 %/yr)"
is "$(metric 'indicatord_indicator_trend_status{indicator="plain",status="improving"}') $(metric 'indicatord_indicator_trend_status{indicator="plain",status="stable"}')" \
    "1 0" "metrics: the direction of an indicator without targets"
is "$(metric 'indicatord_indicator_trend_status{indicator="pat",status="improving"}')" "" "no direction sample for an indicator with targets"
is "$(curl -s -o /dev/null -w '%{http_code}' "$H/api/v1/indicators/nosuch")" 404 "API: unknown id 404"

# Graphs.
code() { curl -s -o /dev/null -w '%{http_code}' "$H$1"; }
curl -s -D "$T/h1" -o "$T/pat.png" "$H/graph/pat.png"
is "$(head -c 8 "$T/pat.png" | od -An -tx1 | tr -d ' ')" "89504e470d0a1a0a" "graph is a PNG"
is "$(tr -d '\r' < "$T/h1" | grep -i '^content-type')" "Content-Type: image/png" "graph content type"
is "$(tr -d '\r' < "$T/h1" | grep -i '^x-cache')" "X-Cache: miss" "first request renders"
curl -s -D "$T/h2" -o "$T/pat2.png" "$H/graph/pat.png"
is "$(tr -d '\r' < "$T/h2" | grep -i '^x-cache')" "X-Cache: hit" "repeated request served from the cache"
cmp -s "$T/pat.png" "$T/pat2.png" && ok "cached bytes identical" || not_ok "cached bytes identical"
ihdr() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }'; }
is "$(ihdr "$T/pat.png")" "800 300" "default size: the whole PNG is 800 x 300"
curl -s -o "$T/small.png" "$H/graph/pat.png?from=2010&to=2040&width=400&height=200"
is "$(ihdr "$T/small.png")" "400 200" "width and height parameters give the whole PNG's size"
is "$(curl -s -o /dev/null -w '%{http_code}' "$H/graph/empty.png")" 200 "graph of an indicator without data"
curl -s -H "Authorization: Bearer token-for-tests" --data-binary $'empty,2020,1e9\nempty,2022,2e9' "$H/api/v1/observations" >/dev/null
curl -s -D "$T/h3" -o /dev/null "$H/graph/empty.png"
is "$(tr -d '\r' < "$T/h3" | grep -i '^x-cache')" "X-Cache: miss" "new data invalidates the cached graph"
is "$(code /graph/nosuch.png)" 404 "graph of an unknown id: 404"
is "$(code '/graph/pat.png?width=99999')" 400 "oversized width: 400"
is "$(code '/graph/pat.png?from=2030&to=2020')" 400 "from after to: 400"
is "$(code '/graph/pat.png?height=abc')" 400 "non-numeric height: 400"
is "$(code '/graph/pat.png?colour=red')" 400 "unknown parameter: 400"
is "$(curl -s "$H/graph/pat.png?width=12x")" 'bad parameter width="12x": expected an integer from 100 to 4000' "400 names the parameter"
is "$(code '/graph/..%2f..%2fetc%2fpasswd.png')" 404 "encoded traversal: 404"
is "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$H/graph/../../etc/passwd.png")" 404 "literal traversal: 404"
is "$(code "/graph/$(head -c 300 /dev/zero | tr '\0' a).png")" 404 "overlong id: 404"
is "$(code '/graph/pat%00.png')" 404 "NUL byte: 404"
is "$(code "/graph/pat.png?width=$(head -c 5000 /dev/zero | tr '\0' 9)")" 400 "huge query value: 400"

# Dashboard.
curl -s -D "$T/hd" -o "$T/index.html" "$H/report"
is "$(tr -d '\r' < "$T/hd" | grep -i '^content-type')" "Content-Type: text/html; charset=utf-8" "dashboard content type"
like "$(cat "$T/index.html")" 'Patent &lt;authorizations&gt;' "dashboard escapes names"
like "$(cat "$T/index.html")" '<b>241,900</b> \(2024' "dashboard shows the latest value"
like "$(cat "$T/index.html")" 'class="badge on_track"' "dashboard shows status badges"
like "$(cat "$T/index.html")" '<li>2025 target: Work Plan \(2023-2025\), task 1</li><li>2022: examination rules: &lt;changed&gt;</li>' "dashboard shows the target's note and the data's notes, escaped"
like "$(cat "$T/index.html")" '<img src="/graph/pat.png\?lang=en" width="800" height="300"' "dashboard embeds the graph in its language"
grep -qE '(src|href)="https?://' "$T/index.html" && not_ok "no external assets" || ok "no external assets"

if command -v chromium >/dev/null; then
	# Load the page in headless Chromium; count the images that decoded.
	out=$(timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	    --disable-component-update --disable-sync --no-first-run --user-data-dir="$T/chrome" \
	    --virtual-time-budget=5000 --run-all-compositor-stages-before-draw \
	    --dump-dom "$H/report" 2>/dev/null)
	like "$out" 'Patent &lt;authorizations&gt;' "chromium renders the dashboard"
	{
		echo '<!DOCTYPE html><html><body><pre id="r">pending</pre>'
		grep -o '<img src="[^"]*"' "$T/index.html" | sed "s|<img src=\"|<img src=\"$H|; s|\$| onload=\"this.dataset.ok=1\">|"
		echo '<script>setTimeout(function(){var a=document.images,k=0;for(var i=0;i<a.length;i++)if(a[i].naturalWidth>0)k++;document.getElementById("r").textContent="images "+k+"/"+a.length;},3000);</script></body></html>'
	} > "$T/imgs.html"
	out=$(timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	    --disable-component-update --disable-sync --no-first-run --user-data-dir="$T/chrome2" \
	    --allow-file-access-from-files --virtual-time-budget=10000 --dump-dom "file://$T/imgs.html" 2>/dev/null)
	like "$out" 'images 3/3' "every dashboard graph loads in chromium"
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	    --disable-component-update --disable-sync --no-first-run --user-data-dir="$T/chrome3" \
	    --window-size=1200,1600 --virtual-time-budget=5000 --screenshot="$T/dashboard.png" "$H/report" >/dev/null 2>&1
	[ -s "$T/dashboard.png" ] && ok "dashboard screenshot taken" || not_ok "dashboard screenshot taken"
	mkdir -p "$B/screenshots" && cp "$T/dashboard.png" "$B/screenshots/dashboard.png"
else
	not_ok "chromium is installed (make deps installs it)"
fi
stop_daemon; is "$?" 0 "clean stop"
done_testing
