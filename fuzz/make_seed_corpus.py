#!/usr/bin/python3
"""Writes the committed seed corpus of the fuzz targets (fuzz/corpus/<target>/): small,
valid examples of every format, plus the shipped Fashion-MNIST resources where they are
small. Re-run after a format changes: python3 fuzz/make_seed_corpus.py"""
import gzip
import json
import os
import struct

root = os.path.dirname(os.path.abspath(__file__))
resources = os.path.join(root, "..", "resources")


def put(target, name, data):
    d = os.path.join(root, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def read(name):
    with open(os.path.join(resources, name), "rb") as f:
        return f.read()


images = b"\0\0\x08\x03" + struct.pack(">III", 2, 3, 3) + bytes(range(18))
labels = b"\0\0\x08\x01" + struct.pack(">I", 2) + b"\x02\x07"
put("fuzz_idx", "images.idx", images)
put("fuzz_idx", "labels.idx", labels)
put("fuzz_idx", "images.idx.gz", gzip.compress(images, mtime=0))

put("fuzz_cifar", "cifar10.bin", bytes([3]) + bytes(range(256)) * 12)
put("fuzz_cifar", "cifar100.bin", bytes([1, 42]) + bytes(3072))

put("fuzz_class_list", "fashion.txt", read("fashion_mnist_classes.txt"))
put("fuzz_class_list", "crlf.txt", "cat\r\n  dog \r\n\r\n")

put("fuzz_model_metadata", "full.json", json.dumps({
    "name": "Baseline", "input": {"channels": 3, "height": 224, "width": 224, "resize": 256},
    "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "classes": ["a", "b"]}))
put("fuzz_model_metadata", "classes_file.json", json.dumps({"classes_file": "classes.txt"}))
put("fuzz_model_metadata", "shape.txt", "3,224,224")

put("fuzz_class_descriptions", "fashion.json", read("fashion_mnist_descriptions.json"))
put("fuzz_class_descriptions", "synsets.json", read("fashion_mnist_synsets.json"))

npy_header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
npy_header += " " * (117 - len(npy_header)) + "\n"
put("fuzz_embeddings", "small.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", len(npy_header)) +
    npy_header.encode() + struct.pack("<6f", *range(6)))
put("fuzz_embeddings", "named.csv", "cat,0.5,-1e-3\ndog,2,3\n")
put("fuzz_embeddings", "fashion.csv", read("fashion_mnist_embeddings.csv")[:4000])

faults = [{"target": "activation", "site": "features.layer3.conv2@5,3,3:30", "error_model": "flip"},
          {"target": "weight", "site": "fc@3,17:1", "error_model": "random", "random_value": -2.5}]
put("fuzz_fault_list", "list.json", json.dumps({"format": "faultlens-fault-list", "version": 1, "faults": faults}))
put("fuzz_fault_list", "site.txt", "layer4.1.conv2@511,6,6:30")

put("fuzz_project", "project.json", json.dumps({
    "format": "faultlens-project", "version": 1, "baseline": "models/baseline.pt", "guided": "/abs/guided.pt",
    "data": "fashion-mnist", "image": 6, "seed": 1, "faults": faults,
    "cam": {"layer": "features.layer3.conv2", "colour_map": "viridis", "scale": "model", "opacity": 0.35,
            "colour_bar": False}}))

header = ("layer,injection,image,element,bit,before,after,label,clean_top1,faulty_top1,"
          "clean_loss,faulty_loss,finite\n")
put("fuzz_campaign_records", "records.csv", header +
    "3,0,17,120,30,0.25,8.50705917e+37,4,4,2,0.0123,88.2,1\n"
    "3,1,4,7,2,-1.5,-1.50000012,1,1,1,0.4,0.4,1\n"
    "3,2,9,0,30,1,inf,0,0,0,0.1,nan,0\n3,3,1")
# The current format adds the clean Top2Diff; the one above (earlier versions) still reads.
put("fuzz_campaign_records", "records-top2diff.csv", header.rstrip("\n") + ",clean_top2diff\n" +
    "3,0,17,120,30,0.25,8.50705917e+37,4,4,2,0.0123,88.2,1,97.25\n"
    "3,1,4,7,2,-1.5,-1.50000012,1,1,1,0.4,0.4,1,nan\n3,2,9,0")

put("fuzz_campaign_manifest", "campaign.json", json.dumps({
    "models": ["resources/models/fashion_baseline.pt", "resources/models/fashion_textguided.pt"],
    "data": "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz", "kind": "activation",
    "error_model": "flip", "bits": [0, 31], "seed": 1, "images": 10000, "injections_per_layer": 4096,
    "layers": [], "shards": 1, "batch_size": 64,
    "layer_names": [["features.conv1", "fc"], ["features.conv1", "fc"]]}, indent=2))
put("fuzz_campaign_manifest", "ranger.json", json.dumps({
    "models": ["a.pt"], "data": "digits", "kind": "weight", "error_model": "random", "bits": [23, 30],
    "seed": 18446744073709551615, "images": 3, "injections_per_layer": 1, "layers": [1], "shards": 3,
    "batch_size": 1, "layer_names": [["conv", "fc"]],
    "restrict_ranges": [{"file": "ranges.json", "abs_max": [4.5, -1]}]}))

put("fuzz_activation_ranges", "ranges.json", json.dumps({"model": "baseline", "layers": [
    {"layer": "features.conv1", "abs_max": 4.5, "abs_mean": 0.3, "values": 1000, "non_finite": 0},
    {"layer": "fc", "abs_max": 12.0, "abs_mean": 2.0, "values": 10, "non_finite": 0}]}))

put("fuzz_wordnet", "press.txt", "04000311 06 n 02 press 1 printing_press 0 005 @ 03699975 n 0000 %p 02819881 n 0000 "
    "~ 03360431 n 0000 ~ 04110841 n 0000 ~ 04302200 n 0000 | a machine used for printing; \"the press ran all night\"  ")
