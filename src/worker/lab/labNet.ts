/**
 * A trained net opened in the ensemble lab: built from a run's config, its checkpoint's weights
 * loaded, and the run's test images on the device (normalised with the statistics of its
 * training images, as in training). It evaluates lesions and runs the sweeps and the
 * gradient-per-path-length probe. No DOM: used by the compute worker and under Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import { splitPrefix } from '../../data/cifar10/records';
import { channelStats } from '../../data/stats';
import { seededRandom } from '../../math/random';
import { netFigures } from '../../nn/blocks/structure';
import { buildNet, type Net } from '../../nn/network';
import { lesionEvaluate, type LesionResult } from '../../nn/probes/lesion';
import {
  netGradNorm,
  pathGradientByLength,
  type PathGradientRow,
  type ProbeControl,
} from '../../nn/probes/pathGradient';
import {
  kDeletion,
  reorderSweep,
  singleDeletion,
  type KRow,
  type ReorderPoint,
  type TestSet,
} from '../../nn/probes/sweeps';
import { restoreWeights, type Checkpoint } from '../../nn/train/checkpoint';
import { DeviceDataset } from '../../nn/train/deviceData';
import type { RunConfig } from '../compute/protocol';
import type { SessionData } from '../compute/session';
import { BN_REESTIMATE_IMAGES } from './protocol';

export interface LabBlock {
  readonly index: number;
  readonly stage: number;
  /** Changes the shape (stride 2 or more channels): its shortcut subsamples. */
  readonly downsample: boolean;
}

export interface LabNetInfo {
  readonly family: string;
  readonly layers: number;
  readonly blocks: readonly LabBlock[];
  readonly testImages: number;
  readonly intact: LesionResult;
}

/**
 * Test images the lab evaluates on: the first 500 of the run's test images. A click must answer
 * in about a second on a laptop's WASM backend; 500 images put the standard error of an error
 * rate near 30 % at 2 points.
 */
export const LAB_TEST_IMAGES = 500;

/** How a lesion is evaluated: with the statistics as trained, or re-estimated for it. */
export interface BnChoice {
  readonly reestimateBn: boolean;
}

export class LabNet {
  private constructor(
    readonly config: RunConfig,
    private readonly net: Net,
    private readonly test: DeviceDataset,
    private readonly bnImages: DeviceDataset,
    readonly info: LabNetInfo,
  ) {}

  static async open(config: RunConfig, ckpt: Checkpoint, data: SessionData): Promise<LabNet> {
    const stats = channelStats(splitPrefix(data.train, config.trainImages));
    const test = new DeviceDataset(
      splitPrefix(data.test, Math.min(config.testImages, LAB_TEST_IMAGES)),
      stats,
    );
    const bnImages = new DeviceDataset(
      splitPrefix(data.train, Math.min(config.trainImages, BN_REESTIMATE_IMAGES)),
      stats,
    );
    const net = buildNet({ ...ckpt.netConfig });
    try {
      restoreWeights(net, ckpt);
    } catch (e) {
      net.dispose();
      test.dispose();
      bnImages.dispose();
      throw e;
    }
    const intact = await lesionEvaluate(net, test.images, test.labels, {});
    const blocks = net.blocks.map((b, index) => ({
      index,
      stage: net.stageOf[index]!,
      downsample: b.stride !== 1 || b.inCh !== b.outCh,
    }));
    const info: LabNetInfo = {
      family: config.family,
      layers: netFigures(config).layers,
      blocks,
      testImages: test.count,
      intact,
    };
    return new LabNet(config, net, test, bnImages, info);
  }

  private set(bn: BnChoice): TestSet {
    return {
      x: this.test.images,
      labels: this.test.labels,
      ...(bn.reestimateBn ? { bnImages: this.bnImages.images } : {}),
    };
  }

  evaluate(lesion: { deleted?: readonly number[]; order?: readonly number[] }, bn: BnChoice) {
    const { x, labels, bnImages } = this.set(bn);
    return lesionEvaluate(this.net, x, labels, { ...lesion, ...(bnImages ? { bnImages } : {}) });
  }

  single(bn: BnChoice, control: ProbeControl): Promise<number[]> {
    return singleDeletion(this.net, this.set(bn), control);
  }

  kDeletion(
    bn: BnChoice,
    draws: number,
    seed: number,
    control: ProbeControl,
    maxK?: number,
  ): Promise<KRow[]> {
    return kDeletion(this.net, this.set(bn), {
      draws,
      random: seededRandom(seed),
      ...(maxK === undefined ? {} : { maxK }),
      ...control,
    });
  }

  reorder(
    bn: BnChoice,
    maxSwaps: number,
    draws: number,
    seed: number,
    control: ProbeControl,
  ): Promise<ReorderPoint[]> {
    return reorderSweep(this.net, this.set(bn), {
      maxSwaps,
      draws,
      random: seededRandom(seed),
      ...control,
    });
  }

  /**
   * Veit's probe on a batch of `batch` test images: for each k, `samplesPerK` random sets of k
   * blocks (all of them when fewer), the gradient let through only their residual branches.
   */
  async gradient(
    samplesPerK: number,
    batch: number,
    seed: number,
    control: ProbeControl,
  ): Promise<PathGradientRow[]> {
    const count = Math.min(batch, this.test.count);
    const x = tf.slice(this.test.images, [0, 0, 0, 0], [count, -1, -1, -1]);
    const y = tf.slice(this.test.labels, [0], [count]);
    try {
      return await pathGradientByLength(this.net.blocks.length, netGradNorm(this.net, x, y), {
        samplesPerK,
        random: seededRandom(seed),
        ...control,
      });
    } finally {
      tf.dispose([x, y]);
    }
  }

  dispose(): void {
    this.net.dispose();
    this.test.dispose();
    this.bnImages.dispose();
  }
}
