/*
 * main.c: indicatord — tracks development indicators against plan targets.
 * Arguments, signals and the main loop. Signal handlers only set flags; the
 * signals are blocked in every thread but this one, which waits for them in
 * ppoll() and acts on the flags.
 */
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alert.h"
#include "config.h"
#include "fetch.h"
#include "http.h"
#include "log.h"
#include "registry.h"
#include "sched.h"
#include "xmalloc.h"

#define REPAIR_INTERVAL	60	/* seconds between retries of failed RRD writes */

static volatile sig_atomic_t	 quit;
static volatile sig_atomic_t	 reload;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload = 1;
	else
		quit = 1;
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: indicatord [-nvV] -c file\n"
	    "  -c file  configuration file\n"
	    "  -n       check the configuration and exit\n"
	    "  -v       verbose (debug) logging\n"
	    "  -V       print the version and exit\n");
	exit(2);
}

/* Block the signals we handle; install flag-setting handlers. */
static void
signals_setup(sigset_t *waitmask)
{
	struct sigaction	 sa;
	sigset_t		 block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* Past RLIMIT_FSIZE a write must fail with EFBIG, not kill us. */
	sigaction(SIGXFSZ, &sa, NULL);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, waitmask);
	sigdelset(waitmask, SIGHUP);
	sigdelset(waitmask, SIGTERM);
	sigdelset(waitmask, SIGINT);
}

/* Settings that need a restart keep their running values. */
static void
keep_restart_settings(const struct config *old, struct config *new)
{
	char	*tmp;

	if (strcmp(old->listen_host, new->listen_host) != 0 ||
	    old->listen_port != new->listen_port)
		log_warnx("reload: listen changes need a restart; keeping "
		    "%s:%d", old->listen_host, old->listen_port);
	if (strcmp(old->data_dir, new->data_dir) != 0) {
		log_warnx("reload: data_dir changes need a restart; keeping "
		    "%s", old->data_dir);
		tmp = new->data_dir;
		new->data_dir = old->data_dir;
		((struct config *)old)->data_dir = tmp;
	}
	if ((old->rrdcached == NULL) != (new->rrdcached == NULL) ||
	    (old->rrdcached != NULL && strcmp(old->rrdcached,
	    new->rrdcached) != 0))
		log_warnx("reload: rrdcached changes need a restart");
}

/* Parse the new config; swap it in only if valid (bgpd reconfigure()). */
static struct sched *
do_reload(const char *path, struct registry *reg, struct alerts *alerts,
    struct sched *sched)
{
	struct config	*conf;
	char		 err[1024];

	if ((conf = config_load(path, err, sizeof(err))) == NULL) {
		log_warnx("reload failed, keeping the running configuration: "
		    "%s", err);
		return sched;
	}
	sched_retire(sched, conf);
	registry_lock(reg);
	keep_restart_settings(reg->conf, conf);
	registry_unlock(reg);
	registry_reconfigure(reg, conf);
	alerts_reconfigure(alerts, conf);
	log_info("reloaded %s: %zu indicators, %zu feeds", path,
	    conf->nindicators, conf->nfeeds);
	sched_update(sched, conf);
	return sched;
}

/*
 * Start the alert hooks; links in alerts point at http.external_url, or at
 * the address we listen on.
 */
static struct alerts *
start_alerts(struct registry *reg, const struct config *conf, int port)
{
	struct alerts	*alerts;
	char		*url, err[1024];

	if (conf->http.external_url != NULL)
		url = xstrdup(conf->http.external_url);
	else if (strchr(conf->listen_host, ':') != NULL)
		xasprintf(&url, "http://[%s]:%d", conf->listen_host, port);
	else
		xasprintf(&url, "http://%s:%d", conf->listen_host, port);
	alerts = alerts_open(conf, url, err, sizeof(err));
	free(url);
	if (alerts == NULL) {
		log_warnx("%s", err);
		return NULL;
	}
	registry_set_alerts(reg, alerts);
	return alerts;
}

/*
 * Load libcurl now if a feed or hook of conf makes HTTP requests, so that a
 * missing or broken library is reported at start-up (and by -n) rather than
 * at the first fetch or alert. Returns -1 with err naming the first feed or
 * hook that needs it: FILE:LINE: feed "wb": cannot load libcurl.so.4: ...
 */
