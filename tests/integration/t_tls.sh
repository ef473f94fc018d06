#!/usr/bin/env bash
# The exporter-toolkit web configuration: TLS with certificates made here
# by openssl, bcrypt basic auth (curl with, without and with a wrong
# password), plain HTTP to the TLS port, /healthz behind it unless
# healthz_public, the push API on its bearer token, TLS versions, client
# certificates, -n errors naming the file and key, and a real Prometheus
# scraping over TLS with basic auth.
. "$(dirname "$0")/lib.sh"

# A CA, a server certificate for 127.0.0.1 and two client certificates: one
# from the CA (SAN DNS:scraper.example), one self-signed.
cd "$T" || exit 1
ec() { echo "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"; }
openssl req -x509 $(ec) -keyout ca.key -out ca.crt -subj /CN=test-ca -days 2 2>/dev/null
sign() {	# sign NAME SAN
	openssl req $(ec) -keyout "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
	printf 'subjectAltName=%s\n' "$2" > "$1.ext"
	openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
	    -out "$1.crt" -days 2 -extfile "$1.ext" 2>/dev/null
}
sign server IP:127.0.0.1
sign scraper DNS:scraper.example
openssl req -x509 $(ec) -keyout rogue.key -out rogue.crt -subj /CN=rogue -days 2 2>/dev/null
cd - >/dev/null || exit 1
# PHP's password_hash documentation: "rasmuslerdorf" at cost 10.
HASH='$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a'

web() {	# web EXTRA-TLS-LINES: write $T/web.yml
	printf 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n%sbasic_auth_users:\n  alice: %s\n' "$1" "$HASH" > "$T/web.yml"
}
conf() {	# conf [MORE HTTP SETTINGS]
	write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; web_config_file = "'"$T"'/web.yml"; '"${1:-}"' };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "pat"; unit = "count"; feed = "manual"; } );'
}
web ''
conf
code() { curl -s -o /dev/null -w '%{http_code}' --cacert "$T/ca.crt" "$@"; }
U="https://127.0.0.1"

# Bad files are -n errors naming the file and the key.
cp "$T/web.yml" "$T/good.yml"
sed -i 's/key_file: server.key/key_file: rogue.key/' "$T/web.yml"
is "$("$BIN" -n -c "$T/c.conf" 2>&1)" "$T/c.conf:4: web_config_file: $T/web.yml:3: tls_server_config: cert_file and key_file: The certificate and the given key do not match." "-n: a key that is not the certificate's"
sed -i 's/alice: .*/alice: plaintext-password/; s/rogue.key/server.key/' "$T/web.yml"
is "$("$BIN" -n -c "$T/c.conf" 2>&1)" "$T/c.conf:4: web_config_file: $T/web.yml:5: basic_auth_users: user \"alice\": not a bcrypt hash (\$2y\$10\$ and 53 characters, e.g. from htpasswd -nBC 10 \"\")" "-n: a password that is not a bcrypt hash"
cp "$T/good.yml" "$T/web.yml"
printf 'http_server_config:\n  headers:\n    X-Frame-Options: deny\n    Strict-Transport-Security: max-age=31536000\n' >> "$T/web.yml"
is "$("$BIN" -n -c "$T/c.conf")" "configuration OK" "-n: the good file"

start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
is "$(code -u alice:rasmuslerdorf "$U:$PORT/metrics")" 200 "TLS and the right password: 200"
is "$(code "$U:$PORT/metrics")" 401 "no password: 401"
is "$(curl -s -D - -o /dev/null --cacert "$T/ca.crt" "$U:$PORT/metrics" | tr -d '\r' | grep -i '^www-authenticate')" \
    'WWW-Authenticate: Basic realm="indicatord", charset="UTF-8"' "401 asks for basic auth"
is "$(code -u alice:rasmuslerdorF "$U:$PORT/metrics")" 401 "a wrong password: 401"
is "$(code -u bob:rasmuslerdorf "$U:$PORT/metrics")" 401 "an unknown user: 401"
is "$(code -u alice:rasmuslerdorf "$U:$PORT/graph/pat.png")" 200 "a graph with the password: 200"
hdr() {	# hdr PATH: the response's security headers, sorted
	curl -s -D - -o /dev/null --cacert "$T/ca.crt" -u alice:rasmuslerdorf "$U:$PORT$1" | tr -d '\r' |
	    grep -iE '^(x-frame-options|strict-transport-security|x-content-type-options|referrer-policy|content-security-policy):' | sort
}
is "$(hdr /metrics)" "Referrer-Policy: no-referrer
Strict-Transport-Security: max-age=31536000
X-Content-Type-Options: nosniff
X-Frame-Options: deny" "the web config's headers and the defaults on /metrics"
is "$(hdr /)" "Content-Security-Policy: default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'
Referrer-Policy: no-referrer
Strict-Transport-Security: max-age=31536000
X-Content-Type-Options: nosniff
X-Frame-Options: deny" "a page has a Content-Security-Policy too"
is "$(hdr /nope | grep -c -i '^x-frame-options')" 1 "an error answer carries them"
is "$(code "$U:$PORT/graph/pat.png")" 401 "graphs are behind it too"
is "$(code "$U:$PORT/api/v1/indicators")" 401 "and the API"
is "$(code "$U:$PORT/healthz")" 401 "/healthz is behind it by default"
curl -s -o /dev/null "http://127.0.0.1:$PORT/metrics"; rc=$?
[ "$rc" -ne 0 ] && ok "plain HTTP to the TLS port fails (curl exit $rc)" || not_ok "plain HTTP to the TLS port fails"
is "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/ca.crt" -H 'Authorization: Bearer token-for-tests' \
    --data-binary 'pat,2018,5' "$U:$PORT/api/v1/observations")" 200 "push: its bearer token, no basic auth"
