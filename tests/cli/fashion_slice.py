#!/usr/bin/python3
"""Writes the first N images of a Fashion-MNIST split (Debian's fashion-mnist package) as a
small IDX pair, PREFIX-images-idx3-ubyte and PREFIX-labels-idx1-ubyte, for the CLI tests.
Usage: fashion_slice.py PREFIX train|t10k N"""
import gzip
import struct
import sys

prefix, split, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
root = "/usr/share/datasets/fashion-mnist/"
images = gzip.open(root + split + "-images-idx3-ubyte.gz").read()
labels = gzip.open(root + split + "-labels-idx1-ubyte.gz").read()
with open(prefix + "-images-idx3-ubyte", "wb") as f:
    f.write(struct.pack(">IIII", 0x803, n, 28, 28) + images[16:16 + n * 784])
with open(prefix + "-labels-idx1-ubyte", "wb") as f:
    f.write(struct.pack(">II", 0x801, n) + labels[8:8 + n])
