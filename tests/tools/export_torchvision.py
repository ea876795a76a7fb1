#!/usr/bin/python3
"""Exports torchvision architectures (random weights) as TorchScript for the C++ tests.

For each architecture writes NAME.pt (torch.jit.script; resnet18 also traced as
resnet18_traced.pt) and NAME.expected.json with torchvision's own list of Conv2d/Linear
module names and PyTorch's logits for the shared input, which the tests compare with
FaultLens's layer discovery and forward pass. Also writes input.pt (torch.save) and
input.npy (numpy.save) holding that input. Runs with Debian's python3-torch (1.13), whose
TorchScript format matches Debian's libtorch. Usage: export_torchvision.py OUT_DIR
"""
import json
import os
import sys

import numpy
import torch
import torchvision

ARCHS = ["resnet18", "resnet50", "vgg16_bn", "alexnet", "mobilenet_v2", "swin_v2_t", "maxvit_t"]


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    x = torch.rand(1, 3, 224, 224)
    torch.save(x, os.path.join(out_dir, "input.pt"))
    numpy.save(os.path.join(out_dir, "input.npy"), x.numpy())
    for name in ARCHS:
        torch.manual_seed(1)
        model = getattr(torchvision.models, name)(weights=None).eval()
        layers = [n for n, m in model.named_modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
        scripted = torch.jit.script(model)
        scripted.save(os.path.join(out_dir, name + ".pt"))
        with torch.no_grad():
            logits = scripted(x)
        expected = {"layers": layers, "logits": logits[0].tolist()}
        if name == "resnet18":
            traced = torch.jit.trace(model, x)
            traced.save(os.path.join(out_dir, "resnet18_traced.pt"))
        with open(os.path.join(out_dir, name + ".expected.json"), "w") as f:
            json.dump(expected, f)
        print("exported", name, len(layers), "conv/linear layers", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
