/**
 * The layers of each block family as plain data, and the net's size read off them: weight
 * layers, trainable parameters and multiply-adds. No TensorFlow.js here, so the page can show
 * a net's figures at once, before (and without) building it; `tests/unit/nn/structure.test.ts`
 * checks every family and option against the net `buildNet` builds.
 */
import { functionsPerBlock } from '../../math/blockPaths';
import { FAMILIES } from './catalog';
import { DEFAULT_BLOCK_OPTIONS, type BlockFamilyId, type BlockOptions } from './types';

/** One layer with weights. `main`: on the block's main path (counted in "layers"). */
export type Layer =
  | {
      readonly kind: 'conv';
      readonly k: number;
      readonly inCh: number;
      readonly outCh: number;
      readonly stride: number;
      /** Spatial size of its input (square). */
      readonly inSize: number;
      readonly main: boolean;
    }
  | { readonly kind: 'bn'; readonly ch: number }
  | { readonly kind: 'bias'; readonly ch: number }
  | { readonly kind: 'dense'; readonly inDim: number; readonly outDim: number };

export interface BlockShape {
  readonly inCh: number;
  readonly outCh: number;
  readonly stride: number;
  readonly inSize: number;
  readonly options: BlockOptions;
}

const conv = (
  k: number,
  inCh: number,
  outCh: number,
  stride: number,
  inSize: number,
  main = true,
): Layer => ({ kind: 'conv', k, inCh, outCh, stride, inSize, main });
const bn = (ch: number): Layer => ({ kind: 'bn', ch });
const out = (s: BlockShape) => Math.ceil(s.inSize / s.stride);

/** Option B's projection where the shape changes (option A and the identity have no weights). */
function shortcut(s: BlockShape): Layer[] {
  if ((s.stride === 1 && s.inCh === s.outCh) || s.options.shortcut !== 'B') return [];
  return [conv(1, s.inCh, s.outCh, s.stride, s.inSize, false), bn(s.outCh)];
}

/** conv–BN–ReLU–conv–BN: the post-activation branch (ResNet, stochastic depth, plain, highway). */
function postActBranch(s: BlockShape): Layer[] {
  return [
    conv(3, s.inCh, s.outCh, s.stride, s.inSize),
    bn(s.outCh),
    conv(3, s.outCh, s.outCh, 1, out(s)),
    bn(s.outCh),
  ];
}

/** The pre-activation orderings of He et al. 2016b, Fig. 4: where each BN sits. */
function preactBranch(s: BlockShape): Layer[] {
  const v = s.options.preactVariant;
  return [
    ...(v === 'e' ? [bn(s.inCh)] : []),
    conv(3, s.inCh, s.outCh, s.stride, s.inSize),
    bn(s.outCh),
    conv(3, s.outCh, s.outCh, 1, out(s)),
    ...(v === 'b' || v === 'c' || v === 'd' ? [bn(s.outCh)] : []),
  ];
}

/** HO-ResNet's stages: each BN–ReLU–conv–BN–ReLU–conv; the first reads the input with the stride. */
function rungeKuttaStages(s: BlockShape, stages: number): Layer[] {
  return Array.from({ length: stages }, (_, j) => {
    const inCh = j === 0 ? s.inCh : s.outCh;
    return [
      bn(inCh),
      conv(3, inCh, s.outCh, j === 0 ? s.stride : 1, j === 0 ? s.inSize : out(s)),
      bn(s.outCh),
      conv(3, s.outCh, s.outCh, 1, out(s)),
    ];
  }).flat();
}

export function blockLayers(family: BlockFamilyId, s: BlockShape): Layer[] {
  switch (family) {
    case 'postact':
    case 'stochastic':
      return [...postActBranch(s), ...shortcut(s)];
    case 'noShortcut':
      return postActBranch(s);
    case 'preact':
      return [...preactBranch(s), ...shortcut(s)];
    case 'highway':
      return [
        ...postActBranch(s),
        conv(1, s.inCh, s.outCh, s.stride, s.inSize, false), // the transform gate T
        { kind: 'bias', ch: s.outCh }, // its bias b_T
        ...shortcut(s),
      ];
    case 'midpoint':
    case 'rk4':
      return [...rungeKuttaStages(s, functionsPerBlock(FAMILIES[family].graph)), ...shortcut(s)];
  }
}

export function layerParams(l: Layer): number {
  switch (l.kind) {
    case 'conv':
      return l.k * l.k * l.inCh * l.outCh;
    case 'bn':
      return 2 * l.ch; // γ and β (the running statistics are not trained)
    case 'bias':
      return l.ch;
    case 'dense':
      return l.inDim * l.outDim + l.outDim;
  }
}

/** Multiply-adds of a k×k conv ('same' padding) for one image. */
export function convMacs(
  inSize: number,
  stride: number,
  k: number,
  inCh: number,
  outCh: number,
): number {
  const o = Math.ceil(inSize / stride);
  return o * o * k * k * inCh * outCh;
}

