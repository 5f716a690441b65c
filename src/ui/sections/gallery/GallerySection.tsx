/** The block gallery: every family in a table, two side by side in full, the bottleneck lesson. */
import { useState } from 'react';
import { NumberSlider } from '../../controls/NumberSlider';
import { SegmentedControl } from '../../controls/SegmentedControl';
import { netFigures } from '../../../worker/compute/protocol';
import { BlockCard, type CardState } from './BlockCard';
import { BottleneckLesson } from './BottleneckLesson';
import { FamilyTable } from './FamilyTable';
import './gallery.css';

export function GallerySection() {
  const [width, setWidth] = useState(1);
  const [n, setN] = useState(3);
  const [a, setA] = useState<CardState>({ family: 'postact', options: {} });
  const [b, setB] = useState<CardState>({ family: 'preact', options: {} });
  return (
    <section className="section" aria-labelledby="gallery-title" data-testid="gallery">
      <header className="section-header">
        <h2 id="gallery-title">The blocks: seven ways to stack a layer</h2>
        <p className="lede">
          Every block family the page trains, each with its formula, a diagram drawn from that
          formula, its size and its paper. The formula is the code: a test evaluates each one on
          plain arrays and compares it with the block&apos;s forward pass. Pick two to compare; a
          click on a row of the table puts that family in block A.
        </p>
      </header>
      <div className="controls">
        <SegmentedControl
          legend="Width (×16/32/64 channels)"
          value={String(width)}
          options={[
            { value: '0.25', label: '¼' },
            { value: '0.5', label: '½' },
            { value: '1', label: '1' },
          ]}
          onChange={(v) => setWidth(Number(v))}
          testId="gallery-width"
        />
        <NumberSlider
          label="Depth n (for the whole net)"
          value={n}
          min={1}
          max={18}
          step={1}
          onChange={setN}
          valueText={(v) =>
            `n = ${v}, ${netFigures({ family: 'postact', n: v, width }).layers} layers`
          }
          testId="gallery-n"
        />
      </div>
      <FamilyTable width={width} n={n} onPick={(family) => setA({ family, options: {} })} />
      <div className="block-pair">
        <BlockCard slot="a" state={a} width={width} onChange={setA} />
        <BlockCard slot="b" state={b} width={width} onChange={setB} />
      </div>
      <BottleneckLesson />
    </section>
  );
}
