#!/usr/bin/env bash
# The page of one indicator, /indicator/<id>, on the shipped configuration:
# English and Chinese (?lang= and Accept-Language), the range picker without
# JavaScript, 404 for what is not an indicator's page, 400 naming a bad
# parameter (hostile values never echoed as they came), valid HTML (tidy),
# and headless Chromium: the page's graph loads, screenshots at 1400 and
# 390 px in both languages (kept in $B/screenshots).
. "$(dirname "$0")/lib.sh"

cd "$ROOT" || exit 1
sed -e 's|^listen .*|listen = "127.0.0.1:0";|' \
    -e "s|^data_dir .*|data_dir = \"$T/data\";|" conf/indicatord.conf > "$T/c.conf"
start_daemon "$T/c.conf" || { not_ok "daemon starts on the shipped configuration"; done_testing; exit 1; }
wait_until '[ "$(metric "indicatord_feed_up{feed=\"shenzhen\"}")" = 1 ]'
H="http://127.0.0.1:$PORT"
P="$H/indicator/patent_authorizations"
code() { curl -s --path-as-is -o /dev/null -w '%{http_code}' "$@"; }

# English.
curl -s -D "$T/hd" -o "$T/en.html" "$P?lang=en"
is "$(tr -d '\r' < "$T/hd" | grep -i '^\(content-type\|vary\)' | sort | tr '\n' '|')" \
    "Content-Type: text/html; charset=utf-8|Vary: Accept-Language|" "the page is HTML that varies with Accept-Language"
en=$(cat "$T/en.html")
like "$en" '<h1>Patent authorizations</h1>' "en: the indicator's name heads the page"
like "$en" '<tr><th scope="row">2025</th><td>at least 250,000</td><td><span class="badge on_track"><span aria-hidden="true">[^<]*</span> on track</span></td><td class="num">1\.11</td><td class="num">9\.5 %/yr</td><td class="num">8\.6 %/yr</td><td class="num">264,985</td><td>compound annual growth</td></tr>' \
    "en: the 2025 target's row: status in words, R, growth, projection, method"
like "$en" '<li><b>2025</b>: needs 8\.6 %/yr from 140,000 \(2018\) to reach 250,000 by 2025; achieving 9\.5 %/yr since 2018' "en: the explanation sentence"
like "$en" '<li>R is the actual growth divided by the required growth' "en: what R means"
like "$en" '<tr><th scope="row">2024</th><td class="num">241,900</td><td class="src">State Council Information Office press conference, 12 June 2025</td><td>[^<]*</td><td>no</td></tr>' \
    "en: the data table's 2024 row with its source"
is "$(grep -o '<tr[^>]*><th scope="row">20[0-9][0-9]</th><td class="num">' "$T/en.html" | wc -l)" \
    "$(awk -F, '$1 == "patent_authorizations"' conf/data/shenzhen.csv | wc -l)" "en: one data row per observation of the demo data"
like "$en" '<dt>Feed</dt><dd>shenzhen <span class="badge feed_ok">' "en: the feed and its health"
like "$en" '<dt>Source</dt><dd>Shenzhen Municipal Administration for Market Regulation' "en: the source"
like "$en" '<a href="/indicator/patent_authorizations.csv\?lang=en">Download CSV</a><a href="/indicator/patent_authorizations.xlsx\?lang=en">Download Excel</a>' "en: links to the CSV and Excel downloads"
like "$en" '<picture><source id="graph-phone" media="\(max-width: 600px\)" srcset="/graph/patent_authorizations.png\?lang=en&amp;from=2015&amp;to=2035&amp;width=360&amp;height=420"><img id="graph" class="graph" width="800" height="300" src="/graph/patent_authorizations.png\?lang=en&amp;from=2015&amp;to=2035" alt="Graph of Patent authorizations, 2015.2035\. Target 2025 \(at least 250,000\): on track\. Target 2035 \(at least 400,000\): on track\.">' \
    "en: the graph with alt text that states each target's status"
