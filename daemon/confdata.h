/*
 * confdata.h: the data of a parsed configuration (struct config and the
 * settings it holds) and the look-ups that only read it. The parsers
 * (config.c, feedconf.c, indconf.c) fill it; other modules reach it
 * through config.h.
 */
#ifndef CONFDATA_H
#define CONFDATA_H

#include <stddef.h>

#include "eval.h"
#include "lang.h"
#include "period.h"
#include "strtab.h"

struct webconf;

enum feed_type {
	FEED_CSV = 0,
	FEED_EXEC,
	FEED_HTTP,
	FEED_PUSH
};

enum alert_type {
	ALERT_EXEC = 0,
	ALERT_ALERTMANAGER,
	ALERT_WEBHOOK
};

struct feed_map {
	char		*code;		/* source series code */
	char		*area;		/* optional country/area code, or NULL */
	char		*indicator;
};

struct feed_conf {
	char		*name;
	enum feed_type	 type;
	char		*path;		/* csv */
	char	       **command;	/* exec: NULL-terminated argv */
	char		*url;		/* http */
	char		*format;	/* http: csv, worldbank, sdmx-json,
					   sdmx-csv, jsonstat, nbs */
	char	       **headers;	/* http: NULL-terminated "Name: value"
					   lines, or NULL; never logged */
	int		 post;		/* http: POST body instead of GET */
	char		*body;		/* http: the POST body, or NULL */
	char		*dataset;	/* jsonstat: one dataset, or NULL */
	struct feed_map	*map;
	size_t		 nmap;
	int		 interval;	/* seconds */
	int		 timeout;	/* seconds */
	int		 line;
};

struct target_conf {
	int		 year;
	double		 value;
	enum eval_kind	 kind;
	int		 has_baseline;
	struct period	 base_period;
	double		 base_value;
	char		*note;		/* why it was set, its source; or NULL */
	enum eval_method method;	/* the indicator's, unless it says */
	int		 line;
};

/* An event that explains the data: a method change, a lockdown. */
struct note_conf {
	struct period	 period;
	char		*text;
};

struct label_conf {
	char		*name;
	char		*value;
};

struct indicator_conf {
	char		*id;
	char		*name;
	char		*name_zh;	/* the name in Chinese, or NULL */
	char		*unit;
	char		*source;
	char		*source_zh;	/* the source in Chinese, or NULL */
	char		*feed;		/* name of a configured feed */
	enum period_kind frequency;
	int		 decrease;	/* direction = "decrease" */
	struct eval_params eval;	/* global settings with overrides applied */
	struct label_conf *labels;
	size_t		 nlabels;
	struct target_conf *targets;
	size_t		 ntargets;
	struct note_conf *notes;	/* in period order */
	size_t		 nnotes;
	int		 line;
};

struct alert_conf {
	char		*name;
	enum alert_type	 type;
	char	       **command;	/* exec */
	char		*url;		/* alertmanager, webhook */
	int		 timeout;	/* seconds */
	int		 resend;	/* alertmanager: seconds */
	int		 line;
};

struct http_conf {
	int		 max_connections;
	int		 per_ip_connections;	/* 0: none; -1: none on a
						   loopback address, else 32 */
	int		 timeout;		/* seconds idle */
	int		 request_timeout;	/* seconds for a whole request */
	long		 body_limit;		/* bytes */
	int		 connection_memory;	/* bytes of buffers per connection */
	char		*push_token;		/* NULL: push disabled */
	char		*push_token_file;	/* where push_token was read */
	char		*external_url;		/* for links in alerts; default from listen */
	char		*web_config_file;	/* exporter-toolkit web config */
	struct webconf	*web;			/* read from it, or NULL */
	int		 healthz_public;	/* /healthz without basic auth */
	enum lang	 language;		/* pages without ?lang= or a
						   known Accept-Language */
	char		*title;			/* the plan's name atop the pages
						   and reports, or NULL */
	char		*title_zh;		/* in Chinese, or NULL */
};

struct config {
	char		*path;
	char		*listen_host;
	int		 listen_port;		/* 0: any free port */
	char		*data_dir;
	char		*rrdcached;		/* NULL, "unix:/path" or "host:port" */
	struct http_conf http;
	struct eval_params eval;
	int		 slipping[EVAL_NSTATUS];	/* 1 for slipping statuses */
	int		 alert_stale;		/* stale data fires an alert */
	struct feed_conf *feeds;
	size_t		 nfeeds;
	struct indicator_conf *indicators;
	size_t		 nindicators;
	struct strtab	 ids;		/* id -> its indicators[] entry */
	unsigned	 shard_index;	/* this instance's shard (shardconf.h) */
	unsigned	 shard_count;	/* of so many; 0: owns every indicator */
	size_t		 nconfigured;	/* indicators in the file, all shards' */
	struct strtab	 others;	/* ids other shards own (interned) */
	struct alert_conf *alerts;
	size_t		 nalerts;
	int		 rebuild;	/* --rebuild, not from the file */
};

/* The feed called name, or NULL. */
const struct feed_conf *confdata_find_feed(const struct config *,
	    const char *name);
/* The indicator with that id, or NULL. */
const struct indicator_conf *confdata_find_indicator(const struct config *,
	    const char *id);
/* 1 if id is an indicator of the config that another shard owns. */
int	 confdata_not_owned(const struct config *, const char *id);
/* "csv", "exec", "http" or "push". */
const char *confdata_feed_type_name(enum feed_type);
/* Free n map entries, their strings and the array (NULL, 0 is fine). */
void	 confdata_maps_free(struct feed_map *, size_t n);

#endif