export function layerMacs(l: Layer): number {
  if (l.kind === 'conv') return convMacs(l.inSize, l.stride, l.k, l.inCh, l.outCh);
  return l.kind === 'dense' ? l.inDim * l.outDim : 0;
}

export interface NetShape {
  readonly family: BlockFamilyId;
  readonly n: number;
  readonly width: number;
  readonly options?: Partial<BlockOptions>;
  readonly inputSize?: number;
  readonly inputChannels?: number;
  readonly classes?: number;
}

/** Blocks per stage: n for two-layer blocks, n / (functions per block) for higher order. */
export function blocksPerStage(family: BlockFamilyId, n: number): number {
  return Math.max(1, Math.round(n / functionsPerBlock(FAMILIES[family].graph)));
}

/** Channels of the three stages: 16, 32, 64 times the width, at least one. */
export function stageWidths(width: number): number[] {
  return [16, 32, 64].map((c) => Math.max(1, Math.round(c * width)));
}

/** A pre-activation net ends with BN–ReLU after its last block (variants e and d). */
export function hasFinalActivation(family: BlockFamilyId, options: BlockOptions): boolean {
  return family === 'preact' && (options.preactVariant === 'e' || options.preactVariant === 'd');
}

/** Every layer with weights of the whole net, in order: stem, blocks, final BN, classifier. */
export function netLayers(shape: NetShape): { readonly layers: Layer[]; readonly blocks: number } {
  const options = { ...DEFAULT_BLOCK_OPTIONS, ...shape.options };
  const size0 = shape.inputSize ?? 32;
  const inputCh = shape.inputChannels ?? 3;
  const widths = stageWidths(shape.width);
  const layers: Layer[] = [conv(3, inputCh, widths[0]!, 1, size0), bn(widths[0]!)];
  const perStage = blocksPerStage(shape.family, shape.n);
  let inCh = widths[0]!;
  let size = size0;
  for (let stage = 0; stage < 3; stage++) {
    for (let i = 0; i < perStage; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      const outCh = widths[stage]!;
      layers.push(...blockLayers(shape.family, { inCh, outCh, stride, inSize: size, options }));
      inCh = outCh;
      size = Math.ceil(size / stride);
    }
  }
  if (hasFinalActivation(shape.family, options)) layers.push(bn(inCh));
  layers.push({ kind: 'dense', inDim: inCh, outDim: shape.classes ?? 10 });
  return { layers, blocks: 3 * perStage };
}

export interface NetFigures {
  /** Weight layers on the main path: the stem, every 3×3 conv of the blocks, the classifier. */
  readonly layers: number;
  readonly params: number;
  /** Multiply-adds of one forward pass for one image. */
  readonly macs: number;
  readonly blocks: number;
}

export function netFigures(shape: NetShape): NetFigures {
  const { layers, blocks } = netLayers(shape);
  return {
    layers: layers.filter((l) => (l.kind === 'conv' && l.main) || l.kind === 'dense').length,
    params: layers.reduce((a, l) => a + layerParams(l), 0),
    macs: layers.reduce((a, l) => a + layerMacs(l), 0),
    blocks,
  };
}

/** Weights and multiply-adds of one shape-keeping block of stage 1 (32×32, 16 × width channels). */
export function blockFigures(
  family: BlockFamilyId,
  width: number,
  options?: Partial<BlockOptions>,
): { readonly params: number; readonly macs: number } {
  const ch = stageWidths(width)[0]!;
  const layers = blockLayers(family, {
    inCh: ch,
    outCh: ch,
    stride: 1,
    inSize: 32,
    options: { ...DEFAULT_BLOCK_OPTIONS, ...options },
  });
  return {
    params: layers.reduce((a, l) => a + layerParams(l), 0),
    macs: layers.reduce((a, l) => a + layerMacs(l), 0),
  };
}

/**
 * He et al.'s bottleneck lesson (Fig. 5): the convolution weights of a basic block (two 3×3
 * convs) and of a bottleneck (1×1 down to a quarter, 3×3, 1×1 back up) at `ch` channels.
 */
export function bottleneckWeights(ch: number): {
  readonly basic: number;
  readonly bottleneck: number;
  readonly layers: { readonly basic: Layer[]; readonly bottleneck: Layer[] };
} {
  const q = Math.max(1, Math.round(ch / 4));
  const basic = [conv(3, ch, ch, 1, 8), conv(3, ch, ch, 1, 8)];
  const bottleneck = [conv(1, ch, q, 1, 8), conv(3, q, q, 1, 8), conv(1, q, ch, 1, 8)];
  const sum = (ls: Layer[]) => ls.reduce((a, l) => a + layerParams(l), 0);
  return { basic: sum(basic), bottleneck: sum(bottleneck), layers: { basic, bottleneck } };
}
