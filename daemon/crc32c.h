/*
 * crc32c.h: CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial
 * value and final xor 0xFFFFFFFF), as iSCSI (RFC 3720) and ext4 use it.
 * Check value: crc32c(0, "123456789", 9) == 0xE3069283.
 */
#ifndef CRC32C_H
#define CRC32C_H

#include <stddef.h>
#include <stdint.h>

/*
 * The CRC of p[0, len) continuing crc, the CRC of what came before (0 for
 * none): crc32c(crc32c(0, a, n), b, m) is the CRC of a then b. Thread-safe.
 */
uint32_t crc32c(uint32_t crc, const void *p, size_t len);

#endif
