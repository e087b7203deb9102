#!/usr/bin/env python3
"""Draws the Teams app icons (run once; the PNGs are committed): color.png, 192x192, a white check mark over the
seven stages on DeliveryBot's purple; outline.png, 32x32, the same mark in white on transparent, as Teams requires."""
import math, struct, zlib

PURPLE = (0x5B, 0x5F, 0xC7)

def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))

def coverage(size, inside, samples=4):
    """Anti-aliased coverage of a shape given as inside(x, y) in unit coordinates (0..1)."""
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            hits = sum(inside((x + (i + .5) / samples) / size, (y + (j + .5) / samples) / size)
                       for i in range(samples) for j in range(samples))
            row.append(hits / (samples * samples))
        rows.append(row)
    return rows

def mark(x, y, stroke):
    """The check mark, and the seven stage dots under it."""
    check = min(seg_dist(x, y, .24, .46, .42, .64), seg_dist(x, y, .42, .64, .77, .27)) <= stroke
    dots = any(math.hypot(x - (.2 + i * .1), y - .8) <= .03 for i in range(7))
    return check or dots

def png(path, size, pixels):
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

def color():
    cov = coverage(192, lambda x, y: mark(x, y, .055))
    return [[tuple(round(p + (255 - p) * a) for p in PURPLE) + (255,) for a in row] for row in cov]

def outline():
    cov = coverage(32, lambda x, y: mark(x, y, .07), samples=8)
    return [[(255, 255, 255, round(255 * a)) for a in row] for row in cov]

png("color.png", 192, color())
png("outline.png", 32, outline())
