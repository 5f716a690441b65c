/**
 * SGD with momentum (optionally Nesterov) and L2 weight decay, written out so that its state
 * (one velocity per trainable variable) can be saved in a checkpoint and restored.
 * Update (the PyTorch convention): g ← ∇ + λw; v ← μv + g; w ← w − η(g + μv if Nesterov, else v).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface SgdConfig {
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
}

export const DEFAULT_SGD: SgdConfig = { momentum: 0.9, nesterov: false, weightDecay: 1e-4 };

export class Sgd {
  readonly velocity: Map<tf.Variable, tf.Variable> = new Map();
  constructor(
    readonly config: SgdConfig,
    readonly variables: readonly tf.Variable[],
  ) {
    // Inside tidy: the zeros a variable is made from are a tensor of their own (a leak otherwise).
    for (const v of variables) {
      this.velocity.set(
        v,
        tf.tidy(() => tf.variable(tf.zerosLike(v), false)),
      );
    }
  }

  /** Apply one step with the given gradients (keyed by variable name) and learning rate. */
  apply(grads: tf.NamedTensorMap, lr: number): void {
    const { momentum, nesterov, weightDecay } = this.config;
    tf.tidy(() => {
      for (const w of this.variables) {
        const raw = grads[w.name];
        if (!raw) continue; // a block skipped this step (stochastic depth): no update
        const g = weightDecay > 0 ? tf.add(raw, tf.mul(w, weightDecay)) : raw;
        const v = this.velocity.get(w)!;
        const vNew = tf.add(tf.mul(v, momentum), g);
        v.assign(vNew);
        const step = nesterov ? tf.add(g, tf.mul(vNew, momentum)) : vNew;
        w.assign(tf.sub(w, tf.mul(step, lr)));
      }
    });
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
    this.velocity.clear();
  }
}
