/*
 * httpauth.h: the HTTP server's side of the exporter-toolkit web
 * configuration (webconf.h): the TLS options libmicrohttpd starts with, and
 * the gate every request passes at its first call: the client certificate
 * as client_auth_type asks (else 403), then basic auth (else 401 with
 * WWW-Authenticate), except for the push endpoint, which keeps its bearer
 * token, and /healthz with http.healthz_public. The file is read once at
 * start: changes to it need a restart.
 */
#ifndef HTTPAUTH_H
#define HTTPAUTH_H

#include <microhttpd.h>

#include "config.h"

#define HTTPAUTH_OPTIONS	5	/* MHD_OptionItem entries httpauth_tls fills */

struct httpauth;

/* From conf's http.web_config_file, or an open gate. NULL with err. */
struct httpauth *httpauth_new(const struct config *conf, char *err,
	    size_t errlen);
void	 httpauth_free(struct httpauth *);
/*
 * The TLS options into items (ended by MHD_OPTION_END; HTTPAUTH_OPTIONS
 * entries) and the daemon flag they need (MHD_USE_TLS, or 0).
 */
unsigned int httpauth_tls(const struct httpauth *, struct MHD_OptionItem *items);
/* The gate (see above); *passed is 0 when an answer was queued. */
enum MHD_Result httpauth_gate(struct httpauth *, struct MHD_Connection *c,
	    const char *url, int *passed);

#endif
