#!/usr/bin/env bash
# The downloads: /export.csv|.xlsx and /indicator/<id>.csv|.xlsx from the
# real daemon: headers, bytes, the formula guard, the language, 404 and
# 400; then both workbooks opened in LibreOffice (one soffice run) give
# back the CSV's cells: text exactly, numbers to 1e-12 relative
# (libxlsxwriter writes 16 significant digits, LibreOffice prints 15).
. "$(dirname "$0")/lib.sh"

cat > "$T/feed.csv" <<'CSV'
gdp,2022,3000000000000,"Bureau, annual"
gdp,2023,3460000000000.5,=cmd
gdp,2024,3690000000000.123,统计局
rate,2023-03,0.12345678901234568,-x
rate,2024-03,0.3,@y
CSV
write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; };
feeds = ( { name = "file"; type = "csv"; path = "'"$T"'/feed.csv"; interval = 3600; },
          { name = "manual"; type = "push"; } );
indicators = (
  { id = "gdp"; name = "GDP, nominal"; name_zh = "地区生产总值"; unit = "yuan"; feed = "file";
    targets = ( { year = 2025; value = 4.0e12; }, { year = 2035; value = 6.0e12; kind = "min"; } ); },
  { id = "rate"; name = "=HYPERLINK(\"http://evil\")"; unit = "ratio"; feed = "file"; frequency = "monthly"; },
  { id = "none"; name = "No data"; unit = "count"; feed = "manual";
    targets = ( { year = 2030; value = 10.0; kind = "max"; } ); }
);'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
H="http://127.0.0.1:$PORT"
wait_until '[ "$(metric "indicatord_feed_up{feed=\"file\"}")" = 1 ]'
now=$(date +%s); day=$(date -u -d "@$((now - now % 3600))" +%F)
BOM=$'\xef\xbb\xbf'

# hdr URL [curl options]: the response's headers, CRs dropped; body in $T/body.
hdr() { local u=$1; shift; curl -s -D - -o "$T/body" "$@" "$H$u" | tr -d '\r'; }
# days SECONDS: the age as the export prints it, to one decimal with halves
# away from zero (703.25 days is 703.3; printf's %.1f would give 703.2), no ".0".
days() { awk -v a="$1" 'BEGIN { x = a / 8640; print (x < 0 ? -int(-x + 0.5) : int(x + 0.5)) / 10 }'; }
# The API's age just before and just after the export: the export's age,
# taken between them, is one of the two (a tenth of a day may turn over
# between requests).
age0=$(curl -s "$H/api/v1/indicators/gdp" | jq -r '.age_seconds')
h=$(hdr /export.csv)
age1=$(curl -s "$H/api/v1/indicators/gdp" | jq -r '.age_seconds')
like "$h" $'^HTTP/1.1 200 OK\n' "/export.csv: 200"
like "$h" $'\nContent-Type: text/csv; charset=utf-8\n' "/export.csv: content type"
like "$h" $'\nContent-Disposition: attachment; filename="indicatord-export-'"$day"$'.csv"\n' "/export.csv: a file named by the day"
like "$h" $'\nVary: Accept-Language\n' "/export.csv: varies with Accept-Language"
is "$(head -c 3 "$T/body")" "$BOM" "/export.csv: starts with a byte order mark"
is "$(grep -c $'\r$' "$T/body")" 5 "/export.csv: a header and one line per target or target-less indicator, CRLF"
tr -d '\r' < "$T/body" | sed "1s/^$BOM//" > "$T/export.csv"
is "$(head -1 "$T/export.csv")" "ID,Name,Unit,Latest period,Latest value,Data age (days),Stale,Feed,Feed up,Target year,Kind,Target value,Status code,Status,R,Actual growth,Required growth,Projected value" \
    "/export.csv: English headers"
# The columns that do not depend on the day: id..latest value, stale, feed
# and up, the target; status; R and growths are eval's (its tests).
cut -d, -f1-5,7-14 <(sed 's/"GDP, nominal"/GDP nominal/' "$T/export.csv") | sed -n '2,$p' > "$T/got"
cat > "$T/want" <<'W'
gdp,GDP nominal,yuan,2024,3690000000000.123,true,file,true,2025,min,4000000000000,on_track,on track
gdp,GDP nominal,yuan,2024,3690000000000.123,true,file,true,2035,min,6000000000000,on_track,on track
rate,"'=HYPERLINK(""http://evil"")",ratio,2024-03,0.3,true,file,true,,,,,
none,No data,count,,,false,manual,true,2030,max,10,unknown,unknown
W
is "$(cat "$T/got")" "$(cat "$T/want")" "/export.csv: latest values exact, quoting, the formula guard, targets and statuses"
is "$(curl -s "$H/api/v1/indicators" | jq -r '.indicators[] | .id as $i | .stale as $s | if (.targets | length) == 0 then "\($i) \($s)" else .targets[] | "\($i) \($s) \(.status)" end')" \
    "$(awk -F, '{ print $1, $6 ($12 == "" ? "" : " " $12) }' "$T/got")" "/export.csv: the API's stale flags and statuses"
