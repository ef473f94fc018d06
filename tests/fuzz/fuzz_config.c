/*
 * fuzz_config.c: libFuzzer target for the config loader (libconfig text ->
 * struct config). Invariants: either a config comes back, or an error that
 * names the file ("fuzz.conf" or "fuzz.conf:LINE: ...").
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	*c;
	char		*text, err[1024];

	if (size > 65536)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = '\0';
	c = config_load_string("fuzz.conf", text, err, sizeof(err));
	if (c == NULL && strncmp(err, "fuzz.conf", 9) != 0)
		abort();
	if (c != NULL && (c->data_dir == NULL || c->listen_host == NULL))
		abort();
	config_free(c);
	free(text);
	return 0;
}
