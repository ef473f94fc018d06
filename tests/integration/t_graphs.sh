#!/usr/bin/env bash
# Graphs in the page's language (?lang=, Accept-Language, http.language),
# Chinese glyphs drawn with the CJK font (and boxes when it is hidden: the
# check can fail), width/height as the whole PNG's size, and SVG.
. "$(dirname "$0")/lib.sh"

cat > "$T/feed.csv" <<'CSV'
pat,2018,140000,x
pat,2020,222400,x
pat,2022,275800,x
pat,2024,241900,x
CSV
write_conf "$T/c.conf" '
http = { language = "zh"; };
feeds = ( { name = "file"; type = "csv"; path = "'"$T"'/feed.csv"; interval = 3600; } );
indicators = (
  { id = "pat"; name = "Patent <authorizations> & co"; name_zh = "专利授权量"; unit = "count"; feed = "file";
    targets = ( { year = 2025; value = 250000.0; }, { year = 2035; value = 400000.0; } ); }
);'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
H="http://127.0.0.1:$PORT"
wait_until '[ -n "$(metric '"'"'indicatord_indicator_value{indicator="pat",unit="count"}'"'"')" ]'

get() {	# get NAME URL [curl args]: body to $T/NAME, headers to $T/NAME.h
	local n=$1 u=$2; shift 2
	curl -s -D "$T/$n.h" -o "$T/$n" "$@" "$H$u"
}
hdr() { tr -d '\r' < "$T/$1.h" | awk -v k="$2:" 'tolower($1) == tolower(k) { sub(/^[^:]*: /, ""); print }'; }
code() { curl -s -o /dev/null -w '%{http_code}' "$H$1"; }
ihdr() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }'; }
statuses=$(curl -s "$H/api/v1/indicators/pat" | jq -r '[.targets[].status] | join(" ")')

# Language: ?lang=, else Accept-Language, else http.language (zh here).
get zh.png '/graph/pat.png?lang=zh'
is "$(hdr zh.png content-type) $(hdr zh.png x-cache) $(hdr zh.png vary)" "image/png miss Accept-Language" "?lang=zh: a PNG, rendered, Vary: Accept-Language"
is "$(ihdr "$T/zh.png")" "800 300" "default size: the whole PNG is 800 x 300"
get en.png '/graph/pat.png?lang=en'
is "$(hdr en.png x-cache)" "miss" "?lang=en: another cache entry"
cmp -s "$T/zh.png" "$T/en.png" && not_ok "English and Chinese graphs differ" || ok "English and Chinese graphs differ"
get al.png '/graph/pat.png' -H 'Accept-Language: en-GB,en;q=0.9,zh;q=0.5'
is "$(hdr al.png x-cache)" "hit" "Accept-Language: en takes the English entry"
cmp -s "$T/al.png" "$T/en.png" && ok "... and its bytes" || not_ok "... and its bytes"
get df.png '/graph/pat.png'
is "$(hdr df.png x-cache)" "hit" "neither: http.language (zh), the Chinese entry"
cmp -s "$T/df.png" "$T/zh.png" && ok "... and its bytes" || not_ok "... and its bytes"
get q.png '/graph/pat.png?lang=zh' -H 'Accept-Language: en'
cmp -s "$T/q.png" "$T/zh.png" && ok "?lang= wins over Accept-Language" || not_ok "?lang= wins over Accept-Language"
is "$(code '/graph/pat.png?lang=fr')" 400 "?lang=fr: 400"
is "$(curl -s "$H/graph/pat.png?lang=%3Cscript%3Ealert(1)%3C/script%3E")" "bad parameter lang: expected en or zh" "a hostile lang is named, not echoed"
is "$(code '/graph/pat.png?lang=')" 400 "an empty lang: 400"
is "$(code '/graph/pat.svg?lang=zh-CN')" 400 "?lang=zh-CN on the SVG: 400"

# The Chinese title is drawn in CJK glyphs, not the boxes pango draws for a
# character no font has (tests/tools/glyphs.py; its failing case is below).
g=$(python3 "$ROOT/tests/tools/glyphs.py" "$T/zh.png")
like "$g" '^runs=([5-9]|1[0-9]) boxes=0$' "Chinese title: five glyphs drawn, no boxes ($g)"
g=$(python3 "$ROOT/tests/tools/glyphs.py" "$T/en.png")
like "$g" 'boxes=0$' "English title: no boxes ($g)"