got=$(sed -n 2p "$T/export.csv" | awk -F'",' '{ split($2, f, ","); print f[4] }')
want=$(days "$age0"); [ "$got" = "$(days "$age1")" ] && want=$got
is "$got" "$want" "/export.csv: data age in days, one decimal, as the API's seconds"
is "$(curl -s "$H/api/v1/indicators/gdp" | jq -r '.targets[0] | [.ratio, .actual_growth, .required_growth, .projected] | map(tostring) | join(",")')" \
    "$(sed -n 2p "$T/export.csv" | awk -F, '{ print $16 "," $17 "," $18 "," $19 }')" "/export.csv: R, growths and projection as the API's numbers"

hdr /export.csv -H 'Accept-Language: zh-CN,zh;q=0.9,en;q=0.5' > /dev/null
is "$(tr -d '\r' < "$T/body" | head -1)" "${BOM}指标代码,指标名称,单位,最新统计期,最新值,数据时效（天）,数据过时,数据源,数据源正常,目标年份,目标类型,目标值,状态代码,状态,进度比 R,实际增速,所需增速,预测值" \
    "/export.csv: Chinese headers for Accept-Language zh-CN"
like "$(sed -n 3p "$T/body")" '^gdp,地区生产总值,yuan,2024,.*,on_track,进展顺利,' "/export.csv: the Chinese name and the status in Chinese words"
hdr '/export.csv?lang=en' -H 'Accept-Language: zh' > /dev/null
like "$(head -1 "$T/body")" '^.ID,Name,' "/export.csv: ?lang=en wins over Accept-Language"

h=$(hdr /indicator/gdp.csv)
like "$h" $'\nContent-Disposition: attachment; filename="gdp.csv"\n' "/indicator/gdp.csv: named by its id"
like "$h" $'\nContent-Type: text/csv; charset=utf-8\n' "/indicator/gdp.csv: content type"
tr -d '\r' < "$T/body" | sed "1s/^$BOM//" > "$T/gdp.csv"
# Stored (the column before the last) is when the journal took the record:
# ISO 8601 UTC, as the API's "stored" of the same point.
is "$(awk -F, 'NR > 1 { print $(NF - 1) }' "$T/gdp.csv" | grep -Evc '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$')" 0 \
    "/indicator/gdp.csv: stored is ISO 8601 UTC"
is "$(awk -F, 'NR == 2 { print $(NF - 1) }' "$T/gdp.csv")" "$(curl -s "$H/api/v1/indicators/gdp" | jq -r '.series[0].stored')" \
    "/indicator/gdp.csv: stored as the API says it"
is "$(sed 's/,[^,]*,\(true\|false\|Revised\)$/,S,\1/' "$T/gdp.csv")" \
"ID,Name,Period,Value,Unit,Source,S,Revised
gdp,\"GDP, nominal\",2022,3000000000000,yuan,\"Bureau, annual\",S,false
gdp,\"GDP, nominal\",2023,3460000000000.5,yuan,'=cmd,S,false
gdp,\"GDP, nominal\",2024,3690000000000.123,yuan,统计局,S,false" "/indicator/gdp.csv: every observation, exact values, guarded source"
curl -s "$H/indicator/rate.csv?lang=zh" | tr -d '\r' > "$T/rate.csv"
is "$(cut -d, -f1,3-6,8 "$T/rate.csv")" "${BOM}指标代码,统计期,数值,单位,来源,已修订
rate,2023-03,0.12345678901234568,ratio,'-x,false
rate,2024-03,0.3,ratio,'@y,false" "/indicator/rate.csv?lang=zh: 17 digits where needed, - and @ guarded"
is "$(curl -s "$H/indicator/none.csv" | tr -d '\r')" "${BOM}ID,Name,Period,Value,Unit,Source,Stored (UTC),Revised" "/indicator/none.csv: the header alone"

# Not found, bad and hostile parameters.
for u in /indicator/nope.csv /indicator/nope.xlsx /indicator/GDP.csv /indicator/a..b.xlsx /indicator/.csv; do
	is "$(curl -s -o /dev/null -w '%{http_code}' "$H$u")" 404 "$u: 404"
done
for u in /export.csv /export.xlsx /indicator/gdp.csv /indicator/gdp.xlsx; do
	is "$(curl -s -w ' %{http_code}' "$H$u?lang=fr")" "bad parameter lang: expected en or zh
 400" "$u?lang=fr: 400 naming the parameter"
	is "$(curl -s -w ' %{http_code}' "$H$u?lang=%3Cscript%3Ealert(1)%3C/script%3E" | grep -c script)" 0 "$u: a hostile lang is not echoed"
done