grep -qE '(src|href|action)="(https?:)?//' "$T/en.html" && not_ok "nothing fetched from outside" || ok "nothing fetched from outside"

# Chinese, by ?lang= and by Accept-Language.
curl -s -o "$T/zh.html" "$P?lang=zh"
zh=$(cat "$T/zh.html")
like "$zh" '<html lang="zh-Hans">' "zh: the page's language"
like "$zh" '<h1>专利授权量</h1>' "zh: the Chinese name"
like "$zh" '<td>不低于 25 万</td><td><span class="badge on_track"><span aria-hidden="true">[^<]*</span> 进展顺利</span></td><td class="num">1\.11</td><td class="num">9\.5 %/年</td>' "zh: the target row in Chinese numbers"
like "$zh" '<li><b>2025</b>：所需增速 8\.6 %/年：从 14 万（2018 年）到 25 万（2025 年）' "zh: the explanation in Chinese"
like "$zh" 'src="/graph/patent_authorizations.png\?lang=zh&amp;from=2015&amp;to=2035" alt="趋势图：专利授权量，' "zh: the graph in the page's language"
like "$(curl -s -H 'Accept-Language: zh-CN,zh;q=0.9,en;q=0.8' "$P")" '<h1>专利授权量</h1>' "Accept-Language zh-CN gives the Chinese page"
like "$(curl -s -H 'Accept-Language: zh-CN' "$P?lang=en")" '<h1>Patent authorizations</h1>' "?lang=en wins over Accept-Language"

# The range picker without JavaScript: a GET that the graph and links keep.
curl -s -o "$T/range.html" "$P?from=2010&to=2030&lang=en"
r=$(cat "$T/range.html")
like "$r" 'src="/graph/patent_authorizations.png\?lang=en&amp;from=2010&amp;to=2030"' "range: the graph shows the years asked for"
like "$r" '<input type="number" name="from" min="1980" max="2199" step="1" required value="2010">' "range: the form shows them"
like "$r" '<a href="/indicator/patent_authorizations\?from=2010&amp;to=2030&amp;lang=zh"' "range: the language switch keeps them"
is "$(code "$H/graph/patent_authorizations.png?lang=zh&from=2010&to=2030")" 200 "range: the graph it names answers"

# Not an indicator's page: 404.
for p in /indicator/nope /indicator/patent_authorizations/x /indicator/ /indicator \
    /indicator/../metrics /indicator/%2e%2e/metrics /indicator/patent_authorizations%00 \
    '/indicator/patent_authorizations%2fx' /indicator/..; do
	is "$(code "$H$p")" 404 "404 for $p"
done

# Bad parameters: 400 naming the parameter, hostile values inert.
body() { curl -s "$P?$1"; }
is "$(code "$P?lang=fr")" 400 "lang=fr: 400"
is "$(body 'lang=fr')" "bad parameter lang: expected en or zh" "lang=fr: names the parameter"
is "$(body 'from=abc')" 'bad parameter from="abc": expected an integer from 1980 to 2200' "from=abc: names the parameter and its range"
is "$(body 'to=1979')" 'bad parameter to="1979": expected an integer from 1980 to 2200' "to=1979: out of the graph's range"
is "$(body 'from=2030&to=2020')" 'bad parameters: from=2030 must be before to=2020' "from after to"
is "$(body 'from=%3Cscript%3Ealert(1)%3C%2Fscript%3E')" 'bad parameter from="\x3cscript\x3ealert(1)\x3c/script\x3e": expected an integer from 1980 to 2200' \
    "a hostile from is quoted inert"
