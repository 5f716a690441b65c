#!/usr/bin/python3
"""ResNet-20 (He et al. 2016, option A shortcuts, 272k parameters) in PyTorch on this machine's
CPU, timed like bench/trainBench.ts: one warm-up step, then the median of timed steps, for
batch 32 and 128. Prints one JSON row per batch size for run-train.mjs. Needs Debian's
python3-torch (sudo apt-get install -y python3-torch); run with /usr/bin/python3."""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.stride, self.extra = stride, cout - cin

    def forward(self, x):
        y = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        s = x[:, :, :: self.stride, :: self.stride] if self.stride > 1 else x
        if self.extra:
            s = F.pad(s, (0, 0, 0, 0, self.extra // 2, self.extra - self.extra // 2))
        return F.relu(y + s)


class ResNet20(nn.Module):
    def __init__(self, n=3):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for stage, cout in enumerate((16, 32, 64)):
            for i in range(n):
                layers.append(Block(cin, cout, 2 if stage > 0 and i == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*layers)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc(self.blocks(F.relu(self.bn(self.stem(x)))).mean((2, 3)))


def timed(step, count):
    times = []
    for i in range(count + 1):
        t0 = time.perf_counter()
        step()
        if i > 0:
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    quick = "--quick" in sys.argv
    torch.set_num_threads(len(os.sched_getaffinity(0)))
    torch.manual_seed(1)
    net = ResNet20()
    params = sum(p.numel() for p in net.parameters())
    assert params == 269722, params  # the paper's count, as our tfjs net
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    for batch in (32, 128):
        x = torch.randn(batch, 3, 32, 32)
        y = torch.randint(0, 10, (batch,))

        def train():
            opt.zero_grad()
            loss = F.cross_entropy(net.train()(x), y)
            loss.backward()
            opt.step()
            loss.item()

        def infer():
            with torch.no_grad():
                net.eval()(x).sum().item()

        train_ms = timed(train, 2 if quick else 8)
        infer_ms = timed(infer, 2 if quick else 8)
        print(json.dumps({
            "where": f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads",
            "backend": "cpu",
            "batch": batch,
            "trainStepMs": train_ms,
            "inferStepMs": infer_ms,
            "trainImagesPerSecond": batch * 1000 / train_ms,
            "inferImagesPerSecond": batch * 1000 / infer_ms,
        }))


main()
