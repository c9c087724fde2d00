#!/usr/bin/env python3
"""One training step of a thermodiff image network in PyTorch, for comparison with the Go
implementation in the same run (scripts/bench.sh).

--net mnist (diffusion.BenchmarkMNISTReferenceTrainStep): the reference code's default MNIST
network (regression.py:MLP_conv_dense): 4 conv layers 3x3 'same', 20 channels, LeakyReLU(0.05)
in parallel with a dense pathway 784->500->500->500->1568, concatenated per pixel as
[conv/sqrt(20), dense/sqrt(2)], per-pixel layers 22->20->20; 1,691,008 parameters, batch 128.
--net fcn (diffusion.BenchmarkFCNDeadLeavesFullTrainStep): the -full dead-leaves network, 4
multi-scale layers of 32 channels with 4 scales on 32x32 patches, per-pixel layers 32->64->20,
batch 32.
Both: temporal bump readout J = 10, the reference parameterization mu = sqrt(1-b) x +
sqrt(b) z_mu, v = sigmoid(z_b/sqrt(T) + logit b), the analytic KL to the forward posterior at
one t per example, Adam, T = 1000. Prints JSON with steps_per_sec. Run with /usr/bin/python3
(Debian python3-torch 1.13).
"""
import argparse, json, math, os, time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--net", choices=["mnist", "fcn"], default="mnist")
p.add_argument("--batch", type=int, default=0, help="default 128 (mnist), 32 (fcn)")
p.add_argument("--steps", type=int, default=20)
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()
a.batch = a.batch or (128 if a.net == "mnist" else 32)
torch.set_num_threads(a.threads)
torch.manual_seed(0)
T, J = 1000, 10
W = 28 if a.net == "mnist" else 32
D = W * W

# reference schedule: beta = 1/linspace(T, 2, T), min_beta 1e-6 (+0.001 at step 1)
base = 1.0 / torch.linspace(T, 2, T, dtype=torch.float64)
minb = torch.full((T,), 1e-6, dtype=torch.float64); minb[0] += 0.001
beta = minb + base * (1 - minb - 1e-5)
abar = torch.cumprod(1 - beta, 0)
xx = torch.linspace(-1, 1, T, dtype=torch.float64); cj = torch.linspace(-1, 1, J, dtype=torch.float64)
w = (cj[1] - cj[0]) / 2
basis = torch.exp(-(xx[None, :] - cj[:, None]) ** 2 / (2 * w * w)); basis = basis / basis.sum(0, keepdim=True)
basis = basis.float()


class MNISTNet(nn.Module):
    """The reference code's MNIST network (diffusion.ReferenceMNISTConfig)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.ModuleList([nn.Conv2d(1 if i == 0 else 20, 20, 3, padding=1) for i in range(4)])
        dims = [784, 500, 500, 500, 1568]
        self.dense = nn.ModuleList([nn.Linear(dims[i], dims[i + 1]) for i in range(4)])
        self.up = nn.ModuleList([nn.Conv2d(22, 20, 1), nn.Conv2d(20, 2 * J, 1)])

    def forward(self, x):
        n = x.shape[0]
        h = x.view(n, 1, W, W)
        for c in self.conv:
            h = F.leaky_relu(c(h), 0.05)
        d = x
        for l in self.dense:
            d = F.leaky_relu(l(d), 0.05)
        d = d.view(n, W, W, 2).permute(0, 3, 1, 2)
        u = torch.cat([h / math.sqrt(20), d / math.sqrt(2)], 1)
        u = F.leaky_relu(self.up[0](u), 0.05)
        return self.up[1](u)  # n x 2J x W x W


class MultiScale(nn.Module):
    """nn.MultiScaleConv: mean-pool to each scale, 3x3 conv + LeakyReLU per scale, nearest
    upsampling, average over scales."""

    def __init__(self, cin, cout, scales):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(cin, cout, 3, padding=1) for _ in range(scales)])

    def forward(self, x):
        S = len(self.convs)
        acc = None
        for s in reversed(range(S)):
            xs = F.avg_pool2d(x, 2 ** s) if s > 0 else x
            r = F.leaky_relu(self.convs[s](xs), 0.05)
            acc = r if acc is None else acc + r
            if s > 0:
                acc = F.interpolate(acc, scale_factor=2, mode="nearest")
        return acc / S


class FCNNet(nn.Module):
    """diffusion.FCNNet, the -full dead-leaves network: 4 multi-scale layers x 32 channels x 4
    scales, per-pixel layers 32 -> 64 -> 2J."""

    def __init__(self):
        super().__init__()
        self.ms = nn.ModuleList([MultiScale(1 if i == 0 else 32, 32, 4) for i in range(4)])
        self.up = nn.ModuleList([nn.Conv2d(32, 64, 1), nn.Conv2d(64, 2 * J, 1)])

    def forward(self, x):
        h = x.view(x.shape[0], 1, W, W)
        for m in self.ms:
            h = m(h)
        h = F.leaky_relu(self.up[0](h), 0.05)
        return self.up[1](h)


net = MNISTNet() if a.net == "mnist" else FCNNet()
print(json.dumps({"parameters": sum(p.numel() for p in net.parameters())}))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x0 = torch.randn(a.batch, D)


def step():
    t = torch.randint(1, T, (a.batch,))  # code index k = paper t-1, t in 2..T
    b = beta[t].float()[:, None]; ab = abar[t].float()[:, None]; abp = abar[t - 1].float()[:, None]
    eps = torch.randn_like(x0)
    xt = ab.sqrt() * x0 + (1 - ab).sqrt() * eps
    # posterior q(x_{t-1} | x_t, x0)
    muq = (abp.sqrt() * b / (1 - ab)) * x0 + ((1 - b).sqrt() * (1 - abp) / (1 - ab)) * xt
    vq = (1 - abp) * b / (1 - ab)
    y = net(xt).view(a.batch, 2, J, D)
    g = basis[:, t].t()  # n x J
    z = torch.einsum("nkjd,nj->nkd", y, g)
    mu = (1 - b).sqrt() * xt + b.sqrt() * z[:, 0]
    v = torch.sigmoid(z[:, 1] / math.sqrt(T) + torch.log(b / (1 - b)))
    kl = 0.5 * (torch.log(v / vq) + (vq + (muq - mu) ** 2) / v - 1)
    loss = kl.sum(1).mean() * (T - 1)
    opt.zero_grad(); loss.backward(); opt.step()
    return loss.item()


for _ in range(3):
    step()
t0 = time.perf_counter()
for _ in range(a.steps):
    step()
el = time.perf_counter() - t0
print(json.dumps({"impl": "pytorch", "net": a.net, "torch": torch.__version__, "threads": a.threads, "batch": a.batch,
                  "steps": a.steps, "seconds": el, "steps_per_sec": a.steps / el}))
