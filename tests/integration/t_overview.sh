#!/usr/bin/env bash
# The overview (GET /): rows sorted and filtered by the query, counts by
# status, 400 for bad or hostile parameters, its cache and gzip; then in
# headless Chromium: screenshots at 1400 and 390 px in both languages, the
# DOM after the script sorts and filters, and /report printed to PDF (the
# header, each indicator's block on one page); tidy on / and /report.
. "$(dirname "$0")/lib.sh"

cat > "$T/feed.csv" <<'CSV'
a1,2018,100,x
a1,2024,300,x
b2,2018,500,x
b2,2024,400,x
d4,2020,10,x
d4,2021,11,x
d4,2022,12,x
d4,2023,13,x
d4,2024,14,x
CSV
write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; title = "Test plan <T>"; title_zh = "测试规划"; };
feeds = ( { name = "file"; type = "csv"; path = "'"$T"'/feed.csv"; interval = 3600; },
          { name = "manual"; type = "push"; },
          { name = "broken"; type = "csv"; path = "'"$T"'/missing.csv"; interval = 3600; } );
indicators = (
  { id = "a1"; name = "Zulu <z>"; name_zh = "甲一"; unit = "count"; feed = "file";
    targets = ( { year = 2040; value = 250.0; }, { year = 2050; value = 600.0; } ); },
  { id = "b2"; name = "alpha"; unit = "count"; feed = "file";
    targets = ( { year = 2040; value = 1000.0; } ); },
  { id = "c3"; name = "Mike"; unit = "count"; feed = "manual";
    targets = ( { year = 2040; value = 10.0; } ); },
  { id = "d4"; name = "Bravo"; unit = "count"; feed = "file"; },
  { id = "e5"; name = "echo"; unit = "count"; feed = "broken";
    targets = ( { year = 2040; value = 5.0; } ); }
);'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
H="http://127.0.0.1:$PORT"
wait_until '[ "$(metric "indicatord_feed_up{feed=\"file\"}")" = 1 ] && [ "$(metric "indicatord_feed_up{feed=\"broken\"}")" = 0 ]'

# rows URL: the ids of the row groups, in order.
rows() { curl -s "$H$1" | grep -o '<tbody id="i-[a-z0-9_]*"' | sed 's/.*"i-//; s/"$//' | tr '\n' ' ' | sed 's/ $//'; }
code() { curl -s -o /dev/null -w '%{http_code}' "$H$1"; }

is "$(rows '/')" "a1 b2 c3 d4 e5" "config order by default"
is "$(rows '/?sort=name')" "b2 d4 e5 c3 a1" "sort=name: letters in either case"
is "$(rows '/?sort=name&order=desc')" "a1 c3 e5 d4 b2" "sort=name&order=desc"
is "$(rows '/?sort=value&order=desc')" "b2 a1 d4 c3 e5" "sort=value&order=desc: no data last"
is "$(rows '/?sort=status&order=desc')" "c3 e5 b2 a1 d4" "sort=status&order=desc: worst first, no target last"
is "$(rows '/?sort=feed')" "e5 a1 b2 d4 c3" "sort=feed: broken, file, manual"
is "$(rows '/?status=achieved')" "a1" "status=achieved"
is "$(rows '/?status=unknown')" "c3 e5" "status=unknown"
is "$(rows '/?status=achieved,moving_away&sort=name')" "b2 a1" "two statuses, sorted by name"
is "$(rows '/?status=on_track&status=moving_away')" "a1 b2" "status repeated: a union"
is "$(rows '/?feed=broken')" "e5" "feed=broken"
is "$(rows '/?q=ZUL')" "a1" "q: either case"
is "$(rows '/?q=%E7%94%B2')" "a1" "q: the Chinese name"
is "$(rows '/?q=d4')" "d4" "q: the id"
p=$(curl -s "$H/?status=achieved")
is "$(grep -c '<tr>' <<<"$(sed 's/<tr>/\n<tr>/g' <<<"$p")")" 2 "status=achieved: the heading row and one target row"
like "$p" '<td class="num">2040: &ge; 250</td><td><span class="badge achieved">' "the achieved target's row"
p=$(curl -s "$H/")
like "$p" '<tbody id="i-a1"[^>]*>[[:space:]]*<tr><th scope="row" rowspan="2"><a href="/indicator/a1\?lang=en">Zulu &lt;z&gt;</a>' "an indicator's two targets in one group, its name escaped and linked"
like "$p" 'All<span class="n">5</span>' "count of every target"
for s in 'achieved 1' 'on_track 1' 'moving_away 1' 'unknown 2'; do
	like "$p" "<a href=\"/\\?status=${s% *}&amp;lang=en\"><span class=\"badge ${s% *}\">[^<]*<span aria-hidden=\"true\">[^<]*</span> [a-z ]*</span><span class=\"n\">${s#* }</span></a>" "count link: ${s% *} ${s#* }"
