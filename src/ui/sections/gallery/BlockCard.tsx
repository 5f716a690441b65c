/** One block family in full: its options, formula, diagram, size at the chosen width, paper. */
import { useMemo } from 'react';
import { OptionControl } from '../../controls/OptionControl';
import { BlockDiagram } from '../../plots/BlockDiagram';
import { Tex } from '../../tex/Tex';
import {
  blockFigures,
  FAMILIES,
  FAMILY_LIST,
  formulaDiagram,
  formulaDisplayTex,
  resolveOptions,
} from '../../../worker/compute/protocol';
import type { BlockFamilyId, BlockOptions } from '../../../nn/blocks/types';
import { formatCount } from './format';

export interface CardState {
  readonly family: BlockFamilyId;
  readonly options: Partial<BlockOptions>;
}

interface Props {
  readonly slot: 'a' | 'b';
  readonly state: CardState;
  readonly width: number;
  readonly onChange: (s: CardState) => void;
}

export function BlockCard({ slot, state, width, onChange }: Props) {
  const entry = FAMILIES[state.family];
  const options = useMemo(() => resolveOptions(state.options), [state.options]);
  const formula = useMemo(() => entry.formula(options), [entry, options]);
  const diagram = useMemo(() => formulaDiagram(formula), [formula]);
  const fig = blockFigures(state.family, width, options);
  const ch = Math.max(1, Math.round(16 * width));
  const id = `gallery-${slot}`;
  return (
    <article className="block-card" data-testid={`block-card-${slot}`} data-family={state.family}>
      <div className="control">
        <label htmlFor={`${id}-family`}>Block {slot.toUpperCase()}</label>
        <select
          id={`${id}-family`}
          value={state.family}
          onChange={(e) => onChange({ family: e.target.value as BlockFamilyId, options: {} })}
          data-testid={`${id}-family`}
        >
          {FAMILY_LIST.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      {entry.options.map((spec) => (
        <OptionControl
          key={spec.key}
          spec={spec}
          options={options}
          onChange={(change) => onChange({ ...state, options: { ...state.options, ...change } })}
          testId={`${id}-option-${spec.key}`}
        />
      ))}
      <Tex display tex={formulaDisplayTex(formula)} className="block-formula" />
      <BlockDiagram
        diagram={diagram}
        label={`Data flow of one ${entry.short} block, from x_l at the top to x_(l+1) at the bottom`}
        testId={`${id}-diagram`}
      />
      <dl className="block-figures" data-params={fig.params} data-macs={fig.macs}>
        <dt>Trainable parameters</dt>
        <dd data-testid={`${id}-params`}>{formatCount(fig.params)}</dd>
        <dt>Multiply-adds per image</dt>
        <dd>{formatCount(fig.macs)}</dd>
      </dl>
      <p className="muted small">
        One shape-keeping block of stage 1: {ch} channels, 32 × 32 pixels.
      </p>
      <h4>
        <a href={entry.paper.url} target="_blank" rel="noreferrer">
          {entry.paper.cite}
        </a>
      </h4>
      <ul className="reported">
        {entry.paper.reported.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </article>
  );
}