# Size: width and height are the whole image's, within their bounds.
for wh in 390x260 100x80 1400x500 4000x2000; do
	get s.png "/graph/pat.png?width=${wh%x*}&height=${wh#*x}"
	is "$(ihdr "$T/s.png")" "${wh%x*} ${wh#*x}" "width=${wh%x*}&height=${wh#*x}: a PNG of exactly that size"
done
is "$(curl -s "$H/graph/pat.svg?width=99")" 'bad parameter width="99": expected an integer from 100 to 4000' "SVG: the same bounds"
is "$(code '/graph/pat.png?height=2001')" 400 "height above 2000: 400"

# SVG: its own cache entry, XML with the size in pixels, title and statuses.
get zh.svg '/graph/pat.svg?lang=zh'
is "$(hdr zh.svg content-type) $(hdr zh.svg x-cache)" "image/svg+xml miss" "SVG: image/svg+xml, its own cache entry"
like "$(hdr zh.svg content-security-policy)" "default-src 'none'" "SVG: a Content-Security-Policy"
get zh2.svg '/graph/pat.svg' -H 'Accept-Language: zh-CN'
is "$(hdr zh2.svg x-cache)" "hit" "SVG: served from the cache again"
svg() {	# svg FILE: width height | title | desc, from the parsed XML
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
ns = '{http://www.w3.org/2000/svg}'
print(r.tag == ns + 'svg', r.get('width'), r.get('height'), r.get('viewBox'))
print(r.find(ns + 'title').text)
print(r.find(ns + 'desc').text)
print(len(r.findall('.//' + ns + 'path')) > 10)
PY
}
zh_words() { case $1 in on_track) echo 进展顺利;; moderate) echo 进展一般;; insufficient) echo 进展不足;;
	achieved) echo 已实现;; moving_away) echo 正在偏离;; missed) echo 到期未实现;; *) echo 未知;; esac; }
set -- $statuses
is "$(svg "$T/zh.svg")" "True 800 300 0 0 800 300
专利授权量
2025 目标: $(zh_words "$1"); 2035 目标: $(zh_words "$2")
True" "SVG parses as XML: 800 x 300 px, the Chinese title, the statuses in words"
get en.svg '/graph/pat.svg?lang=en&width=390&height=260'
is "$(svg "$T/en.svg" | sed -n 1,2p)" "True 390 260 0 0 390 260
Patent <authorizations> & co" "SVG in English at 390 x 260, the title escaped (XML parses it back)"
grep -q 'Patent &lt;authorizations&gt; &amp; co' "$T/en.svg" && ok "SVG: the title escaped in the file" || not_ok "SVG: the title escaped in the file"
is "$(code /graph/nosuch.svg)" 404 "SVG of an unknown id: 404"
is "$(code '/graph/..%2fpat.svg')" 404 "SVG: encoded traversal: 404"
is "$(code '/graph/pat.svgz')" 404 "another suffix: 404"
stop_daemon || not_ok "daemon exits cleanly"

# The same Chinese graph with the CJK fonts hidden from fontconfig: boxes,
# which the glyph check must see.
mkdir -p "$T/fc"
cat > "$T/fc/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>$T/fc/cache</cachedir></fontconfig>
EOF
FONTCONFIG_FILE="$T/fc/fonts.conf" start_daemon "$T/c.conf" || { not_ok "daemon starts without CJK fonts"; done_testing; exit 1; }
H="http://127.0.0.1:$PORT"
get tofu.png '/graph/pat.png?lang=zh'
is "$(ihdr "$T/tofu.png")" "800 300" "without CJK fonts: still 800 x 300"
g=$(python3 "$ROOT/tests/tools/glyphs.py" "$T/tofu.png")
is "$g" "runs=5 boxes=5" "without CJK fonts the check sees five boxes ($g)"
cmp -s "$T/tofu.png" "$T/zh.png" && not_ok "and the image differs" || ok "and the image differs"
stop_daemon || not_ok "daemon exits cleanly"
done_testing
