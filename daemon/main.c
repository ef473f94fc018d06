/*
 * main.c: indicatord — tracks development indicators against plan targets.
 * Arguments, signals and the main loop. Signal handlers only set flags; the
 * signals are blocked in every thread but this one, which waits for them in
 * ppoll() and acts on the flags.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alert.h"
#include "alertview.h"
#include "clock.h"
#include "config.h"
#include "expo.h"
#include "export.h"
#include "fetch.h"
#include "http.h"
#include "journalmove.h"
#include "log.h"
#include "pfor.h"
#include "registry.h"
#include "sched.h"
#include "shardconf.h"
#include "xmalloc.h"

#define REPAIR_INTERVAL	60	/* seconds between retries of failed RRD writes */
#ifndef INDICATORD_CONF
#define INDICATORD_CONF	"/etc/indicatord/indicatord.conf"
#endif

/* What the command line asks for. */
struct opts {
	const char	*path;		/* -c */
	const char	*listen;	/* -l, or NULL: the config's */
	int		 check;		/* -n */
	int		 level;		/* 1, or 2 with -v */
	int		 rebuild;	/* --rebuild */
	const char	*web;		/* --web.config.file, or NULL */
	int		 export;	/* --export */
	const char	*jexport;	/* --journal-export IDS, or NULL */
	const char	*jimport;	/* --journal-import FILE, or NULL */
};

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

static void
usage(FILE *f)
{
	fprintf(f, "usage: indicatord [-hnvV] [-c file] [-l address] [--rebuild] "
	    "[--web.config.file file] [--export]\n"
	    "       [--journal-export id[,id...]] [--journal-import file]\n"
	    "  -c, --config FILE     configuration file (default "
	    INDICATORD_CONF ")\n"
	    "  -l, --listen ADDRESS  listen on host:port or [v6]:port "
	    "instead of the config's\n"
	    "  -n, --check           check the configuration and exit\n"
	    "  -v, --verbose         debug logging\n"
	    "  -V, --version         print the version and exit\n"
	    "  -h, --help            print this help and exit\n"
	    "      --rebuild         rebuild RRDs that hold values the "
	    "journal lacks; compare every RRD's rows even after a clean "
	    "stop\n"
	    "      --web.config.file FILE  TLS and basic auth (exporter-toolkit "
	    "format), instead of http.web_config_file\n"
	    "      --export          write every stored observation as "
	    "OpenMetrics to stdout and exit\n"
	    "      --journal-export ID[,ID...]  write those indicators' "
	    "journal records to stdout and exit\n"
	    "      --journal-import FILE  append FILE's journal records "
	    "(daemon stopped) and exit\n");
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
	if (strcmp(old->listen_host, new->listen_host) != 0 ||
	    old->listen_port != new->listen_port)
		log_warnx("reload: listen changes need a restart; keeping "
		    "%s:%d", old->listen_host, old->listen_port);
	if (strcmp(old->data_dir, new->data_dir) != 0) {
		log_warnx("reload: data_dir changes need a restart; keeping "
		    "%s", old->data_dir);
		free(new->data_dir);
		new->data_dir = xstrdup(old->data_dir);
	}
	if ((old->rrdcached == NULL) != (new->rrdcached == NULL) ||
	    (old->rrdcached != NULL && strcmp(old->rrdcached,
	    new->rrdcached) != 0))
		log_warnx("reload: rrdcached changes need a restart");
}

/*
 * Load the config the command line names, with its listen override, and
 * warn about a token file others can read. NULL with err.
 */
static struct config *
load(const struct opts *o, char *err, size_t errlen)
{
	struct config	*conf;
	struct stat	 sb;

	if ((conf = config_load(o->path, err, errlen)) == NULL)
		return NULL;
	if ((o->listen != NULL && config_set_listen(conf, o->listen, err,
	    errlen) == -1) || (o->web != NULL && config_set_web(conf, o->web,
	    err, errlen) == -1)) {
		config_free(conf);
		return NULL;
	}
	if (conf->http.push_token_file != NULL &&
	    stat(conf->http.push_token_file, &sb) == 0 &&
	    (sb.st_mode & S_IROTH))
		log_warnx("%s: push_token_file %s is readable by every user; "
		    "chmod o-r it", o->path, conf->http.push_token_file);
	return conf;
}

