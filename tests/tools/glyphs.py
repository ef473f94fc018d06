#!/usr/bin/env python3
"""glyphs.py PNG: the glyphs of a graph's title, drawn or boxes.

Reads an 8-bit RGB or RGBA PNG (what rrdtool writes) and takes its title:
the rows from the first with ink (pixels darker than 200 of 255) between
column 80 and 40 from the right (clear of the y axis's labels) to the
next row without (the gap above the plot; rows inked across more than
half of that width, grid lines, count as empty). It
splits the band's ink into runs of columns with three or more inked
pixels, and
prints "runs=N boxes=M": a box is a run at least 6 pixels wide and 8
high whose bounding rectangle is inked along all four edges (85 % of
each), as pango draws a character that no font has (a hex box, "tofu").
A Chinese title drawn with a CJK font has no such run; the same title
with the font hidden is all boxes.
"""
import struct
import sys
import zlib


def read_png(path):
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit('%s: not a PNG' % path)
    pos, idat = 8, b''
    width = height = depth = ctype = 0
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            width, height, depth, ctype, _, _, inter = \
                struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or inter:
                sys.exit('%s: not 8-bit RGB(A), non-interlaced' % path)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append([sum(line[x * bpp:x * bpp + 3]) < 600
                     for x in range(width)])
        prev = line
    return width, rows


def covered(cells):
    return sum(cells) >= 0.85 * len(cells)


def title_band(width, rows):
    lo, hi = 80, width - 40
    band = []
    for r in rows:
        n = sum(r[lo:hi])
        if 0 < n <= (hi - lo) // 2:
            band.append([False] * lo + r[lo:hi] + [False] * (width - hi))
        elif band:
            break
    return band


def main():
    width, rows = read_png(sys.argv[1])
    band = title_band(width, rows)
    # a column with one or two inked pixels is a dotted grid line's
    inked = [sum(r[x] for r in band) >= 3 for x in range(width)]
    runs, boxes, x = 0, 0, 0
    while x < width:
        if not inked[x]:
            x += 1
            continue
        x0 = x
        while x < width and inked[x]:
            x += 1
        x1 = x - 1
        ys = [y for y, r in enumerate(band) if any(r[x0:x1 + 1])]
        y0, y1 = ys[0], ys[-1]
        runs += 1
        if x1 - x0 + 1 >= 6 and y1 - y0 + 1 >= 8 and \
           covered([band[y][x0] for y in range(y0, y1 + 1)]) and \
           covered([band[y][x1] for y in range(y0, y1 + 1)]) and \
           covered(band[y0][x0:x1 + 1]) and covered(band[y1][x0:x1 + 1]):
            boxes += 1
    print('runs=%d boxes=%d' % (runs, boxes))


main()
