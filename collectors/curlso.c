/* curlso.c: libcurl's functions looked up with dlopen/dlsym (curlso.h). */
#include <dlfcn.h>
#include <stdio.h>

#include "curlso.h"

struct curlso	 curlso;

/*
 * The address of name in h, or NULL with err set. Once err holds a reason
 * the lookups are skipped, so the first missing function is the one named.
 */
static void *
curlso_sym(void *h, const char *name, char *err, size_t errlen)
{
	const char	*why;
	void		*p;

	if (err[0] != '\0')
		return NULL;
	dlerror();
	if ((p = dlsym(h, name)) == NULL) {
		why = dlerror();
		snprintf(err, errlen, "cannot load %s: %s", CURLSO_FILE,
		    why != NULL ? why : name);
	}
	return p;
}

/*
 * The assignments convert dlsym's void * to function pointers: ISO C leaves
 * that to the implementation, POSIX requires it to work.
 */
int
curlso_load(char *err, size_t errlen)
{
	struct curlso	 t;
	void		*h;

	if ((h = dlopen(CURLSO_FILE, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(err, errlen, "cannot load %s: %s", CURLSO_FILE,
		    dlerror());
		return -1;
	}
	err[0] = '\0';
	t.global_init = curlso_sym(h, "curl_global_init", err, errlen);
	t.global_cleanup = curlso_sym(h, "curl_global_cleanup", err, errlen);
	t.easy_init = curlso_sym(h, "curl_easy_init", err, errlen);
	t.easy_setopt = curlso_sym(h, "curl_easy_setopt", err, errlen);
	t.easy_perform = curlso_sym(h, "curl_easy_perform", err, errlen);
	t.easy_getinfo = curlso_sym(h, "curl_easy_getinfo", err, errlen);
	t.easy_cleanup = curlso_sym(h, "curl_easy_cleanup", err, errlen);
	t.easy_strerror = curlso_sym(h, "curl_easy_strerror", err, errlen);
	t.slist_append = curlso_sym(h, "curl_slist_append", err, errlen);
	t.slist_free_all = curlso_sym(h, "curl_slist_free_all", err, errlen);
	if (err[0] != '\0') {
		dlclose(h);
		return -1;
	}
	curlso = t;
	return 0;
}