done
like "$p" 'broken<br><span class="feed down">✗ failing</span>' "the broken feed is failing, in words"
like "$p" 'file<br><span class="feed up">✓ OK</span>' "a good feed is OK"
like "$p" '<a href="/report\?lang=en">Printable report</a><a href="/export.csv\?lang=en">Download CSV</a><a href="/export.xlsx\?lang=en">Download Excel</a>' "links to the report and the exports"
like "$(curl -s "$H/?q=zzz")" '<p id="empty" class="empty">No indicator matches these filters. <a href="/\?lang=en">Clear the filters</a></p>' "no match: said, with a way back"
is "$(curl -s "$H/?q=zzz" | grep -c '<table')" 0 "no match: no table"
like "$(curl -s "$H/?lang=zh&status=unknown")" '<span class="badge unknown"><span aria-hidden="true">\?</span> 未知</span>' "Chinese status words"
like "$(curl -s -H 'Accept-Language: zh-CN,zh;q=0.9' "$H/")" '<h1>总览</h1>' "Accept-Language picks Chinese"

# Bad and hostile parameters: 400 naming the parameter, never echoing it.
is "$(code '/?sort=%3Cscript%3E')" 400 "sort=<script>: 400"
body=$(curl -s "$H/?sort=%3Cscript%3E")
is "$body" "bad parameter sort: expected name, value, period, age, status, target, projected or feed" "the 400 names sort, not its value"
is "$(curl -s "$H/?status=bogus")" "bad parameter status: expected achieved, on_track, moderate, insufficient, moving_away, missed or unknown, comma-separated" "status=bogus: 400 naming status"
is "$(code "/?q=$(head -c 10240 /dev/zero | tr '\0' a)")" 400 "q of 10 KB: 400"
is "$(curl -s "$H/?q=$(head -c 10240 /dev/zero | tr '\0' a)")" "bad parameter q: longer than 200 bytes" "its message"
is "$(code '/?q=a%00b')" 400 "q with %00: 400"
is "$(curl -s "$H/?q=%C3%28")" "bad parameter q: not UTF-8" "bad UTF-8: 400"
is "$(curl -s "$H/?q=%ED%A0%80")" "bad parameter q: not UTF-8" "a UTF-16 surrogate: 400"
is "$(curl -s "$H/?q=a%0Ab")" "bad parameter q: a control character" "a newline in q: 400"
is "$(curl -s "$H/?feed=nosuch")" "bad parameter feed: no such feed" "an unknown feed: 400"
is "$(curl -s "$H/?feed=%3Cb%3E")" "bad parameter feed: expected a feed's name (1-64 of a-z, 0-9, _ and -)" "a hostile feed: 400"
is "$(curl -s "$H/?order=up")" "bad parameter order: expected asc or desc" "order=up: 400"
is "$(curl -s "$H/?sort=name&sort=value")" "bad parameter sort: given twice" "sort twice: 400"
is "$(curl -s "$H/?x=%3Cscript%3E")" "unknown parameter: expected sort, order, status, feed, q or lang" "an unknown parameter: 400, not named"
is "$(code '/?lang=xx')" 400 "lang=xx: 400"
like "$(curl -s "$H/?q=%3Cscript%3E")" 'value="&lt;script&gt;"' "a hostile q is shown escaped"
is "$(curl -s "$H/?q=%3Cscript%3E" | grep -c '<script>[^(]')" 0 "and never as a tag"

# The cache: the same bytes again, gzip when asked, a new view shows.
curl -s -D "$T/h1" -o "$T/o1" "$H/?sort=name"
curl -s -o "$T/o2" "$H/?sort=name"
cmp -s "$T/o1" "$T/o2" && ok "the kept answer is the same bytes" || not_ok "the kept answer is the same bytes"
curl -s -H 'Accept-Encoding: gzip' -D "$T/h3" -o "$T/o3.gz" "$H/?sort=name"
like "$(tr -d '\r' < "$T/h3")" 'Content-Encoding: gzip' "gzip when the client accepts it"
gunzip -c < "$T/o3.gz" | cmp -s - "$T/o1" && ok "the gzip is the same page" || not_ok "the gzip is the same page"
like "$(tr -d '\r' < "$T/h1")" 'Vary: Accept-Language, Accept-Encoding' "Vary names both headers"
curl -s -H "Authorization: Bearer token-for-tests" --data-binary $'c3,2024,20' "$H/api/v1/observations" >/dev/null
like "$(curl -s "$H/?q=mike")" '<td class="num" rowspan="1">20</td><td rowspan="1">2024</td>' "a push shows at once"
like "$(curl -s "$H/report?lang=zh")" '<ul class="explain"><li><b>2040</b>：[^<]*年' "the Chinese report explains each target in Chinese"