is "$(body 'x%3Cimg%20src%3Dx%3E=1')" 'unknown parameter "x\x3cimg src=x\x3e" (expected lang, from, to)' "a hostile parameter name is quoted inert"
is "$(code "$P?lang=%3Cb%3E")" 400 "a hostile lang: 400"
is "$(body 'lang=%3Cb%3E')" "bad parameter lang: expected en or zh" "a hostile lang is not echoed"
is "$(code "$P?from=2010%00")" 400 "NUL in the query: 400"
is "$(code "$P?to=$(head -c 5000 /dev/zero | tr '\0' 9)")" 400 "a huge value: 400"
is "$(curl -s -o /dev/null -w '%{content_type}' "$P?from=x")" "text/plain; charset=utf-8" "a 400 is plain text"

# The JSON API and the overview point here.
u=$(curl -s "$H/api/v1/indicators/patent_authorizations" | jq -r .url)
is "$u" /indicator/patent_authorizations "the API's url is the page"
is "$(code "$H$u")" 200 "the API's url answers"

# Valid HTML. tidy 5.8 does not know aria-current (WAI-ARIA 1.1, allowed
# on any element) and calls it proprietary: that warning alone is allowed.
for l in en zh; do
	tidy -errors -quiet -utf8 "$T/$l.html" > "$T/tidy.$l" 2>&1
	is "$(grep -v 'proprietary attribute "aria-current"' "$T/tidy.$l")" "" "tidy: the $l page is valid HTML"
done

# Headless Chromium.
chrome() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --user-data-dir="$(mktemp -d "$T/chrome.XXXX")" "$@" 2>/dev/null
}
# Each page's graph, as the page names it, loads and decodes: the one for a
# wide screen (src) and the one drawn for a phone (srcset).
{
	echo '<!DOCTYPE html><html><body><pre id="r">pending</pre>'
	cat "$T/en.html" "$T/zh.html" "$T/range.html" | grep -oE '<img id="graph" class="graph" width="800" height="300" src="[^"]*"|srcset="[^"]*"' |
	    sed "s|.*src=\"|<img src=\"$H|; s|.*srcset=\"|<img src=\"$H|; s|&amp;|\\&|g; s|\$|>|"
	echo '<script>setTimeout(function(){var a=document.images,k=0;for(var i=0;i<a.length;i++)if(a[i].naturalWidth>0)k++;document.getElementById("r").textContent="images "+k+"/"+a.length;},3000);</script></body></html>'
} > "$T/imgs.html"
like "$(chrome --allow-file-access-from-files --virtual-time-budget=10000 --dump-dom "file://$T/imgs.html")" \
    'images 6/6' "chromium: the graph of the en, zh and range pages loads, for a wide screen and for a phone"
like "$(chrome --virtual-time-budget=5000 --dump-dom "$P?lang=zh")" '<h1>专利授权量</h1>' "chromium renders the zh page"
mkdir -p "$B/screenshots"
n=0
for l in en zh; do
	for w in 1400 390; do
		f="$B/screenshots/indpage_${l}_$w.png"
		rm -f "$f"
		chrome --window-size=$w,2600 --virtual-time-budget=5000 --screenshot="$f" "$P?lang=$l" >/dev/null
		[ "$(head -c 8 "$f" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && n=$((n + 1))
	done
done
is "$n" 4 "chromium: screenshots at 1400 and 390 px in en and zh"
chrome --print-to-pdf="$T/p.pdf" --no-pdf-header-footer --virtual-time-budget=5000 "$P?lang=en" >/dev/null
pdftotext "$T/p.pdf" "$T/p.txt" 2>/dev/null
like "$(tr '\n' ' ' < "$T/p.txt")" 'Patent authorizations .*Targets .*About the data .*Observations' "print: the report has the page's sections"
like "$(cat "$T/p.txt")" 'Shenzhen comprehensive reform pilot' "print: the plan's name heads it"
grep -q 'Redraw\|Back to the overview' "$T/p.txt" && not_ok "print: no form or navigation" || ok "print: no form or navigation"

stop_daemon; is "$?" 0 "clean stop"
done_testing
