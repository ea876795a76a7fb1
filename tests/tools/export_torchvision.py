#!/usr/bin/python3
"""Exports torchvision architectures (random weights) as TorchScript for the C++ tests.

For each architecture writes NAME.pt (torch.jit.script; resnet18 also traced as
resnet18_traced.pt) and NAME.expected.json with torchvision's own list of Conv2d/Linear
module names and PyTorch's logits for the shared input, which the tests compare with
FaultLens's layer discovery and forward pass; for resnet18 also the Ablation-CAM of its
last block's output (layer4.1, after the add and ReLU) computed the straightforward way, one
full eager forward per zeroed channel, with a forward hook doing the zeroing. Also writes input.pt (torch.save) and
input.npy (numpy.save) holding that input, and a text-guided ResNet-18 built the way the
paper's authors build theirs (textguided_resnet18.pt scripted, _traced.pt traced, with
the head's output before the logit scale as a forward hook sees it, and the class
embeddings as textguided_embeddings.pt, a torch.save'd [classes, E] tensor). Runs with Debian's python3-torch (1.13), whose
TorchScript format matches Debian's libtorch. Usage: export_torchvision.py OUT_DIR

Each NAME.expected.json also says which input its logits belong to ("input_file",
"input_shape") and the smallest input the per-layer sweeps of the C++ tests use
("sweep_shape"): one that still runs every operator of the architecture (Swin's shifted
windows with their mask and its padding to whole windows, MaxViT's block and grid
partitions, AlexNet's pools down to 1x1), so that the sweeps cost a fraction of 224x224.
MaxViT fixes its input size when built, so maxvit_t is torchvision's maxvit_t with the
64x64 input and 2x2 partitions at every stage instead of 224x224 and 7x7: the same
modules, layer names and operators.
"""
import json
import math
import os
import sys

import numpy
import torch
import torchvision

ARCHS = ["resnet18", "resnet50", "vgg16_bn", "alexnet", "mobilenet_v2", "swin_v2_t", "maxvit_t"]

# The per-layer sweeps' input side (see the docstring). 64 is the smallest that keeps
# AlexNet's last pool non-empty and Swin's first stage wider than one 8x8 window.
SWEEP_SIDE = 64


def build(name):
    if name == "maxvit_t":
        return torchvision.models.maxvit.MaxVit(
            input_size=(SWEEP_SIDE, SWEEP_SIDE), stem_channels=64, block_channels=[64, 128, 256, 512],
            block_layers=[2, 2, 5, 2], head_dim=32, stochastic_depth_prob=0.2, partition_size=2)
    return getattr(torchvision.models, name)(weights=None)


class CosineHeadClassifier(torch.nn.Module):
    """A backbone whose classifier is resized to the embedding width E, the per-image
    L2-normalised projection, a bias-free head whose rows start as the normalised class
    embeddings, and a trainable logit scale starting at ln(1/0.07)."""

    def __init__(self, backbone, embeddings):
        super().__init__()
        self.backbone = backbone
        self.logit_scale = torch.nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        self.head = torch.nn.Linear(embeddings.shape[1], embeddings.shape[0], bias=False)
        with torch.no_grad():
            self.head.weight.copy_(embeddings / embeddings.norm(dim=1, keepdim=True))

    def forward(self, x):
        features = self.backbone(x)
        features = features / features.norm(p=2, dim=1, keepdim=True)
        return self.logit_scale.exp() * self.head(features)


def export_text_guided(out_dir, x):
    torch.manual_seed(2)
    embeddings = torch.randn(10, 32)
    torch.save(embeddings, os.path.join(out_dir, "textguided_embeddings.pt"))
    model = CosineHeadClassifier(torchvision.models.resnet18(weights=None, num_classes=32), embeddings).eval()
    layers = [n for n, m in model.named_modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    seen = {}
    hook = model.head.register_forward_hook(lambda module, inputs, output: seen.update(head=output))
    with torch.no_grad():
        logits = model(x)
    hook.remove()  # TorchScript would try to compile the hook
    expected = {"layers": layers, "logits": logits[0].tolist(), "head_output": seen["head"][0].tolist()}
    torch.jit.script(model).save(os.path.join(out_dir, "textguided_resnet18.pt"))
    torch.jit.trace(model, x).save(os.path.join(out_dir, "textguided_resnet18_traced.pt"))
    with open(os.path.join(out_dir, "textguided_resnet18.expected.json"), "w") as f:
        json.dump(expected, f)
    print("exported textguided_resnet18", len(layers), "conv/linear layers", flush=True)


def ablation_cam_reference(model, x, block):
    """Class, y, every y_k and ReLU(sum_k w_k A_k) at the block's resolution, w_k = (y - y_k) / y."""
    seen = {}
    hook = block.register_forward_hook(lambda module, inputs, output: seen.update(a=output.clone()))
    with torch.no_grad():
        logits = model(x)
    hook.remove()
    target = int(logits[0].argmax())
    y = float(logits[0, target])
    activations = seen["a"][0].double()
    ablated = []
    for k in range(activations.shape[0]):
        def zero_channel(module, inputs, output, k=k):
            output = output.clone()
            output[:, k] = 0
            return output
        hook = block.register_forward_hook(zero_channel)
        with torch.no_grad():
            ablated.append(float(model(x)[0, target]))
        hook.remove()
    weights = (y - torch.tensor(ablated, dtype=torch.float64)) / y
    cam = torch.relu((weights.view(-1, 1, 1) * activations).sum(0))
    return {"target": "layer4.1", "class": target, "score": y, "ablated_scores": ablated,
            "height": cam.shape[0], "width": cam.shape[1], "map": cam.flatten().tolist()}


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    x = torch.rand(1, 3, 224, 224)
    torch.save(x, os.path.join(out_dir, "input.pt"))
    numpy.save(os.path.join(out_dir, "input.npy"), x.numpy())
    small = torch.rand(1, 3, SWEEP_SIDE, SWEEP_SIDE)
    torch.save(small, os.path.join(out_dir, "input-%d.pt" % SWEEP_SIDE))
    export_text_guided(out_dir, x)
    for name in ARCHS:
        torch.manual_seed(1)
        model = build(name).eval()
        fixed_size = name == "maxvit_t"
        reference = small if fixed_size else x
        layers = [n for n, m in model.named_modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
        scripted = torch.jit.script(model)
        scripted.save(os.path.join(out_dir, name + ".pt"))
        with torch.no_grad():
            logits = scripted(reference)
        expected = {"layers": layers, "logits": logits[0].tolist(),
                    "input_file": "input-%d.pt" % SWEEP_SIDE if fixed_size else "input.pt",
                    "input_shape": list(reference.shape[1:]), "sweep_shape": [3, SWEEP_SIDE, SWEEP_SIDE]}
        if name == "resnet18":
            expected["ablation_cam"] = ablation_cam_reference(model, x, model.layer4[-1])
            traced = torch.jit.trace(model, x)
            traced.save(os.path.join(out_dir, "resnet18_traced.pt"))
        with open(os.path.join(out_dir, name + ".expected.json"), "w") as f:
            json.dump(expected, f)
        print("exported", name, len(layers), "conv/linear layers", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
