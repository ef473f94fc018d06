/*
 * nbs.h: the easyquery JSON of China's National Bureau of Statistics
 * (data.stats.gov.cn/easyquery.htm?m=QueryData&dbcode=hgnd|hgjd|hgyd|
 * fsnd|fsjd|fsyd|csnd|csyd|...):
 *   {"returncode":200,"returndata":{"datanodes":[
 *      {"code":"zb.A020101_reg.440300_sj.2024",
 *       "data":{"data":34606.4,"dotcount":2,"hasdata":true,
 *               "strdata":"34606.40"},
 *       "wds":[{"valuecode":"A020101","wdcode":"zb"},
 *              {"valuecode":"440300","wdcode":"reg"},
 *              {"valuecode":"2024","wdcode":"sj"}]}, ...],
 *    "wdnodes":[{"wdcode":"zb","wdname":"...","nodes":[{"code":"A020101",
 *      "cname":"...","unit":"...",...}]}, {"wdcode":"reg",...},
 *      {"wdcode":"sj",...}], "freshsort":0, "hasdatacount":1}}
 * and the error form {"returncode":501,"returndata":"<message>"}.
 * Pure functions: no logging.
 */
#ifndef NBS_H
#define NBS_H

#include <stddef.h>

#include "rec.h"

/*
 * Parse a response of len bytes (NULs allowed; they make it invalid; a
 * leading UTF-8 byte order mark is skipped). One record per datanode whose
 * data.hasdata is true:
 *  - code = the valuecode of the zb entry of wds, e.g. "A020101";
 *  - area = that of the reg entry, "" when wds has none (national data);
 *  - period = that of the sj entry (annual 2024, quarterly 2024A..2024D
 *    where A is Q1, monthly 202409: see rec_period_parse);
 *  - value = data.data, a number or a string holding one;
 *  - label = the cname of the zb node in wdnodes, " (unit)" when it has a
 *    unit, then ", " and the cname of the reg node when there is one, cut
 *    on a UTF-8 character boundary to fit; "" when the zb node is absent.
 * Cells with hasdata false carry no observation and are skipped silently.
 * Any other bad cell (hasdata not a boolean, no zb or sj, a bad period or
 * value, a code too long, wds naming a dimension twice) is handed to
 * recvec_reject with its place, e.g. "zb A020101 reg 440300 sj 2024"
 * (valuecodes quoted with rec_quote, "(none)" for a missing one, or
 * "datanode 3" when the datanode is not an object), and the rest is read.
 * Returns 0, or -1 when the body is not the format: "NBS error 501: ..."
 * (returncode other than 200, returndata quoted), "not an NBS easyquery
 * response" (no returndata.datanodes array) or a JSON error; on -1 out is
 * left as it was.
 */
int	 nbs_parse(const char *body, size_t len, struct recvec *out, char *err,
	    size_t errlen);

#endif
