#!/usr/bin/python3
"""PyTorch reference for the shipped nets (issue: the lab shows what Veit et al. found).

Trains the app's CIFAR-style net (3 stages of 16/32/64 x width channels, 6n+2 layers, option A
shortcuts, He-normal init, BN momentum 0.9 in our convention, SGD momentum 0.9, weight decay
1e-4 on every parameter, cosine learning rate, batch 64) on a dataset in CIFAR-10's binary
layout, then runs Veit et al.'s lesion protocol on it: the test error intact, after deleting
each shape-keeping block (BN statistics as trained, and re-estimated on 2,000 training images),
and after k random deletions. Prints one JSON document. The recipe search for `npm run
pretrain` runs here first because PyTorch trains these nets about 4x faster on this CPU.

  /usr/bin/python3 bench/reference_torch.py --data embedded --family resnet --n 9 --width 1 \
      --epochs 25 [--augment] [--test 1000] [--threads 2]

--data embedded reads bench/results/embedded-{train,test}.bin (written by
bench/dumpEmbedded.bench-run.ts); --data cifar10 reads the shared subset's tar.gz.
Families: resnet (post-activation), plain (no shortcuts), preact, stochastic (linear rule,
p_L 0.5 by default). Needs Debian's python3-torch."""
import argparse
import io
import json
import math
import random
import sys
import tarfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

RECORD = 3073


def records(raw):
    a = np.frombuffer(raw, dtype=np.uint8).reshape(-1, RECORD)
    return a[:, 1:].reshape(-1, 3, 32, 32).copy(), a[:, 0].astype(np.int64)


def load(data):
    if data == "embedded":
        read = lambda f: records(open(f"bench/results/embedded-{f}.bin", "rb").read())
        return read("train"), read("test")
    path = "../shared/datasets/cifar10/cifar-10-binary-subset.tar.gz"
    with tarfile.open(path) as t:
        members = {m.name.split("/")[-1]: m for m in t.getmembers()}
        train = [records(t.extractfile(m).read()) for k, m in sorted(members.items()) if k.startswith("data_batch")]
        test = records(t.extractfile(members["test_batch.bin"]).read())
    return (np.concatenate([x for x, _ in train]), np.concatenate([y for _, y in train])), test


