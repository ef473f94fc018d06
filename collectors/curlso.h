/*
 * curlso.h: libcurl, loaded with dlopen() when first needed rather than
 * linked, so that a daemon with no http feed and no HTTP hook neither maps
 * the library and what it pulls in (TLS, LDAP, Kerberos, SSH, HTTP/2) nor
 * needs it installed (the package only recommends libcurl4). Kept because
 * linked, peak RSS at 1,000 indicators with the JSON API and graphs is
 * 31.9 MB, goal <= 30 MB (bench/README.md, growth; bench/results.md,
 * "Speed tricks, with and without"). <curl/curl.h> still gives the types
 * and constants; the functions are called through the table below.
 */
#ifndef CURLSO_H
#define CURLSO_H

#include <stddef.h>

#include <curl/curl.h>

#define CURLSO_FILE	"libcurl.so.4"

/*
 * Each member has exactly the type curl.h declares for the function it is
 * named after (curl_easy_setopt and curl_easy_getinfo stay variadic). The
 * members are not called curl_*: with gcc, curl.h wraps curl_easy_setopt
 * and curl_easy_getinfo in type-checking macros that would call the linked
 * functions.
 */
struct curlso {
	__typeof__(curl_global_init)	*global_init;
	__typeof__(curl_global_cleanup)	*global_cleanup;
	__typeof__(curl_easy_init)	*easy_init;
	__typeof__(curl_easy_setopt)	*easy_setopt;
	__typeof__(curl_easy_perform)	*easy_perform;
	__typeof__(curl_easy_getinfo)	*easy_getinfo;
	__typeof__(curl_easy_cleanup)	*easy_cleanup;
	__typeof__(curl_easy_strerror)	*easy_strerror;
	__typeof__(curl_slist_append)	*slist_append;
	__typeof__(curl_slist_free_all)	*slist_free_all;
};

/* Filled by curlso_load(); all NULL before, and after a failed load. */
extern struct curlso	 curlso;

/*
 * Load CURLSO_FILE and resolve every function of the table. Not
 * thread-safe: call it once (fetch_init does, under a pthread_once).
 * Returns -1 with err set to "cannot load libcurl.so.4: " and dlerror()'s
 * reason when the library is missing or lacks a function. The library is
 * never unloaded.
 */
int	 curlso_load(char *err, size_t errlen);

#endif
