#!/usr/bin/python3
"""The page's one-step gradients (bench/gradCompare.bench-run.ts) recomputed in PyTorch from the
same initial weights and batch (reference_torch.py's Net, stride-2 convs padded as tfjs): prints
the loss of each and, per parameter, the relative difference of the gradients."""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, "bench")
from reference_torch import Net  # noqa: E402

d = json.load(open("bench/results/grad-compare.json"))
n = d["n"]
net = Net("resnet", n, 0.25, 0.5, tf_pad=True)
pairs = []  # (our name, torch parameter, kind)


def conv(name, p):
    pairs.append((name, p, "conv"))


def bn(name, m):
    pairs.append((f"{name}/gamma", m.weight, "vec"))
    pairs.append((f"{name}/beta", m.bias, "vec"))


conv("stem/w", net.stem.weight)
bn("stem_bn", net.bn)
for i, b in enumerate(net.blocks):
    p = f"s{i // n + 1}b{i % n + 1}"
    conv(f"{p}/conv1/w", b.c1.weight)
    bn(f"{p}/conv1_bn", b.b1)
    conv(f"{p}/conv2/w", b.c2.weight)
    bn(f"{p}/conv2_bn", b.b2)
pairs.append(("fc/w", net.fc.weight, "dense"))
pairs.append(("fc/b", net.fc.bias, "vec"))


def to_torch(flat, param, kind):
    a = np.array(flat, dtype=np.float32)
    if kind == "conv":
        o, i, kh, kw = param.shape
        return torch.tensor(a.reshape(kh, kw, i, o).transpose(3, 2, 0, 1).copy())
    if kind == "dense":
        o, i = param.shape
        return torch.tensor(a.reshape(i, o).T.copy())
    return torch.tensor(a)


with torch.no_grad():
    for name, param, kind in pairs:
        param.copy_(to_torch(d["weights"][name], param, kind))
x = torch.tensor(np.array(d["images"], dtype=np.float32).reshape(-1, 32, 32, 3).transpose(0, 3, 1, 2).copy())
y = torch.tensor(d["labels"])
net.train()
loss = F.cross_entropy(net(x), y)
loss.backward()
print(f"loss: page {d['loss']:.6f}, PyTorch {loss.item():.6f}")
worst = []
for name, param, kind in pairs:
    ours = to_torch(d["grads"][name], param, kind)
    rel = ((ours - param.grad).norm() / (param.grad.norm() + 1e-30)).item()
    worst.append((rel, name, param.grad.norm().item(), ours.norm().item()))
for rel, name, tn, on in sorted(worst, reverse=True)[:12]:
    print(f"{name:24s} rel diff {rel:.2e}  |grad| PyTorch {tn:.3e} page {on:.3e}")
