/** The run's settings: block family and its option, depth, width, data, epochs, batch, lr, seed. */
import type { Dispatch, SetStateAction } from 'react';
import { EMBEDDED_SIZE } from '../../../data/embedded/generate';
import { NumberSlider } from '../../controls/NumberSlider';
import { SegmentedControl } from '../../controls/SegmentedControl';
import { OptionControl } from '../../controls/OptionControl';
import {
  FAMILIES,
  FAMILY_LIST,
  netFigures,
  resolveOptions,
  type RunConfig,
} from '../../../worker/compute/protocol';
import type { BlockFamilyId } from '../../../nn/blocks/types';

interface Props {
  readonly config: RunConfig;
  readonly setConfig: Dispatch<SetStateAction<RunConfig>>;
  readonly disabled: boolean;
  /** Cores of this device (the most replicas worth running). */
  readonly maxReplicas: number;
  /** The backend is a GPU: one replica, the GPU's. */
  readonly gpu: boolean;
}

export function TrainingControls(props: Props) {
  const { config, setConfig, disabled, maxReplicas, gpu } = props;
  const options = resolveOptions(config.options);
  const set = (change: Partial<RunConfig>) => setConfig((c) => ({ ...c, ...change }));
  const setOption = (change: Partial<RunConfig['options']>) =>
    setConfig((c) => ({ ...c, options: { ...c.options, ...change } }));
  return (
    <fieldset className="controls training-controls" disabled={disabled}>
      <legend className="visually-hidden">Settings of the next run</legend>
      <div className="control">
        <label htmlFor="train-family">Block</label>
        <select
          id="train-family"
          value={config.family}
          onChange={(e) => set({ family: e.target.value as BlockFamilyId })}
          data-testid="train-family"
        >
          {FAMILY_LIST.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      {FAMILIES[config.family].options.map((spec) => (
        <OptionControl
          key={spec.key}
          spec={spec}
          options={options}
          onChange={setOption}
          testId={`train-option-${spec.key}`}
        />
      ))}
      <NumberSlider
        label="Depth n (6n + 2 layers for two-layer blocks)"
        value={config.n}
        min={1}
        max={18}
        step={1}
        onChange={(v) => set({ n: v })}
        valueText={(v) => `n = ${v}, ${netFigures({ ...config, n: v }).layers} layers`}
        testId="train-n"
      />
      <SegmentedControl
        legend="Width (×16/32/64 channels)"
        value={String(config.width)}
        options={[
          { value: '0.25', label: '¼' },
          { value: '0.5', label: '½' },
          { value: '1', label: '1' },
        ]}
        onChange={(v) => set({ width: Number(v) })}
      />
      <SegmentedControl
        legend="Data"
        value={config.dataset}
        options={[
          { value: 'embedded', label: 'Shapes' },
          { value: 'cifar10', label: 'CIFAR-10' },
        ]}
        onChange={(v) => set({ dataset: v })}
      />
      <NumberSlider
        label="Training images"
        value={config.trainImages}
        min={256}
        max={config.dataset === 'embedded' ? EMBEDDED_SIZE.train : 50000}
        step={256}
        onChange={(v) => set({ trainImages: v })}
        testId="train-images"
      />
      <NumberSlider
        label="Epochs"
        value={config.epochs}
        min={1}
        max={50}
        step={1}
        onChange={(v) => set({ epochs: v })}
        testId="train-epochs"
      />
      <SegmentedControl
        legend="Batch size"
        value={String(config.batchSize)}
        options={['16', '32', '64', '128'].map((b) => ({ value: b, label: b }))}
        onChange={(v) => set({ batchSize: Number(v) })}
      />
      <NumberSlider
        label="Learning rate"
        value={config.lr}
        min={0.001}
        max={100}
        step={0.001}
        onChange={(v) => set({ lr: v })}
        testId="train-lr"
      />
      <SegmentedControl
        legend="Schedule"
        value={config.schedule}
        options={[
          { value: 'constant', label: 'constant' },
          { value: 'step', label: 'step ½, ¾' },
          { value: 'cosine', label: 'cosine' },
        ]}
        onChange={(v) => set({ schedule: v })}
      />
      <NumberSlider
        label="Cores (data-parallel replicas)"
        value={gpu ? 1 : Math.min(config.replicas ?? 1, maxReplicas)}
        min={1}
        max={maxReplicas}
        step={1}
        disabled={gpu || maxReplicas === 1}
        onChange={(v) => set({ replicas: v })}
        valueText={(v) => `${v} ${v === 1 ? 'replica' : 'replicas'}`}
        hint={
          gpu
            ? 'The GPU runs the whole batch: replicas are for WASM and the CPU backend.'
            : `Each step's batch is split over this many workers, one a core (${maxReplicas} here).`
        }
        testId="train-replicas"
      />
      <NumberSlider
        label="Seed"
        value={config.seed}
        min={1}
        max={9999}
        step={1}
        onChange={(v) => set({ seed: v })}
      />
    </fieldset>
  );
}
