#!/usr/bin/python3
"""Veit et al.'s lesion protocol, in PyTorch, on a net trained by the page (a run file).

Loads the weights of a run file written by `npm run pretrain` (float32 or float16) into
reference_torch.py's Net and prints, as one JSON document, the test error intact and after
deleting each shape-keeping block (BN statistics as trained), on the first --test images of the
dataset. Beside reference_torch.py's output for a net of the same recipe it tells whether a
difference lies in our trainer or in the lab's evaluation (an earlier check found the lab's
figures equal to PyTorch's to three decimals on a 32-layer net).

  /usr/bin/python3 bench/lesion_torch.py public/checkpoints/embedded-resnet.json [--test 1000]
"""
import argparse
import base64
import json
import sys

import numpy as np
import torch

sys.path.insert(0, "bench")
from reference_torch import Net, error, load  # noqa: E402

# Our ids (and the ids run files had before the rename: plain, none) to this script's.
FAMILIES = {"postact": "resnet", "noShortcut": "plain", "plain": "resnet", "none": "plain", "preact": "preact", "stochastic": "stochastic"}


def tensors(checkpoint):
    raw = base64.b64decode(checkpoint["data"])
    out, offset = {}, 0
    for spec in checkpoint["specs"]:
        count = int(np.prod(spec["shape"])) if spec["shape"] else 1
        half = spec.get("quantization", {}).get("dtype") == "float16"
        dtype, size = (np.float16, 2) if half else (np.float32, 4)
        a = np.frombuffer(raw, dtype=dtype, count=count, offset=offset).astype(np.float32)
        out[spec["name"]] = a.reshape(spec["shape"])
        offset += count * size
    return out


def assign(net, w):
    conv = lambda name: torch.tensor(w[name].transpose(3, 2, 0, 1).copy())  # HWIO -> OIHW

    def bn(module, name):
        module.weight.data = torch.tensor(w[f"{name}/gamma"])
        module.bias.data = torch.tensor(w[f"{name}/beta"])
        module.running_mean.data = torch.tensor(w[f"{name}/mean"])
        module.running_var.data = torch.tensor(w[f"{name}/var"])

    net.stem.weight.data = conv("stem/w")
    bn(net.bn, "stem_bn")
    n = len(net.blocks) // 3
    for i, b in enumerate(net.blocks):
        p = f"s{i // n + 1}b{i % n + 1}"
        b.c1.weight.data, b.c2.weight.data = conv(f"{p}/conv1/w"), conv(f"{p}/conv2/w")
        if hasattr(b, "b2"):
            bn(b.b1, f"{p}/conv1_bn")
            bn(b.b2, f"{p}/conv2_bn")
        else:
            raise SystemExit("pre-activation run files: name mapping not written yet")
    net.fc.weight.data = torch.tensor(w["fc/w"].T.copy())
    net.fc.bias.data = torch.tensor(w["fc/b"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--test", type=int, default=1000)
    a = ap.parse_args()
    doc = json.load(open(a.file))
    c = doc["checkpoint"]
    cfg = c["netConfig"]
    family = FAMILIES[cfg["family"]]
    net = Net(family, cfg["n"], cfg["width"], cfg["options"].get("pL", 0.5), tf_pad=True)
    w = tensors(c)
    missing = [k for k in ("stem/w", "fc/w", "fc/b") if k not in w]
    if missing:
        raise SystemExit(f"{a.file}: no tensor named {missing}; names: {list(w)[:8]}…")
    assign(net, w)
    (xtr, _), (xte, yte) = load(doc["run"]["config"]["dataset"])
    xtr = torch.tensor(xtr, dtype=torch.float32)
    mean, std = xtr.mean((0, 2, 3), keepdim=True), xtr.std((0, 2, 3), keepdim=True)
    xte = (torch.tensor(xte[: a.test], dtype=torch.float32) - mean) / std
    yte = torch.tensor(yte[: a.test])
    intact = error(net, xte, yte)
    keeping = [i for i, b in enumerate(net.blocks) if b.stride == 1 and b.extra == 0]
    single = []
    for i in keeping:
        net.blocks[i].deleted = True
        single.append(round(error(net, xte, yte), 4))
        net.blocks[i].deleted = False
    rise = [e - intact for e in single]
    print(
        json.dumps(
            {
                "file": a.file,
                "intact": intact,
                "single": single,
                "meanRise": round(sum(rise) / len(rise), 4),
                "maxRise": round(max(rise), 4),
            }
        )
    )


if __name__ == "__main__":
    main()
