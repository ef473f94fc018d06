/*
 * shard.h: which of n shards owns an indicator. The owner of id is
 * FNV-1a (32-bit: offset basis 2166136261, prime 16777619) of the id's
 * bytes, modulo n. It depends on nothing but the id's bytes and n, so
 * every instance, version and machine agrees; it is documented in the
 * README so that an operator can compute it by hand.
 */
#ifndef SHARD_H
#define SHARD_H

#include <stdint.h>

/* FNV-1a, 32-bit, of the NUL-terminated s. */
uint32_t	 shard_hash(const char *s);
/* The shard (0 .. n - 1) that owns id; n > 0. */
unsigned	 shard_of(const char *id, unsigned n);

#endif