# The workbooks, opened in LibreOffice, against the same downloads as CSV.
mkdir -p "$T/x" "$T/lo"
for u in /export.xlsx?lang=zh /indicator/gdp.xlsx /indicator/rate.xlsx; do
	f=${u%%\?*}; f=${f##*/}; f=${f%.xlsx}
	# The CSV just before and just after the workbook: a data age may
	# turn over a tenth of a day between requests; the workbook is one.
	curl -s "$H${u/.xlsx/.csv}" | tr -d '\r' | sed "1s/^$BOM//" > "$T/x/$f.want0"
	h=$(curl -s -D - -o "$T/x/$f.xlsx" "$H$u" | tr -d '\r')
	like "$h" $'\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\n' "$u: content type"
	curl -s "$H${u/.xlsx/.csv}" | tr -d '\r' | sed "1s/^$BOM//" > "$T/x/$f.want"
done
like "$(curl -s -D - -o /dev/null "$H/export.xlsx" | tr -d '\r')" $'\nContent-Disposition: attachment; filename="indicatord-export-'"$day"$'.xlsx"\n' "/export.xlsx: a file named by the day"
is "$(ls -A "$T/data" | grep -c xlsx)" 0 "no workbook file is left in the data directory"
python3 - "$T/x" <<'PY' > "$T/xml"
import re, sys, zipfile
d = sys.argv[1]
for f in ("export", "gdp"):
    z = zipfile.ZipFile(f"{d}/{f}.xlsx")
    s = z.read("xl/worksheets/sheet1.xml").decode()
    cells = dict(re.findall(r'<c r="([A-Z]+[0-9]+)"([^>]*)>', s))
    print(f, "frozen" if 'ySplit="1"' in s and 'state="frozen"' in s else "not frozen",
          "autofilter" if "<autoFilter" in s else "no filter",
          "cols" if "<cols><col " in s else "no widths",
          "bold-head" if 's="1"' in cells.get("A1", "") else "plain-head",
          "landscape" if 'orientation="landscape"' in s and 'fitToPage="1"' in s else "portrait",
          "titles" if "_xlnm.Print_Titles" in z.read("xl/workbook.xml").decode() else "no titles")
    print(f, " ".join(k + (re.search(r't="(\w+)"', v) or [None, "n"])[1] for k, v in sorted(cells.items()) if k.endswith("2")))
PY
is "$(cat "$T/xml")" "export frozen autofilter cols bold-head landscape titles
export A2s B2s C2s D2s E2n F2n G2b H2s I2b J2n K2s L2n M2s N2s O2n P2n Q2n R2n
gdp frozen autofilter cols bold-head landscape titles
gdp A2s B2s C2s D2n E2s F2s G2s H2b" "xlsx: header bold, frozen, filtered and printed on every page one page wide; numbers as numbers, periods as text, booleans"
t0=$(date +%s)
(cd "$T/x" && timeout 40 soffice -env:UserInstallation="file://$T/lo" --headless \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir "$T/x/lo" \
    export.xlsx gdp.xlsx rate.xlsx > "$T/soffice.log" 2>&1)
echo "# soffice converted three workbooks in $(( $(date +%s) - t0 )) s"
python3 - "$T/x" <<'PY' > "$T/cmp"
import csv, sys
d = sys.argv[1]
worst = 0.0
# compare ROWS ROWS: the differing cells and the worst relative difference of a number.
def compare(got, want):
    bad, most = [], 0.0
    if len(got) != len(want):
        bad.append(f"{len(got)} rows, want {len(want)}")
    for r, (gr, wr) in enumerate(zip(got, want)):
        gr += [""] * (len(wr) - len(gr))
        for c, (g, w) in enumerate(zip(gr, wr)):
            if w in ("true", "false"):
                ok = g == w.upper()
            elif w[:1] == "'" and w[1:2] in ("=", "+", "-", "@"):
                ok = g == w[1:]	# the guard is the CSV's alone
            else:
                try:
                    fw = float(w)
                    rel = abs(float(g) - fw) / max(abs(fw), 1e-300)
                    most = max(most, rel)
                    ok = rel <= 1e-12
                except ValueError:
                    ok = g == w
            if not ok:
                bad.append(f"row {r + 1} col {c + 1}: {g!r} != {w!r}")
    return bad, most
for f in ("export", "gdp", "rate"):
    try:
        got = list(csv.reader(open(f"{d}/lo/{f}.csv", encoding="utf-8", newline="")))
    except OSError as e:
        print(f, "not converted:", e); continue
    bad, most = compare(got, list(csv.reader(open(f"{d}/{f}.want", encoding="utf-8", newline=""))))
    if bad:
        bad0, most0 = compare(got, list(csv.reader(open(f"{d}/{f}.want0", encoding="utf-8", newline=""))))
        if not bad0:
            bad, most = bad0, most0
    worst = max(worst, most)
    print(f, "same" if not bad else "; ".join(bad[:5]))
print("# worst relative difference of a number: %.3g" % worst, file=sys.stderr)
PY
is "$(cat "$T/cmp")" "export same
gdp same
rate same" "LibreOffice reads back every cell of the three workbooks (text exactly, numbers to 1e-12)" || sed 's/^/# /' "$T/soffice.log"
stop_daemon; is "$?" 0 "clean stop"
done_testing
