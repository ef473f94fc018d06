/*
 * hook.c: alert delivery (see hook.h). One thread per hook; the queue, the
 * flags and the wake-ups are under the hook's own lock, which is never held
 * while delivering. The exec hook runs its command through env(1) so that
 * collectors/exec.c can spawn it with the INDICATORD_* variables added and
 * still no shell.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "curlso.h"
#include "exec.h"
#include "fetch.h"
#include "hook.h"
#include "hookmsg.h"
#include "log.h"
#include "xmalloc.h"

#ifndef INDICATORD_VERSION
#define INDICATORD_VERSION	"dev"
#endif

#define HOOK_URL_QUOTE	200		/* longest URL repeated in an error */
#define HOOK_OUT_MAX	65536		/* exec hook stdout kept (ignored) */

struct hook_item {
	struct alert_notice	 n;
	struct hook_item	*next;
};

struct hook {
	char			*name;
	enum alert_type		 type;
	char		       **command;	/* exec */
	char			*url;		/* as configured */
	char			*post_url;	/* where to POST */
	char			*external_url;
	int			 timeout, resend;
	struct hook_counters	*counters;
	hook_set_fn		 set_fn;
	void			*set_arg;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;		/* any change; broadcast */
	struct hook_item	*head, **tail;
	size_t			 queued;
	int			 stop, poked, busy, done;
	struct timespec		 next_sync;	/* alertmanager, monotonic */
};

/* What one attempt of a delivery needs. */
struct hook_job {
	const struct alert_notice *n;		/* exec */
	const char		*body;		/* webhook */
	struct alert_notice	*set;		/* alertmanager */
	size_t			 nset;
};

typedef int (*hook_attempt_fn)(struct hook *, const struct hook_job *,
	    char *, size_t);

static const char *
hook_type_name(enum alert_type type)
{
	if (type == ALERT_EXEC)
		return "exec";
	return type == ALERT_ALERTMANAGER ? "alertmanager" : "webhook";
}

/* url without "user:password@", cut when long. */
static void
hook_redact(const char *url, char *buf, size_t len)
{
	const char	*host = strstr(url, "://"), *at, *end;

	if (host != NULL) {
		host += 3;
		end = host + strcspn(host, "/?#");
		if ((at = memchr(host, '@', (size_t)(end - host))) != NULL) {
			snprintf(buf, len, "%.*s%.*s", (int)(host - url), url,
			    HOOK_URL_QUOTE, at + 1);
			return;
		}
	}
	snprintf(buf, len, "%.*s", HOOK_URL_QUOTE, url);
}

static size_t
hook_discard(char *p, size_t size, size_t nmemb, void *arg)
{
	(void)p;
	(void)arg;
	return size * nmemb;
}

