#!/usr/bin/env python3
"""Writes ResNet-50 with seeded random weights as TorchScript, for faultlens-bench --device.

Uses torchvision's resnet50 where torchvision is installed. Where it is not (a GPU
machine with a bare PyTorch), builds the same network here: torchvision's ResNet-50 v1.5
(stride on the 3x3 convolution of each bottleneck), with the same module names
(conv1, bn1, layer1.0.conv1, ..., layer4.2.conv3, fc), so FaultLens finds the same 54
convolution and linear layers. A speed benchmark needs the architecture, not trained
weights. Usage: export_resnet50.py OUT.pt
"""
import sys

import torch
from torch import nn


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        return self.relu(out + identity)


class ResNet50(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        self.layer1 = self._stage(64, 3, 1)
        self.layer2 = self._stage(128, 4, 2)
        self.layer3 = self._stage(256, 6, 2)
        self.layer4 = self._stage(512, 3, 2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(2048, classes)

    def _stage(self, planes, blocks, stride):
        downsample = None
        if stride != 1 or self.inplanes != planes * 4:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes * 4, 1, stride=stride, bias=False),
                                       nn.BatchNorm2d(planes * 4))
        layers = [Bottleneck(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * 4
        layers += [Bottleneck(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: export_resnet50.py OUT.pt")
    torch.manual_seed(0)
    try:
        import torchvision
        model, source = torchvision.models.resnet50(), "torchvision"
    except ImportError:
        model, source = ResNet50(), "the torchvision-equivalent definition in export_resnet50.py"
    model.eval()
    torch.jit.script(model).save(sys.argv[1])
    print(f"export_resnet50: {sys.argv[1]} from {source}")


if __name__ == "__main__":
    main()
