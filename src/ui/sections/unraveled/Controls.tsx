import { BLOCK_FAMILIES, blockGraph } from '../../../math/blockPaths';
import { NumberSlider } from '../../controls/NumberSlider';
import { SegmentedControl } from '../../controls/SegmentedControl';
import { Switch } from '../../controls/Switch';
import { MAX_BLOCKS, type AppState } from '../../state/schema';

interface Props {
  readonly state: AppState;
  readonly update: (change: Partial<AppState>) => void;
}

const PRESETS = [
  { label: 'n = 3 (Veit’s eq. 5)', change: { n: 3, family: 'residual', sd: false } },
  { label: 'n = 54 (ResNet-110)', change: { n: 54, family: 'residual' } },
  {
    label: 'ResNet-110 with stochastic depth',
    change: { n: 54, family: 'residual', sd: true, rule: 'linear', pL: 0.5 },
  },
] as const satisfies readonly { label: string; change: Partial<AppState> }[];

export function Controls({ state, update }: Props) {
  const plain = state.family === 'noShortcut';
  return (
    <div className="controls" aria-label="Settings of the unraveled view" role="group">
      <NumberSlider
        label="Blocks n"
        value={state.n}
        min={1}
        max={MAX_BLOCKS}
        step={1}
        onChange={(n) => update({ n })}
        valueText={(n) => `${n} block${n === 1 ? '' : 's'}`}
        testId="n"
      />
      <SegmentedControl
        legend="Block family"
        value={state.family}
        options={BLOCK_FAMILIES.map((f) => ({ value: f, label: blockGraph(f).label }))}
        onChange={(family) => update({ family })}
        testId="family"
      />
      <Switch
        label="Stochastic depth"
        checked={state.sd && !plain}
        disabled={plain}
        onChange={(sd) => update({ sd })}
        hint={
          plain ? 'Needs a shortcut to skip a block through; the plain net has none.' : undefined
        }
        testId="sd"
      />
      {state.sd && !plain && (
        <>
          <SegmentedControl
            legend="Survival rule"
            value={state.rule}
            options={[
              { value: 'linear', label: 'Linear decay' },
              { value: 'uniform', label: 'Uniform' },
            ]}
            onChange={(rule) => update({ rule })}
            testId="rule"
          />
          <NumberSlider
            label="Survival of the last block p_L"
            value={state.pL}
            min={0}
            max={1}
            step={0.01}
            onChange={(pL) => update({ pL })}
            valueText={(p) => `p_L = ${p}`}
            testId="pL"
          />
        </>
      )}
      <SegmentedControl
        legend="Plot scale"
        value={state.scale}
        options={[
          { value: 'linear', label: 'Linear' },
          { value: 'log', label: 'Log' },
        ]}
        onChange={(scale) => update({ scale })}
        testId="scale"
      />
      <div className="control presets">
        <span className="presets-label" id="presets-label">
          Try
        </span>
        <div role="group" aria-labelledby="presets-label">
          {PRESETS.map((p) => (
            <button type="button" key={p.label} onClick={() => update(p.change)}>
              {p.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