static void
hook_post_setopts(CURL *c, const char *url, const char *body, int timeout,
    struct curl_slist *hdr, char *cerr)
{
	curlso.easy_setopt(c, CURLOPT_URL, url);
	curlso.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curlso.easy_setopt(c, CURLOPT_TIMEOUT, (long)timeout);
	curlso.easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curlso.easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curlso.easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
#if LIBCURL_VERSION_NUM >= 0x075500
	curlso.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curlso.easy_setopt(c, CURLOPT_PROTOCOLS,
	    CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
	curlso.easy_setopt(c, CURLOPT_USERAGENT, "indicatord/"
	    INDICATORD_VERSION);
	curlso.easy_setopt(c, CURLOPT_WRITEFUNCTION, hook_discard);
	curlso.easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
}

int
hook_post(const char *url, const char *body, int timeout, char *err,
    size_t errlen)
{
	struct curl_slist	*hdr = NULL;
	CURL			*c;
	CURLcode		 rc;
	char			 cerr[CURL_ERROR_SIZE], u[HOOK_URL_QUOTE + 8];
	long			 status = 0;
	int			 ret = -1;

	if (fetch_init(err, errlen) == -1)
		return -1;
	if ((c = curlso.easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	cerr[0] = '\0';
	hdr = curlso.slist_append(hdr, "Content-Type: application/json");
	hdr = curlso.slist_append(hdr, "Expect:");
	hook_post_setopts(c, url, body, timeout, hdr, cerr);
	rc = curlso.easy_perform(c);
	hook_redact(url, u, sizeof(u));
	if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(err, errlen, "timeout after %d s posting to %s",
		    timeout, u);
	else if (rc != CURLE_OK)
		snprintf(err, errlen, "%s: %s", u, cerr[0] != '\0' ? cerr :
		    curlso.easy_strerror(rc));
	else if (curlso.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status) !=
	    CURLE_OK || status < 200 || status > 299)
		snprintf(err, errlen, "HTTP %ld from %s", status, u);
	else
		ret = 0;
	curlso.slist_free_all(hdr);
	curlso.easy_cleanup(c);
	return ret;
}

/* HOOK_ENV -- NAME=value... command args... */
static char **
hook_exec_argv(char **command, char **env)
{
	char	**v;
	size_t	  ne = 0, nc = 0, k = 0;

	while (env[ne] != NULL)
		ne++;
	while (command[nc] != NULL)
		nc++;
	v = xcalloc(ne + nc + 3, sizeof(*v));
	v[k++] = HOOK_ENV;
	v[k++] = "--";
	memcpy(v + k, env, ne * sizeof(*v));
	memcpy(v + k + ne, command, nc * sizeof(*v));
	return v;
}

static int
hook_attempt_exec(struct hook *h, const struct hook_job *job, char *err,
    size_t errlen)
{
	struct exec_result	 res;
	char			**env, **argv, *in;
	size_t			 n;
	int			 rc;

	env = hookmsg_env(job->n, h->external_url);
	argv = hook_exec_argv(h->command, env);
	in = hookmsg_event_json(job->n, h->external_url);
	rc = exec_run_cancel(argv, in, strlen(in), h->timeout, HOOK_OUT_MAX,
	    &h->stop, &res, err, errlen);
	if (rc == -1 && res.errlen > 0) {
		n = strlen(err);
		snprintf(err + n, errlen - n, ": %.*s", (int)strcspn(res.errout,
		    "\n"), res.errout);
	}
	exec_result_free(&res);
	free(in);
	free(argv);
	xstrv_free(env);
	return rc;
}

static int
hook_attempt_post(struct hook *h, const struct hook_job *job, char *err,
    size_t errlen)
{
	char	*body;
	int	 rc;

	if (job->body != NULL)
		return hook_post(h->post_url, job->body, h->timeout, err,
		    errlen);
	body = hookmsg_am_json(job->set, job->nset, h->external_url, time(NULL),
	    h->resend);
	rc = hook_post(h->post_url, body, h->timeout, err, errlen);
	free(body);
	return rc;
}

/* Wait s seconds unless asked to stop: 0, or -1 when stopping. */
static int
hook_backoff(struct hook *h, int s)
{
	struct timespec	 ts;
	int		 stop;

	clock_deadline(&ts, s * 1000L);
	pthread_mutex_lock(&h->lock);
	while (!h->stop && pthread_cond_timedwait(&h->cond, &h->lock,
	    &ts) != ETIMEDOUT)
		;
	stop = h->stop;
	pthread_mutex_unlock(&h->lock);
	return stop ? -1 : 0;
}

/* Up to HOOK_ATTEMPTS attempts, 1 s then 2 s apart; counted and logged. */
static void
hook_deliver(struct hook *h, hook_attempt_fn fn, const struct hook_job *job,
    const char *what)
{
	char	 err[1024];
	int	 i;

	for (i = 0; i < HOOK_ATTEMPTS; i++) {
		if (i > 0 && hook_backoff(h, i) == -1)
			break;
		if (fn(h, job, err, sizeof(err)) == 0) {
			__atomic_add_fetch(&h->counters->sent, 1,
			    __ATOMIC_RELAXED);
			log_debug("hook %s: delivered %s", h->name, what);
			return;
		}
		log_debug("hook %s: attempt %d: %s", h->name, i + 1, err);
	}
	__atomic_add_fetch(&h->counters->failures, 1, __ATOMIC_RELAXED);
	log_warnx("hook %s: %s not delivered after %d attempt%s: %s", h->name,
	    what, i, i == 1 ? "" : "s", err);
}

/* "firing alert for pat 2025", "resolved stale data alert for pat" */
static void
hook_what(const struct alert_notice *n, char *buf, size_t len)
{
	if (n->t.rule == ALERT_RULE_STALE)
		snprintf(buf, len, "%s stale data alert for %s",
		    notice_event_name(n->event), n->t.indicator);
	else
		snprintf(buf, len, "%s alert for %s %d", notice_event_name(
		    n->event), n->t.indicator, n->t.year);
}

static void
hook_deliver_event(struct hook *h, const struct alert_notice *n)
{
	struct hook_job	 job;
	char		 what[256];

	memset(&job, 0, sizeof(job));
	hook_what(n, what, sizeof(what));
	job.n = n;
	if (h->type == ALERT_EXEC) {
		hook_deliver(h, hook_attempt_exec, &job, what);
		return;
	}
	job.body = hookmsg_webhook_json(n, h->name, h->external_url);
	hook_deliver(h, hook_attempt_post, &job, what);
	free((char *)job.body);
}

static void
hook_sync(struct hook *h)
{
	struct hook_job	 job;
	char		 what[64];
	size_t		 i;

	memset(&job, 0, sizeof(job));
	job.set = h->set_fn(h->set_arg, time(NULL), &job.nset);
	if (job.nset > 0) {
		snprintf(what, sizeof(what), "%zu alert%s", job.nset,
		    job.nset == 1 ? "" : "s");
		hook_deliver(h, hook_attempt_post, &job, what);
	}
	for (i = 0; i < job.nset; i++)
		notice_clear(&job.set[i]);
	free(job.set);
}

/* The next piece of work, or 0 to wait (caller holds the lock). */
static int
hook_next(struct hook *h, struct hook_item **it)
{
	*it = NULL;
	if ((*it = h->head) != NULL) {
		if ((h->head = (*it)->next) == NULL)
			h->tail = &h->head;
		h->queued--;
		return 1;
	}
	if (h->type == ALERT_ALERTMANAGER && (h->poked ||
	    clock_passed(&h->next_sync))) {
		h->poked = 0;
		return 1;
	}
	return 0;
}

static void *
hook_main(void *arg)
{
	struct hook		*h = arg;
	struct hook_item	*it;

	pthread_mutex_lock(&h->lock);
	while (!h->stop) {
		if (!hook_next(h, &it)) {
			if (h->type == ALERT_ALERTMANAGER)
				pthread_cond_timedwait(&h->cond, &h->lock,
				    &h->next_sync);
			else
				pthread_cond_wait(&h->cond, &h->lock);
			continue;
		}
		h->busy = 1;
		pthread_mutex_unlock(&h->lock);
		if (it != NULL) {
			hook_deliver_event(h, &it->n);
			notice_clear(&it->n);
			free(it);
		} else
			hook_sync(h);
		pthread_mutex_lock(&h->lock);
		if (it == NULL)
			clock_deadline(&h->next_sync, h->resend * 1000L);
		h->busy = 0;
		pthread_cond_broadcast(&h->cond);
	}
	h->done = 1;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static char **
hook_argv_dup(char **v)
{
	char	**d;
	size_t	  n = 0, i;

	if (v == NULL)
		return NULL;
	while (v[n] != NULL)
		n++;
	d = xcalloc(n + 1, sizeof(*d));
	for (i = 0; i < n; i++)
		d[i] = xstrdup(v[i]);
	return d;
}

static char *
hook_post_url(const struct alert_conf *ac)
{
	char	*s;
	size_t	 n;

	if (ac->type == ALERT_EXEC)
		return NULL;
	if (ac->type == ALERT_WEBHOOK)
		return xstrdup(ac->url);
	n = strlen(ac->url);
	while (n > 0 && ac->url[n - 1] == '/')
		n--;
	xasprintf(&s, "%.*s%s", (int)n, ac->url, HOOK_AM_PATH);
	return s;
}

struct hook *
hook_start(const struct alert_conf *ac, const char *external_url,
    struct hook_counters *counters, hook_set_fn set_fn, void *arg)
{
	struct hook		*h;
	int			 rc;

	h = xcalloc(1, sizeof(*h));
	h->name = xstrdup(ac->name);
	h->type = ac->type;
	h->command = hook_argv_dup(ac->command);
	h->url = ac->url != NULL ? xstrdup(ac->url) : NULL;
	h->post_url = hook_post_url(ac);
	h->external_url = xstrdup(external_url != NULL ? external_url : "");
	h->timeout = ac->timeout;
	h->resend = ac->resend;
	h->counters = counters;
	h->set_fn = set_fn;
	h->set_arg = arg;
	h->tail = &h->head;
	clock_deadline(&h->next_sync, 0);
	pthread_mutex_init(&h->lock, NULL);
	clock_cond_init(&h->cond);
	if ((rc = pthread_create(&h->thread, NULL, hook_main, h)) != 0)
		fatalx("hook %s: pthread_create: %s", h->name, strerror(rc));
	log_debug("hook %s (%s) started", h->name, hook_type_name(h->type));
	return h;
}

const char *
hook_name(const struct hook *h)
{
	return h->name;
}

enum alert_type
hook_type(const struct hook *h)
{
	return h->type;
}

static int
hook_str_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
hook_matches(const struct hook *h, const struct alert_conf *ac)
{
	size_t	 i;

	if (strcmp(h->name, ac->name) != 0 || h->type != ac->type ||
	    h->timeout != ac->timeout || h->resend != ac->resend ||
	    !hook_str_equal(h->url, ac->url) ||
	    (h->command == NULL) != (ac->command == NULL))
		return 0;
	for (i = 0; h->command != NULL; i++) {
		if (!hook_str_equal(h->command[i], ac->command[i]))
			return 0;
		if (h->command[i] == NULL)
			break;
	}
	return 1;
}

void
hook_enqueue(struct hook *h, const struct alert_notice *n)
{
	struct hook_item	*it;
	char			 what[256];

	if (h->type == ALERT_ALERTMANAGER) {
		hook_poke(h);
		return;
	}
	pthread_mutex_lock(&h->lock);
	if (h->queued >= HOOK_QUEUE_MAX) {
		pthread_mutex_unlock(&h->lock);
		__atomic_add_fetch(&h->counters->failures, 1,
		    __ATOMIC_RELAXED);
		hook_what(n, what, sizeof(what));
		log_warnx("hook %s: queue full; dropped %s", h->name, what);
		return;
	}
	it = xcalloc(1, sizeof(*it));
	notice_copy(&it->n, n);
	*h->tail = it;
	h->tail = &it->next;
	h->queued++;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

void
hook_poke(struct hook *h)
{
	if (h->type != ALERT_ALERTMANAGER)
		return;
	pthread_mutex_lock(&h->lock);
	h->poked = 1;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

void
hook_move_queue(struct hook *from, struct hook *to)
{
	struct hook_item	*list;
	size_t			 n;

	pthread_mutex_lock(&from->lock);
	list = from->head;
	n = from->queued;
	from->head = NULL;
	from->tail = &from->head;
	from->queued = 0;
	pthread_mutex_unlock(&from->lock);
	if (list == NULL)
		return;
	pthread_mutex_lock(&to->lock);
	*to->tail = list;
	while (list->next != NULL)
		list = list->next;
	to->tail = &list->next;
	to->queued += n;
	pthread_cond_broadcast(&to->cond);
	pthread_mutex_unlock(&to->lock);
}

void
hook_stop(struct hook *h)
{
	pthread_mutex_lock(&h->lock);
	/* An exec attempt in flight polls it without the lock. */
	__atomic_store_n(&h->stop, 1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

int
hook_finished(struct hook *h)
{
	int	 done;

	pthread_mutex_lock(&h->lock);
	done = h->done;
	pthread_mutex_unlock(&h->lock);
	return done;
}

int
hook_drain(struct hook *h, int timeout_ms)
{
	struct timespec	 ts;
	int		 idle;

	clock_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&h->lock);
	while ((h->head != NULL || h->busy || h->poked) && !h->done &&
	    pthread_cond_timedwait(&h->cond, &h->lock, &ts) != ETIMEDOUT)
		;
	idle = h->head == NULL && !h->busy && !h->poked;
	pthread_mutex_unlock(&h->lock);
	return idle ? 0 : -1;
}

void
hook_free(struct hook *h)
{
	struct hook_item	*it;

	if (h == NULL)
		return;
	hook_stop(h);
	pthread_join(h->thread, NULL);
	if (h->queued > 0)
		log_warnx("hook %s: stopping with %zu undelivered event%s",
		    h->name, h->queued, h->queued == 1 ? "" : "s");
	while ((it = h->head) != NULL) {
		h->head = it->next;
		notice_clear(&it->n);
		free(it);
	}
	free(h->name);
	xstrv_free(h->command);
	free(h->url);
	free(h->post_url);
	free(h->external_url);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->cond);
	free(h);
}
