/**
 * Checkpoints: every parameter (with the batch-norm running statistics), the optimizer's
 * velocities and the step, in TensorFlow.js's weight encoding (specs + one ArrayBuffer), so a
 * run can be stored (IndexedDB, a file) and resumed exactly.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Net, NetConfig } from '../network';
import type { Trainer } from './trainer';

export interface Checkpoint {
  readonly netConfig: NetConfig;
  readonly step: number;
  readonly specs: tf.io.WeightsManifestEntry[];
  readonly data: ArrayBuffer;
}

function namedTensors(trainer: Trainer): tf.NamedTensorMap {
  const map: tf.NamedTensorMap = {};
  for (const p of trainer.net.params.all) {
    if (map[p.name]) throw new Error(`duplicate parameter name ${p.name}`);
    map[p.name] = p.variable;
    const v = trainer.optimizer.velocity.get(p.variable);
    if (v) map[`optimizer/${p.name}`] = v;
  }
  return map;
}

export async function saveCheckpoint(trainer: Trainer): Promise<Checkpoint> {
  const { data, specs } = await tf.io.encodeWeights(namedTensors(trainer));
  return { netConfig: trainer.net.config, step: trainer.step, specs, data };
}

/**
 * Assign the checkpoint's tensor of each name to its variable, after checking that every one is
 * there with the variable's shape (nothing is assigned unless all fit).
 */
function assignChecked(target: Readonly<Record<string, tf.Variable>>, ckpt: Checkpoint): void {
  const decoded = tf.io.decodeWeights(ckpt.data, ckpt.specs);
  try {
    for (const [name, t] of Object.entries(target)) {
      const src = decoded[name];
      if (!src) throw new Error(`checkpoint has no tensor ${name}: it was made for another net`);
      if (src.shape.join() !== t.shape.join()) {
        throw new Error(
          `checkpoint tensor ${name} has shape [${src.shape}], the net needs [${t.shape}]`,
        );
      }
    }
    for (const [name, t] of Object.entries(target)) t.assign(decoded[name]!);
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/** Restore into a trainer whose net was built from the same config; checks every name and shape. */
export function restoreCheckpoint(trainer: Trainer, ckpt: Checkpoint): void {
  assignChecked(namedTensors(trainer) as Record<string, tf.Variable>, ckpt);
  trainer.step = ckpt.step;
}

/**
 * Load a checkpoint's parameters (not its optimizer state) into a net built from its config:
 * what the lab needs to study a trained net. Checks every name and shape.
 */
export function restoreWeights(net: Net, ckpt: Checkpoint): void {
  assignChecked(Object.fromEntries(net.params.all.map((p) => [p.name, p.variable])), ckpt);
}
