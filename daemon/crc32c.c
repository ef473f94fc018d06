/*
 * crc32c.c: CRC-32C, slicing by 8 (see crc32c.h). The tables are made once,
 * at the first call.
 */
#include <pthread.h>
#include <stdint.h>

#include "crc32c.h"

#define CRC32C_POLY	0x82F63B78u	/* 0x1EDC6F41 reflected */

static uint32_t		 table[8][256];
static pthread_once_t	 table_once = PTHREAD_ONCE_INIT;

static void
crc32c_init(void)
{
	uint32_t	 c;
	int		 i, k;

	for (i = 0; i < 256; i++) {
		c = (uint32_t)i;
		for (k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ CRC32C_POLY : c >> 1;
		table[0][i] = c;
	}
	/* table[k][i]: the CRC of byte i followed by k zero bytes. */
	for (i = 0; i < 256; i++)
		for (k = 1; k < 8; k++)
			table[k][i] = (table[k - 1][i] >> 8) ^
			    table[0][table[k - 1][i] & 0xff];
}

uint32_t
crc32c(uint32_t crc, const void *p, size_t len)
{
	const unsigned char	*b = p;
	uint64_t		 w;
	uint32_t		 c = ~crc;

	pthread_once(&table_once, crc32c_init);
	for (; len >= 8; len -= 8, b += 8) {
		/* Little-endian word order: byte 0 in the low bits. */
		w = (uint64_t)b[0] | (uint64_t)b[1] << 8 |
		    (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24 |
		    (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 |
		    (uint64_t)b[6] << 48 | (uint64_t)b[7] << 56;
		w ^= c;
		c = table[7][w & 0xff] ^ table[6][(w >> 8) & 0xff] ^
		    table[5][(w >> 16) & 0xff] ^ table[4][(w >> 24) & 0xff] ^
		    table[3][(w >> 32) & 0xff] ^ table[2][(w >> 40) & 0xff] ^
		    table[1][(w >> 48) & 0xff] ^ table[0][w >> 56];
	}
	while (len-- > 0)
		c = (c >> 8) ^ table[0][(c ^ *b++) & 0xff];
	return ~c;
}
