/**
 * CIFAR-style nets (He et al. 2016, §4.2): 3×3 stem → 3 stages of 16, 32, 64 channels (× a
 * width multiplier), strides 1, 2, 2 → global average pool → dense 10. Depth 6n+2 for
 * two-layer blocks; higher-order blocks are compared at equal conv layers (a midpoint block
 * counts as two Euler blocks, RK4 as four).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from './context';
import { bnRelu, conv, dense, ParamFactory, type BnParams } from './layers';
import { blockSpec } from './blocks/registry';
import { blocksPerStage, hasFinalActivation, stageWidths } from './blocks/structure';
import {
  DEFAULT_BLOCK_OPTIONS,
  type Block,
  type BlockFamilyId,
  type BlockOptions,
} from './blocks/types';

export interface NetConfig {
  readonly family: BlockFamilyId;
  /** Depth parameter: 6n + 2 layers for two-layer blocks. */
  readonly n: number;
  readonly width: number;
  readonly inputSize: number;
  readonly inputChannels: number;
  readonly classes: number;
  readonly seed: number;
  readonly options: BlockOptions;
}

export const DEFAULT_NET: NetConfig = {
  family: 'postact',
  n: 3,
  width: 1,
  inputSize: 32,
  inputChannels: 3,
  classes: 10,
  seed: 1,
  options: DEFAULT_BLOCK_OPTIONS,
};

export interface Net {
  readonly config: NetConfig;
  readonly blocks: readonly Block[];
  /** Stage of each block (0, 1, 2). */
  readonly stageOf: readonly number[];
  readonly params: ParamFactory;
  /** Trainable parameters (BN running statistics excluded). */
  readonly paramCount: number;
  /** Multiply-adds of one forward pass for one image. */
  readonly macs: number;
  /** Logits [batch, classes] from NHWC images. */
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D;
  dispose(): void;
}

export { blocksPerStage } from './blocks/structure';

/** What a caller may give: any field of the config, and any subset of the block options. */
export type NetConfigInput = Partial<Omit<NetConfig, 'options'>> & {
  readonly options?: Partial<BlockOptions>;
};

export function buildNet(partial: NetConfigInput = {}): Net {
  const config: NetConfig = {
    ...DEFAULT_NET,
    ...partial,
    options: { ...DEFAULT_BLOCK_OPTIONS, ...partial.options },
  };
  const { width, inputSize, inputChannels, classes } = config;
  if (!Number.isInteger(config.n) || config.n < 1)
    throw new RangeError(`n must be a positive integer, got ${config.n}`);
  if (!(width > 0)) throw new RangeError(`width must be positive, got ${width}`);
  const spec = blockSpec(config.family);
  const f = new ParamFactory(config.seed);
  const widths = stageWidths(width);
  const perStage = blocksPerStage(config.family, config.n);
  const total = 3 * perStage;

  const stem = f.conv('stem', 3, inputChannels, widths[0]!, 1);
  const stemBn = f.bn('stem_bn', widths[0]!);
  let macs = inputSize * inputSize * 9 * inputChannels * widths[0]!;

  const blocks: Block[] = [];
  const stageOf: number[] = [];
  let inCh = widths[0]!;
  let size = inputSize;
  for (let stage = 0; stage < 3; stage++) {
    for (let i = 0; i < perStage; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      const block = spec.build({
        f,
        name: `s${stage + 1}b${i + 1}`,
        inCh,
        outCh: widths[stage]!,
        stride,
        inSize: size,
        index: blocks.length,
        total,
        options: config.options,
      });
      blocks.push(block);
      stageOf.push(stage);
      macs += block.macs;
      inCh = widths[stage]!;
      size = Math.ceil(size / stride);
    }
  }
  const finalBn: BnParams | null = hasFinalActivation(config.family, config.options)
    ? f.bn('final_bn', inCh)
    : null;
  const head = f.dense('fc', inCh, classes);
  macs += inCh * classes;

  return {
    config,
    blocks,
    stageOf,
    params: f,
    paramCount: f.trainableCount(),
    macs,
    forward(x, ctx) {
      if (x.shape[3] !== inputChannels) {
        throw new RangeError(`expected ${inputChannels} input channels, got ${x.shape[3]}`);
      }
      let h = bnRelu(conv(x, stem), stemBn, ctx);
      const order = ctx.blockOrder ?? blocks.map((_, i) => i);
      order.forEach((blockIndex, position) => {
        const offset = ctx.blockInputOffsets?.[position];
        if (offset) h = tf.add(h, offset);
        h = blocks[blockIndex]!.forward(h, ctx);
      });
      if (finalBn) h = bnRelu(h, finalBn, ctx);
      return dense(tf.mean(h, [1, 2]) as tf.Tensor2D, head);
    },
    dispose: () => f.dispose(),
  };
}
