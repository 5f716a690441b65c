/** Per class: its name, its training and test counts, and sample images drawn from the set. */
import { useEffect, useRef } from 'react';
import type { DatasetSummary, Sample } from '../../../data/summary';

function Thumb({ sample, name }: { sample: Sample; name: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(sample.rgba), 32, 32), 0, 0);
  }, [sample]);
  return <canvas ref={ref} width={32} height={32} className="thumb" aria-label={name} role="img" />;
}

export function SampleTable({ set }: { set: DatasetSummary }) {
  return (
    <table className="sample-table" data-testid={`samples-${set.id}`}>
      <caption className="visually-hidden">
        Classes of the {set.id === 'embedded' ? 'embedded' : 'CIFAR-10'} set with image counts and
        sample training images
      </caption>
      <thead>
        <tr>
          <th scope="col">class</th>
          <th scope="col" className="num">
            train
          </th>
          <th scope="col" className="num">
            test
          </th>
          <th scope="col">samples</th>
        </tr>
      </thead>
      <tbody>
        {set.classNames.map((name, c) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td className="num">{set.train.perClass[c]!.toLocaleString('en')}</td>
            <td className="num">{set.test.perClass[c]!.toLocaleString('en')}</td>
            <td className="thumbs">
              {set.samples
                .filter((s) => s.label === c)
                .map((s, i) => (
                  <Thumb key={i} sample={s} name={`${name}, sample ${i + 1}`} />
                ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
