#!/usr/bin/env bash
# gen.sh: bench data sets. Plain bash + awk (no python on a fresh Debian).
#
#   gen.sh conf OUT N FEED DATA_DIR [CSV_PATH] [RRDCACHED_ADDR]
#       a config with N monthly indicators bench_00001.. of feed FEED
#       ("push" or "csv"), each with a 2025 and a 2035 target
#   gen.sh obs OUT N PER [END]
#       N x PER observations "id,period,value" (CSV feed and push body),
#       PER consecutive months per indicator ending with month END
#       (YYYY-MM, default 2025-12), sorted by indicator then period
#   gen.sh conf-mixed OUT N FEED DATA_DIR [CSV_PATH] [RRDCACHED_ADDR]
#       as conf, with the odd indicators annual and the even ones monthly
#       (the growth section's data), one line each and without names
#       (124-135 bytes each)
#   gen.sh obs-mixed OUT N [PART]
#       the history of conf-mixed's N indicators: 30 annual points
#       (1996..2025) for the odd ones, 120 monthly (2016-01..2025-12) for
#       the even ones, sorted by indicator then period; PART "first" (the
#       first point of each), "rest" (the others) or "all" (the default)
set -eu

TOKEN=bench-token-0123456789

# gen_conf MIXED OUT N FEED DATA_DIR [CSV_PATH] [RRDCACHED_ADDR]
gen_conf() {
	local mixed=$1 out=$2 n=$3 feed=$4 dir=$5 csv=${6:-/nonexistent.csv} rrdc=${7:-}
	{
		echo 'listen = "127.0.0.1:0";'
		echo "data_dir = \"$dir\";"
		[ -z "$rrdc" ] || echo "rrdcached = \"$rrdc\";"
		echo 'http = { max_connections = 1024; per_ip_connections = 0; timeout = 30;'
		echo "         body_limit = 1073741824; push_token = \"$TOKEN\"; };"
		echo 'feeds = ( { name = "push"; type = "push"; },'
		echo "          { name = \"csv\"; type = \"csv\"; path = \"$csv\"; interval = 86400; } );"
		echo 'indicators = ('
		awk -v n="$n" -v feed="$feed" -v mixed="$mixed" 'BEGIN {
			for (i = 1; i <= n; i++) {
				# targets a little above or below the trend, so statuses vary
				t25 = (1000 + i * 37) * (1.05 + (i % 7) * 0.03)
				t35 = t25 * (1.3 + (i % 5) * 0.2)
				if (mixed) {
					# one line, no name (the id then):
					# 13.3 MB for 100,000
					printf "{id=\"bench_%05d\";unit=\"count\";frequency=\"%s\";feed=\"%s\";", \
					    i, i % 2 ? "annual" : "monthly", feed
					printf "targets=({year=2025;value=%.1f;},{year=2035;value=%.1f;});}%s\n", \
					    t25, t35, i < n ? "," : ""
					continue
				}
				printf "  { id = \"bench_%05d\"; name = \"Bench indicator %d\"; unit = \"count\";\n", i, i
				printf "    frequency = \"monthly\"; feed = \"%s\";\n", feed
				printf "    targets = ( { year = 2025; value = %.1f; }, { year = 2035; value = %.1f; } ); }%s\n", \
				    t25, t35, i < n ? "," : ""
			}
		}'
		echo ');'
	} > "$out"
}

gen_obs() {
	local out=$1 n=$2 per=$3 end=${4:-2025-12}
	awk -v n="$n" -v per="$per" -v end="$end" 'BEGIN {
		split(end, ym, "-")
		last = ym[1] * 12 + ym[2] - 1	# months since year 0
		for (i = 1; i <= n; i++) {
			base = 1000 + i * 37
			g = -0.04 + (i % 11) * 0.02	# yearly growth -4 % .. +16 %
			for (k = 0; k < per; k++) {
				m = last - per + 1 + k
				v = base * exp(log(1 + g) * (k - per) / 12) * (1 + ((i * 7 + k) % 5 - 2) * 0.002)
				printf "bench_%05d,%d-%02d,%.4f\n", i, int(m / 12), m % 12 + 1, v
			}
		}
	}' > "$out"
}

# gen_mixed OUT N PART: conf-mixed's history (see the top).
gen_mixed() {
	local out=$1 n=$2 part=${3:-all}
	case $part in first|rest|all) ;; *) echo "gen.sh: bad part $part" >&2; exit 2 ;; esac
	awk -v n="$n" -v part="$part" 'BEGIN {
		for (i = 1; i <= n; i++) {
			base = 1000 + i * 37
			g = -0.04 + (i % 11) * 0.02	# yearly growth -4 % .. +16 %
			per = i % 2 ? 30 : 120
			for (k = 0; k < per; k++) {
				if ((part == "first" && k > 0) || (part == "rest" && k == 0))
					continue
				noise = 1 + ((i * 7 + k) % 5 - 2) * 0.002
				if (per == 30) {
					v = base * exp(log(1 + g) * (k - per)) * noise
					printf "bench_%05d,%d,%.4f\n", i, 1996 + k, v
				} else {
					v = base * exp(log(1 + g) * (k - per) / 12) * noise
					printf "bench_%05d,%d-%02d,%.4f\n", i, 2016 + int(k / 12), k % 12 + 1, v
				}
			}
		}
	}' > "$out"
}

case ${1:-} in
conf)	shift; gen_conf 0 "$@" ;;
conf-mixed) shift; gen_conf 1 "$@" ;;
obs)	shift; gen_obs "$@" ;;
obs-mixed) shift; gen_mixed "$@" ;;
*)	echo "usage: gen.sh conf|conf-mixed|obs|obs-mixed ..." >&2; exit 2 ;;
esac