static int
load_curl(const struct config *conf, char *err, size_t errlen)
{
	const char	*what = NULL, *name = NULL;
	char		 why[512];
	size_t		 i;
	int		 line = 0;

	for (i = 0; i < conf->nfeeds && what == NULL; i++)
		if (conf->feeds[i].type == FEED_HTTP) {
			what = "feed";
			name = conf->feeds[i].name;
			line = conf->feeds[i].line;
		}
	for (i = 0; i < conf->nalerts && what == NULL; i++)
		if (conf->alerts[i].type != ALERT_EXEC) {
			what = "alert";
			name = conf->alerts[i].name;
			line = conf->alerts[i].line;
		}
	if (what == NULL || fetch_init(why, sizeof(why)) == 0)
		return 0;
	snprintf(err, errlen, "%s:%d: %s \"%s\": %s", conf->path, line, what,
	    name, why);
	return -1;
}

static int
run(const char *path, struct config *conf)
{
	struct registry	*reg;
	struct http	*http;
	struct alerts	*alerts;
	struct sched	*sched;
	struct timespec	 ts = { 1, 0 };
	sigset_t	 waitmask;
	char		 err[1024];
	time_t		 last_repair = time(NULL);

	signals_setup(&waitmask);
	if ((reg = registry_open(conf, err, sizeof(err))) == NULL) {
		log_warnx("%s", err);
		return 1;
	}
	if ((http = http_start(reg, conf, err, sizeof(err))) == NULL) {
		log_warnx("%s", err);
		registry_free(reg);
		return 1;
	}
	if ((alerts = start_alerts(reg, conf, http_port(http))) == NULL) {
		http_stop(http);
		registry_free(reg);
		return 1;
	}
	log_info("indicatord %s listening on %s:%d (%zu indicators, %zu "
	    "feeds, data in %s)", INDICATORD_VERSION, conf->listen_host,
	    http_port(http), conf->nindicators, conf->nfeeds, conf->data_dir);
	sched = sched_start(reg, conf);
	while (!quit) {
		if (ppoll(NULL, 0, &ts, &waitmask) == -1 && errno != EINTR)
			log_warn("ppoll");
		if (reload) {
			reload = 0;
			sched = do_reload(path, reg, alerts, sched);
		}
		if (time(NULL) - last_repair >= REPAIR_INTERVAL) {
			registry_repair(reg);
			registry_tick(reg);
			last_repair = time(NULL);
		}
	}
	log_info("shutting down");
	http_stop(http);
	sched_stop(sched);
	registry_set_alerts(reg, NULL);
	alerts_close(alerts);
	registry_free(reg);
	fetch_cleanup();
	log_info("stopped");
	return 0;
}

int
main(int argc, char *argv[])
{
	struct config	*conf;
	const char	*path = NULL;
	char		 err[1024];
	int		 ch, check = 0, level = 1;

	/*
	 * Large buffers (/metrics snapshots, push bodies, parsed batches) in
	 * their own mappings, given back when freed. glibc would raise the
	 * threshold after the first such free and put later ones in the heap,
	 * where the holes they leave stay resident: about 5 MB at 1,000
	 * indicators. The threshold sits above a graph's cairo surface
	 * (1.5 MB at 800 pixels) and the heap keeps up to 4 MB free at its
	 * top: with 128 KB and 256 KB, every render mapped the surface anew
	 * and faulted in its pages, 467 page faults a render against 15
	 * (perf stat -e page-faults, 20 renders), and the drawing call took
	 * longer than the same call in a bare process. Peak RSS at 1,000
	 * indicators is the same either way (bench/results.md).
	 */
	mallopt(M_MMAP_THRESHOLD, 2 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
	/*
	 * One arena for all threads. The HTTP threads' request paths hardly
	 * allocate, but each thread's own arena keeps its freed holes and
	 * slack (the first graph render's cairo and fontconfig heap lands in
	 * one): 3 MB more peak RSS at 1,000 indicators than with one arena.
	 */
	mallopt(M_ARENA_MAX, 1);
	while ((ch = getopt(argc, argv, "c:nvV")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'v':
			level = 2;
			break;
		case 'V':
			printf("indicatord %s\n", INDICATORD_VERSION);
			return 0;
		default:
			usage();
		}
	}
	if (path == NULL || optind != argc)
		usage();
	log_init(level);
	if ((conf = config_load(path, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (load_curl(conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		config_free(conf);
		return 1;
	}
	if (check) {
		printf("configuration OK\n");
		fetch_cleanup();
		config_free(conf);
		return 0;
	}
	return run(path, conf);
}