/* Parse the new config; swap it in only if valid (bgpd reconfigure()). */
static struct sched *
do_reload(const struct opts *o, struct registry *reg, struct alerts *alerts,
    struct sched *sched)
{
	struct config	*conf;
	struct view	*v;
	char		 err[1024];

	if ((conf = load(o, err, sizeof(err))) == NULL) {
		log_warnx("reload failed, keeping the running configuration: "
		    "%s", err);
		return sched;
	}
	v = registry_view(reg);
	/* The config holds the new shard's indicators only: all or none. */
	if (v->conf->shard_index != conf->shard_index ||
	    v->conf->shard_count != conf->shard_count) {
		log_warnx("reload failed, keeping the running configuration: "
		    "shard changes need a restart (running shard %u of %u, "
		    "%s says %u of %u)", v->conf->shard_index,
		    v->conf->shard_count, o->path, conf->shard_index,
		    conf->shard_count);
		view_unref(v);
		config_free(conf);
		return sched;
	}
	sched_retire(sched, conf);
	keep_restart_settings(v->conf, conf);
	view_unref(v);
	registry_reconfigure(reg, conf);
	alerts_reconfigure(alerts, conf);
	log_info("reloaded %s: %zu indicators, %zu feeds", o->path,
	    conf->nindicators, conf->nfeeds);
	sched_update(sched, conf);
	return sched;
}

/*
 * Start the alert hooks; links in alerts point at http.external_url, or at
 * the address we listen on. -1 once the reason is logged.
 */
static int
start_alerts(struct alerts *alerts, const struct config *conf, int port)
{
	char	*url, err[1024];
	int	 rc;

	if (conf->http.external_url != NULL)
		url = xstrdup(conf->http.external_url);
	else if (strchr(conf->listen_host, ':') != NULL)
		xasprintf(&url, "http://[%s]:%d", conf->listen_host, port);
	else
		xasprintf(&url, "http://%s:%d", conf->listen_host, port);
	rc = alerts_start(alerts, conf, url, err, sizeof(err));
	free(url);
	if (rc == -1)
		log_fatalx("%s", err);
	return rc;
}

/* The alerts' part of the /metrics tail (expo_add_tail). */
static void
alerts_tail(void *arg, struct buf *b, int om)
{
	alerts_metrics(arg, b, om);
}