is "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/ca.crt" -u alice:rasmuslerdorf \
    --data-binary 'pat,2018,5' "$U:$PORT/api/v1/observations")" 401 "push: basic auth is not its token"
is "$(code --tls-max 1.2 -u alice:rasmuslerdorf "$U:$PORT/metrics")" 200 "TLS 1.2 by default"
like "$(cat "$T/daemon.log")" 'listening on 127.0.0.1' "started"

# Prometheus scrapes it over TLS with basic auth.
cat > "$T/prom.yml" <<YML
global: { scrape_interval: 1s, scrape_timeout: 1s }
scrape_configs:
  - job_name: tls
    scheme: https
    tls_config: { ca_file: "$T/ca.crt" }
    basic_auth: { username: alice, password: rasmuslerdorf }
    static_configs: [ { targets: ["127.0.0.1:$PORT"] } ]
YML
# A free port can be taken before Prometheus binds it: try another then.
for try in 1 2 3; do
	PP=$(free_port)
	prometheus --config.file="$T/prom.yml" --storage.tsdb.path="$T/prom" \
	    --web.listen-address="127.0.0.1:$PP" >"$T/prom.log" 2>&1 &
	EXTRA_PIDS="$!"
	wait_until 'curl -sf "http://127.0.0.1:$PP/-/ready" >/dev/null' && break
	grep -q 'address already in use' "$T/prom.log" || break
	kill "$EXTRA_PIDS" 2>/dev/null; wait "$EXTRA_PIDS" 2>/dev/null
done
q() { curl -s "http://127.0.0.1:$PP/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'; }
wait_long() { local i; for i in $(seq 1 600); do eval "$1" && return 0; sleep 0.1; done; return 1; }
wait_long '[ "$(q "indicatord_indicator_value{job=\"tls\"}")" = 5 ]'
is "$(q 'indicatord_indicator_value{job="tls",indicator="pat"}')" 5 "Prometheus scraped over TLS with basic auth"
[ "$(q 'indicatord_indicator_value{job="tls",indicator="pat"}')" = 5 ] || {
	curl -s "http://127.0.0.1:$PP/api/v1/targets" | jq -c '.data.activeTargets[0] | [.health, .lastError]' | sed 's/^/# /'
	tail -5 "$T/prom.log" | sed 's/^/# /'
}
is "$(curl -s "http://127.0.0.1:$PP/api/v1/targets" | jq -r '.data.activeTargets[0].health')" up "the target is up"
stop_daemon; is "$?" 0 "clean stop"

# TLS 1.3 only, /healthz public, client certificates from the CA with a SAN.
web '  min_version: TLS13
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: ca.crt
  client_allowed_sans: [scraper.example]
'
conf 'healthz_public = true;'
start_daemon "$T/c.conf" || { not_ok "daemon restarts"; done_testing; exit 1; }
C="--cert $T/scraper.crt --key $T/scraper.key"
is "$(code $C -u alice:rasmuslerdorf "$U:$PORT/metrics")" 200 "a client certificate from the CA with an allowed SAN: 200"
is "$(code -u alice:rasmuslerdorf "$U:$PORT/metrics")" 403 "no client certificate: 403"
is "$(code --cert "$T/rogue.crt" --key "$T/rogue.key" -u alice:rasmuslerdorf "$U:$PORT/metrics")" 403 "a certificate from another CA: 403"
is "$(code $C "$U:$PORT/healthz")" 200 "healthz_public: /healthz without a password"
is "$(code $C "$U:$PORT/metrics")" 401 "the password is still needed elsewhere"
curl -s -o /dev/null --cacert "$T/ca.crt" $C --tls-max 1.2 -u alice:rasmuslerdorf "$U:$PORT/metrics"; rc=$?
[ "$rc" -ne 0 ] && ok "min_version TLS13: a TLS 1.2 client fails (curl exit $rc)" || not_ok "min_version TLS13: a TLS 1.2 client fails"
stop_daemon; is "$?" 0 "clean stop"

# The SAN must be in the list.
web '  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: ca.crt
  client_allowed_sans: [other.example]
'
DAEMON_ARGS="--web.config.file $T/web.yml" start_daemon "$T/c.conf" || { not_ok "daemon restarts"; done_testing; exit 1; }
is "$(curl -s -w ' %{http_code}' --cacert "$T/ca.crt" $C -u alice:rasmuslerdorf "$U:$PORT/metrics")" \
    "client certificate has no SAN in client_allowed_sans
 403" "a SAN not in client_allowed_sans: 403 saying so"
stop_daemon; is "$?" 0 "clean stop"
done_testing
