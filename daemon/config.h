/*
 * config.h: the daemon's configuration, parsed from a libconfig file into an
 * immutable struct config. Parsing never logs: the first error is written as
 * "FILE:LINE: message" into the caller's buffer. Reload parses a new config
 * and swaps it in only if it is valid. The data parsed and its look-ups
 * are in confdata.h, which this header brings to every other module.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#include "confdata.h"
#include "webconf.h"

/* Tokens starting so are the shipped demo's, for loopback only. */
#define CONFIG_TOKEN_PLACEHOLDER	"change-me"
/* A config file is read whole: 1,000,000 indicators of 256 bytes fit. */
#define CONFIG_FILE_MAX		(256u << 20)

/* Parse path into a new config. Returns NULL with "FILE:LINE: msg" in err. */
struct config *config_load(const char *path, char *err, size_t errlen);
/* The same from a string; name is used in error messages. */
struct config *config_load_string(const char *name, const char *text,
	    char *err, size_t errlen);
void	 config_free(struct config *);
/*
 * Listen on addr ("host:port", "[v6]:port") instead of conf's listen
 * (the command line's -l). -1 with err for a bad address, or for the
 * placeholder push token on an address that is not loopback.
 */
int	 config_set_listen(struct config *, const char *addr, char *err,
	    size_t errlen);
/*
 * Read the web configuration at path instead of http.web_config_file (the
 * command line's --web.config.file). -1 with "--web.config.file: FILE:LINE:
 * message".
 */
int	 config_set_web(struct config *, const char *path, char *err,
	    size_t errlen);
/* 1 if listen is a loopback address (127.0.0.0/8, ::1, localhost). */
int	 config_listen_loopback(const struct config *);
/* 1 if the push token is the shipped placeholder. */
int	 config_token_placeholder(const struct config *);

#endif