static uint64_t
alerts_tail_gen(void *arg)
{
	return alerts_metrics_gen(arg);
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

/*
 * --export: the journal of conf's data_dir, read only (a running daemon may
 * be appending to it), as OpenMetrics on stdout.
 */
static int
export_main(struct config *conf)
{
	char	*path, err[1024];
	size_t	 bad;
	int	 rc;

	xasprintf(&path, "%s/journal", conf->data_dir);
	rc = export_journal(conf, path, stdout, &bad, err, sizeof(err));
	if (rc == -1)
		fprintf(stderr, "%s\n", err);
	else if (bad > 0)
		fprintf(stderr, "%s: %zu damaged lines skipped\n", path, bad);
	free(path);
	config_free(conf);
	return rc == -1 ? 1 : 0;
}

/* What run() starts, stopped in the reverse order by parts_stop. */
struct parts {
	struct registry		*reg;
	struct expo		*expo;
	struct http		*http;
	struct alerts		*alerts;
	struct alertview	*av;
	struct sched		*sched;
	struct shardconf_info	 shard;		/* the tail's, fixed */
};

/*
 * What parts_start opens side by side: the registry (the journal's replay,
 * the judging, the RRD check) and the alerts' state, each its CPU's.
 */
struct opening {
	struct config		*conf;
	struct registry		*reg;
	struct alerts		*alerts;
	double			 alerts_ms;
	char			 err[1024];
};

static void
open_one(void *arg, size_t i)
{
	struct opening	*o = arg;
	double		 t0 = clock_ms_exact();

	if (i == 0)
		o->reg = registry_open(o->conf, o->err, sizeof(o->err));
	else {
		o->alerts = alerts_open(o->conf);
		o->alerts_ms = clock_ms_exact() - t0;
	}
}

/*
 * The registry, the exposition and the alerts as its subscribers, the HTTP
 * server; -1 once the reason is logged.
 */
static int
parts_start(struct parts *p, struct config *conf)
{
	struct opening	 o = { .conf = conf };
	char		 err[1024];
	double		 t0;

	memset(p, 0, sizeof(*p));
	pfor(2, 2, open_one, &o);
	p->reg = o.reg;
	p->alerts = o.alerts;
	if (p->reg == NULL) {
		log_fatalx("%s", o.err);
		return -1;
	}
	if ((p->expo = expo_open(err, sizeof(err))) == NULL) {
		log_fatalx("%s", err);
		return -1;
	}
	registry_subscribe(p->reg, expo_update, p->expo);
	if ((p->http = http_start(p->reg, p->expo, conf, err,
	    sizeof(err))) == NULL) {
		log_fatalx("%s", err);
		return -1;
	}
	if (start_alerts(p->alerts, conf, http_port(p->http)) == -1)
		return -1;
	t0 = clock_ms_exact();
	p->av = alertview_new(p->alerts);
	registry_subscribe(p->reg, alertview_update, p->av);
	log_debug("alerts: opened in %.0f ms, first view %.0f ms", o.alerts_ms,
	    clock_ms_exact() - t0);
	expo_add_tail(p->expo, alerts_tail, alerts_tail_gen, p->alerts);
	expo_add_tail(p->expo, http_metrics, http_metrics_gen, p->http);
	if (conf->shard_count > 0) {
		p->shard.index = conf->shard_index;
		p->shard.count = conf->shard_count;
		expo_add_tail(p->expo, shardconf_metrics,
		    shardconf_metrics_gen, &p->shard);
	}
	return 0;
}

static void
parts_stop(struct parts *p)
{
	http_stop(p->http);
	sched_stop(p->sched);
	if (p->av != NULL)
		registry_unsubscribe(p->reg, alertview_update, p->av);
	alertview_free(p->av);
	alerts_close(p->alerts);
	if (p->expo != NULL)
		registry_unsubscribe(p->reg, expo_update, p->expo);
	expo_close(p->expo);
	registry_free(p->reg);
}

static int
run(const struct opts *o, struct config *conf)
{
	struct parts	 p;
	struct timespec	 ts = { 1, 0 };
	sigset_t	 waitmask;
	time_t		 last_repair = time(NULL);

	signals_setup(&waitmask);
	if (conf->shard_count > 0)
		log_info("shard %u of %u: %zu of %zu indicators",
		    conf->shard_index, conf->shard_count, conf->nindicators,
		    conf->nconfigured);
	if (parts_start(&p, conf) == -1) {
		parts_stop(&p);
		return 1;
	}
	log_info("indicatord %s listening on %s:%d (%zu indicators, %zu "
	    "feeds, data in %s)", INDICATORD_VERSION, conf->listen_host,
	    http_port(p.http), conf->nindicators, conf->nfeeds, conf->data_dir);
	p.sched = sched_start(p.reg, conf);
	while (!quit) {
		if (ppoll(NULL, 0, &ts, &waitmask) == -1 && errno != EINTR)
			log_warn("ppoll");
		if (reload) {
			reload = 0;
			p.sched = do_reload(o, p.reg, p.alerts, p.sched);
		}
		registry_recheck(p.reg);
		if (time(NULL) - last_repair >= REPAIR_INTERVAL) {
			registry_repair(p.reg);
			registry_tick(p.reg);
			last_repair = time(NULL);
		}
	}
	log_info("shutting down");
	parts_stop(&p);
	fetch_cleanup();
	log_info("stopped");
	return 0;
}

/* Read the command line into o; exits for -h, -V and usage errors. */
static void
parse_args(int argc, char *argv[], struct opts *o)
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "listen",	required_argument,	NULL, 'l' },
		{ "check",	no_argument,		NULL, 'n' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "rebuild",	no_argument,		NULL, 'R' },
		{ "web.config.file", required_argument,	NULL, 'W' },
		{ "export",	no_argument,		NULL, 'E' },
		{ "journal-export", required_argument,	NULL, 'X' },
		{ "journal-import", required_argument,	NULL, 'I' },
		{ NULL,		0,			NULL, 0 }
	};
	int	 ch;

	memset(o, 0, sizeof(*o));
	o->path = INDICATORD_CONF;
	o->level = 1;
	while ((ch = getopt_long(argc, argv, "c:l:nvVh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->path = optarg;
			break;
		case 'l':
			o->listen = optarg;
			break;
		case 'n':
			o->check = 1;
			break;
		case 'v':
			o->level = 2;
			break;
		case 'V':
			printf("indicatord %s\n", INDICATORD_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		case 'W':
			o->web = optarg;
			break;
		case 'E':
			o->export = 1;
			break;
		case 'R':
			o->rebuild = 1;
			break;
		case 'X':
			o->jexport = optarg;
			break;
		case 'I':
			o->jimport = optarg;
			break;
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (o->jexport != NULL && o->jimport != NULL) {
		fprintf(stderr, "indicatord: --journal-export or "
		    "--journal-import, not both\n");
		exit(2);
	}
	if (optind != argc) {
		fprintf(stderr, "indicatord: unexpected argument \"%s\"\n",
		    argv[optind]);
		usage(stderr);
		exit(2);
	}
}

int
main(int argc, char *argv[])
{
	struct config	*conf;
	struct opts	 o;
	char		 err[1024];
	int		 rc;

	/*
	 * Large buffers (/metrics snapshots, push bodies, parsed batches) in
	 * their own mappings, given back when freed: glibc would raise the
	 * threshold after the first such free and put later ones in the heap,
	 * where their holes stay resident. The threshold sits above a graph's
	 * cairo surface, so that a render does not map and fault it in anew
	 * (figures: bench/results.md, "Memory settings").
	 */
	mallopt(M_MMAP_THRESHOLD, 2 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
	/*
	 * Two arenas for all threads, not one each: the HTTP threads' request
	 * paths hardly allocate, but each thread's own arena keeps its freed
	 * holes and slack; with one, the start-up's side-by-side steps (the
	 * journal's replay beside the alert state's reading) queued on its
	 * lock (bench/results.md, "Memory settings").
	 */
	mallopt(M_ARENA_MAX, 2);
	parse_args(argc, argv, &o);
	log_init(o.level);
	if ((conf = load(&o, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (o.jexport != NULL || o.jimport != NULL) {
		rc = o.jexport != NULL ?
		    journalmove_export_main(conf, o.jexport) :
		    journalmove_import_main(conf, o.jimport);
		config_free(conf);
		return rc;
	}
	/* Start-up only: a reloaded config has it 0. */
	conf->rebuild = o.rebuild;
	if (load_curl(conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		config_free(conf);
		return 1;
	}
	if (o.export)
		return export_main(conf);
	if (o.check) {
		if (config_token_placeholder(conf))
			printf("%s: push_token is the shipped placeholder, "
			    "accepted on a loopback address only; set your own "
			    "before listening elsewhere\n", o.path);
		printf("configuration OK\n");
		fetch_cleanup();
		config_free(conf);
		return 0;
	}
	return run(&o, conf);
}