# tidy: no error; the only warnings are attributes tidy 5.6 does not know
# (aria-current of WAI-ARIA 1.1, loading of HTML).
for u in '/?lang=en' '/?lang=zh' '/report?lang=en' '/report?lang=zh' '/?q=zzz'; do
	curl -s "$H$u" > "$T/page.html"
	tidy -errors -quiet -utf8 "$T/page.html" >/dev/null 2>"$T/tidy.err"; rc=$?
	[ "$rc" -lt 2 ] && ok "tidy: $u has no error" || not_ok "tidy: $u has no error" "$(head -5 "$T/tidy.err")"
	tidy -quiet -utf8 -o /dev/null "$T/page.html" 2>&1 | grep -v 'proprietary attribute "\(aria-current\|loading\)"' > "$T/tidy.warn"
	is "$(cat "$T/tidy.warn")" "" "tidy: $u has no other warning"
done

chrome() { timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$T/chrome.XXXXXX")" "$@" 2>/dev/null; }
mkdir -p "$B/screenshots"
for l in en zh; do
	for w in 1400 390; do
		f="$B/screenshots/overview_${l}_$w.png"
		rm -f "$f"
		chrome --window-size=$w,1200 --screenshot="$f" "$H/?lang=$l" >/dev/null
		[ -s "$f" ] && ok "screenshot $l at $w px" || not_ok "screenshot $l at $w px"
	done
done
# The script sorts and filters the rows the server sent (the fragment is
# not sent to the server: what changes is the script's doing).
dom=$(chrome --virtual-time-budget=3000 --dump-dom "$H/?lang=en#sort=name&order=desc")
is "$(grep -o '<tbody id="i-[a-z0-9]*"' <<<"$dom" | sed 's/.*"i-//; s/"$//' | tr '\n' ' ')" "a1 c3 e5 d4 b2 " "the script sorts by name, descending"
like "$dom" '<th scope="col" data-k="name" aria-sort="descending">' "and marks the heading"
dom=$(chrome --virtual-time-budget=3000 --dump-dom "$H/?lang=en#q=bra")
is "$(grep -o '<tbody id="i-[a-z0-9]*"[^>]*>' <<<"$dom" | grep -v ' hidden' | sed 's/<tbody id="i-//; s/".*//' | tr '\n' ' ')" "d4 " "the script filters as one types: Bravo alone"
like "$dom" '<span id="nshown">1</span>' "and counts what is shown"
dom=$(chrome --virtual-time-budget=3000 --dump-dom "$H/?lang=en#q=zzz")
like "$dom" '<p id="empty" class="empty">No indicator' "and says when nothing matches"

# /report printed: the header with the plan and the date, and each
# indicator's name on the same page as its targets (no block split).
chrome --virtual-time-budget=8000 --run-all-compositor-stages-before-draw \
    --no-pdf-header-footer --print-to-pdf="$T/report.pdf" "$H/report?lang=en" >/dev/null
cp "$T/report.pdf" "$B/screenshots/report_en.pdf" 2>/dev/null
pages=$(pdfinfo "$T/report.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
[ "${pages:-0}" -ge 1 ] && ok "report printed ($pages pages)" || not_ok "report printed"
pdftotext -f 1 -l 1 -layout "$T/report.pdf" "$T/p1.txt"
like "$(cat "$T/p1.txt")" 'Test plan <T>' "page 1: the plan's name"
like "$(cat "$T/p1.txt")" 'data as of [0-9]{4}-[0-9]{2}-[0-9]{2}' "page 1: the date"
whole() {	# whole NAME PATTERN: NAME and PATTERN on one page, spaces aside
	local n
	for n in $(seq 1 "${pages:-0}"); do
		pdftotext -f "$n" -l "$n" -layout "$T/report.pdf" - | tr -d ' ' > "$T/pg.txt"
		grep -q -- "$1" "$T/pg.txt" || continue
		grep -q -- "$2" "$T/pg.txt" && return 0
		return 1
	done
	return 1
}
for c in 'Zulu<z>|≥600' 'alpha|≥1,000' 'Mike|≥10' 'Bravo|Notarget' 'echo|≥5'; do
	whole "${c%|*}" "${c#*|}" && ok "report: ${c%|*} and its table on one page" || not_ok "report: ${c%|*} and its table on one page"
done
stop_daemon; is "$?" 0 "clean stop"
done_testing
