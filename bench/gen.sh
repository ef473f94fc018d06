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
set -eu

TOKEN=bench-token-0123456789

gen_conf() {
	local out=$1 n=$2 feed=$3 dir=$4 csv=${5:-/nonexistent.csv} rrdc=${6:-}
	{
		echo 'listen = "127.0.0.1:0";'
		echo "data_dir = \"$dir\";"
		[ -z "$rrdc" ] || echo "rrdcached = \"$rrdc\";"
		echo 'http = { max_connections = 1024; per_ip_connections = 0; timeout = 30;'
		echo "         body_limit = 1073741824; push_token = \"$TOKEN\"; };"
		echo 'feeds = ( { name = "push"; type = "push"; },'
		echo "          { name = \"csv\"; type = \"csv\"; path = \"$csv\"; interval = 86400; } );"
		echo 'indicators = ('
		awk -v n="$n" -v feed="$feed" 'BEGIN {
			for (i = 1; i <= n; i++) {
				# targets a little above or below the trend, so statuses vary
				t25 = (1000 + i * 37) * (1.05 + (i % 7) * 0.03)
				t35 = t25 * (1.3 + (i % 5) * 0.2)
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

case ${1:-} in
conf)	shift; gen_conf "$@" ;;
obs)	shift; gen_obs "$@" ;;
*)	echo "usage: gen.sh conf|obs ..." >&2; exit 2 ;;
esac
