/* httpauth.c: TLS options and the request gate (see httpauth.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "httpauth.h"
#include "log.h"
#include "reply.h"
#include "webauth.h"
#include "webconf.h"
#include "xmalloc.h"

struct httpauth {
	struct webconf	*web;		/* NULL: no web configuration */
	struct webauth	*auth;
	int		 healthz_public;
	char		*priorities;	/* GnuTLS, from min/max version */
};

struct httpauth *
httpauth_new(const struct config *conf, char *err, size_t errlen)
{
	static const char *const vers[] = { "VERS-TLS1.0", "VERS-TLS1.1",
	    "VERS-TLS1.2", "VERS-TLS1.3" };
	struct httpauth	*h;
	struct buf	 b;
	int		 v;

	h = xcalloc(1, sizeof(*h));
	h->healthz_public = conf->http.healthz_public;
	if (conf->http.web_config_file == NULL)
		return h;
	if ((h->web = webconf_load(conf->http.web_config_file, err,
	    errlen)) == NULL) {
		free(h);
		return NULL;
	}
	if (h->web->ignored[0] != '\0')
		log_warnx("%s: not applied by indicatord: %s", h->web->path,
		    h->web->ignored);
	h->auth = webauth_new();
	buf_init(&b, 128);
	buf_puts(&b, "NORMAL:-VERS-ALL");
	for (v = h->web->min_version; v <= (int)h->web->max_version; v++)
		buf_printf(&b, ":+%s", vers[v - WEBCONF_TLS10]);
	h->priorities = buf_release(&b, NULL);
	return h;
}

void
httpauth_free(struct httpauth *h)
{
	if (h == NULL)
		return;
	webauth_free(h->auth);
	webconf_free(h->web);
	free(h->priorities);
	free(h);
}

unsigned int
httpauth_tls(const struct httpauth *h, struct MHD_OptionItem *items)
{
	size_t	 n = 0;

	if (h->web != NULL && h->web->tls) {
		items[n++] = (struct MHD_OptionItem){
		    MHD_OPTION_HTTPS_MEM_CERT, 0, h->web->cert };
		items[n++] = (struct MHD_OptionItem){
		    MHD_OPTION_HTTPS_MEM_KEY, 0, h->web->key };
		items[n++] = (struct MHD_OptionItem){
		    MHD_OPTION_HTTPS_PRIORITIES, 0, h->priorities };
		if (h->web->client_ca != NULL)
			items[n++] = (struct MHD_OptionItem){
			    MHD_OPTION_HTTPS_MEM_TRUST, 0, h->web->client_ca };
	}
	items[n] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	return n > 0 ? MHD_USE_TLS : 0;
}

enum MHD_Result
httpauth_gate(struct httpauth *h, struct MHD_Connection *c, const char *url,
    int *passed)
{
	const union MHD_ConnectionInfo	*ci;
	char				 why[128];

	*passed = 1;
	if (h->web == NULL)
		return MHD_YES;
	if (h->web->tls) {
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_GNUTLS_SESSION);
		if (webauth_peer(ci != NULL ? ci->tls_session : NULL, h->web,
		    why, sizeof(why)) == -1) {
			*passed = 0;
			return reply_error(c, MHD_HTTP_FORBIDDEN, why);
		}
	}
	if (h->web->nusers == 0 || strcmp(url, "/api/v1/observations") == 0 ||
	    (h->healthz_public && strcmp(url, "/healthz") == 0))
		return MHD_YES;
	if (webauth_check(h->auth, h->web, MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION)))
		return MHD_YES;
	*passed = 0;
	return reply_unauthorized(c, "Basic realm=\"indicatord\", "
	    "charset=\"UTF-8\"", "missing or wrong user and password");
}