def shortcut_a(x, stride, extra):
    s = x[:, :, ::stride, ::stride] if stride > 1 else x
    return F.pad(s, (0, 0, 0, 0, extra // 2, extra - extra // 2)) if extra else s


class SameConv(nn.Module):
    """A stride-2 3x3 conv padded as TensorFlow's (and the page's) 'same': nothing before, one
    pixel after, so its taps centre on odd pixels while option A's shortcut keeps the even ones."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride, 0, bias=False)

    @property
    def weight(self):
        return self.conv.weight

    def forward(self, x):
        return self.conv(F.pad(x, (0, 1, 0, 1)))


class Block(nn.Module):
    def __init__(self, family, cin, cout, stride, survival, tf_pad=False):
        super().__init__()
        self.family, self.stride, self.extra, self.survival = family, stride, cout - cin, survival
        if tf_pad and stride > 1:
            self.c1 = SameConv(cin, cout, stride)
        else:
            self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        if family == "preact":
            self.b0, self.b1 = nn.BatchNorm2d(cin, momentum=0.1), nn.BatchNorm2d(cout, momentum=0.1)
        else:
            self.b1, self.b2 = nn.BatchNorm2d(cout, momentum=0.1), nn.BatchNorm2d(cout, momentum=0.1)
        self.deleted = False

    def branch(self, x):
        if self.family == "preact":
            return self.c2(F.relu(self.b1(self.c1(F.relu(self.b0(x))))))
        return self.b2(self.c2(F.relu(self.b1(self.c1(x)))))

    def forward(self, x):
        s = shortcut_a(x, self.stride, self.extra)
        if self.deleted:
            return s  # post-activation: ReLU(s) = s, as s >= 0
        if self.family == "plain":
            return F.relu(self.branch(x))
        if self.family == "stochastic":
            if self.training:
                if random.random() >= self.survival:
                    return F.relu(s)
                return F.relu(s + self.branch(x))
            return F.relu(s + self.survival * self.branch(x))
        if self.family == "preact":
            return s + self.branch(x)
        return F.relu(s + self.branch(x))


class Net(nn.Module):
    def __init__(self, family, n, width, p_last, tf_pad=False):
        super().__init__()
        widths = [max(1, round(c * width)) for c in (16, 32, 64)]
        self.stem = nn.Conv2d(3, widths[0], 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(widths[0], momentum=0.1)
        blocks, cin, total = [], widths[0], 3 * n
        for stage in range(3):
            for i in range(n):
                index = len(blocks)
                survival = 1 - (index + 1) / total * (1 - p_last)  # linear rule, Huang et al.
                stride = 2 if stage > 0 and i == 0 else 1
                blocks.append(Block(family, cin, widths[stage], stride, survival, tf_pad))
                cin = widths[stage]
        self.blocks = nn.ModuleList(blocks)
        self.final = nn.BatchNorm2d(cin, momentum=0.1) if family == "preact" else None
        self.fc = nn.Linear(cin, 10)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def forward(self, x):
        h = F.relu(self.bn(self.stem(x)))
        for b in self.blocks:
            h = b(h)
        if self.final is not None:
            h = F.relu(self.final(h))
        return self.fc(h.mean((2, 3)))


def augment(x):
    n = x.shape[0]
    padded = F.pad(x, (4, 4, 4, 4))
    out = torch.empty_like(x)
    for i in range(n):
        dx, dy = random.randint(0, 8), random.randint(0, 8)
        crop = padded[i, :, dy : dy + 32, dx : dx + 32]
        out[i] = crop.flip(2) if random.random() < 0.5 else crop
    return out


@torch.no_grad()
def error(net, x, y):
    net.eval()
    wrong = sum((net(x[i : i + 500]).argmax(1) != y[i : i + 500]).sum().item() for i in range(0, len(x), 500))
    return wrong / len(x)


@torch.no_grad()
def reestimate(net, x):
    """BN running statistics recomputed on x (cumulative average), for the current deletions."""
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    net.train()
    for i in range(0, len(x), 250):
        net(x[i : i + 250])
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 0.1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="embedded")
    ap.add_argument("--family", default="resnet")
    ap.add_argument("--n", type=int, default=9)
    ap.add_argument("--width", type=float, default=1)
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--warmup", type=float, default=0, help="epochs of linear warm-up (the app's schedule.ts)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--augment", action="store_true")
    ap.add_argument("--test", type=int, default=1000)
    ap.add_argument("--pL", type=float, default=0.5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tf-pad", action="store_true", help="stride-2 convs padded as the page's ('same')")
    ap.add_argument("--ghost", type=int, default=1, help="batch norm per shard of the batch (the page's replicas)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    (xtr, ytr), (xte, yte) = load(a.data)
    xtr, xte = torch.tensor(xtr, dtype=torch.float32), torch.tensor(xte[: a.test], dtype=torch.float32)
    ytr, yte = torch.tensor(ytr), torch.tensor(yte[: a.test])
    mean, std = xtr.mean((0, 2, 3), keepdim=True), xtr.std((0, 2, 3), keepdim=True)
    xtr, xte = (xtr - mean) / std, (xte - mean) / std
    net = Net(a.family, a.n, a.width, a.pL, a.tf_pad)
    opt = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=0.9, weight_decay=1e-4)
    steps_per_epoch = math.ceil(len(xtr) / a.batch)
    total = a.epochs * steps_per_epoch
    t0, step, curve = time.time(), 0, []
    for epoch in range(a.epochs):
        net.train()
        order = torch.randperm(len(xtr))
        for s in range(steps_per_epoch):
            idx = order[s * a.batch : (s + 1) * a.batch]
            xb = augment(xtr[idx]) if a.augment else xtr[idx]
            warm = round(a.warmup * steps_per_epoch)
            for g in opt.param_groups:
                g["lr"] = a.lr * (step + 1) / warm if step < warm else 0.5 * a.lr * (1 + math.cos(math.pi * step / total))
            opt.zero_grad()
            # K shards, each normalised by its own batch statistics; the mean loss of the batch.
            for xs, ys in zip(xb.chunk(a.ghost), ytr[idx].chunk(a.ghost)):
                (F.cross_entropy(net(xs), ys) * len(ys) / len(idx)).backward()
            opt.step()
            step += 1
        curve.append(round(error(net, xte, yte), 4))
        print(f"epoch {epoch + 1}: test error {curve[-1]:.3f} ({time.time() - t0:.0f} s)", file=sys.stderr)
    intact = error(net, xte, yte)
    state = {k: v.clone() for k, v in net.state_dict().items()}
    keeping = [i for i, b in enumerate(net.blocks) if b.stride == 1 and b.extra == 0]
    single, single_bn = [], []
    for i in keeping:
        net.blocks[i].deleted = True
        single.append(round(error(net, xte, yte), 4))
        reestimate(net, xtr[:2000])
        single_bn.append(round(error(net, xte, yte), 4))
        net.load_state_dict(state)
        net.blocks[i].deleted = False
    rng = random.Random(7)
    k_random = {}
    for k in range(1, min(5, len(keeping)) + 1):
        errs = []
        for _ in range(5):
            chosen = rng.sample(keeping, k)
            for i in chosen:
                net.blocks[i].deleted = True
            errs.append(error(net, xte, yte))
            for i in chosen:
                net.blocks[i].deleted = False
        k_random[k] = round(sum(errs) / len(errs), 4)
    rise = [e - intact for e in single]
    print(
        json.dumps(
            {
                "args": vars(a),
                "seconds": round(time.time() - t0),
                "intact": intact,
                "curve": curve,
                "single": single,
                "meanRise": round(sum(rise) / len(rise), 4),
                "maxRise": round(max(rise), 4),
                "meanRiseBnReestimated": round(sum(single_bn) / len(single_bn) - intact, 4),
                "kRandom": k_random,
            }
        )
    )


if __name__ == "__main__":
    main()
