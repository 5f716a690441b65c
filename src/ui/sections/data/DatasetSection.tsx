/** The data the nets train on: the embedded shapes (no download) and CIFAR-10 (imported). */
import type { DatasetSummary } from '../../../data/summary';
import { ProblemAlert } from '../../ProblemAlert';
import { EMBEDDED_SIZE } from '../../../data/embedded/generate';
import { ImportControls } from './ImportControls';
import { SampleTable } from './SampleTable';
import { useDatasets } from './useDatasets';

function Counts({ set }: { set: DatasetSummary }) {
  return (
    <p className="dataset-source">
      <strong>{set.train.count.toLocaleString('en')}</strong> training and{' '}
      <strong>{set.test.count.toLocaleString('en')}</strong> test images, 32×32 colour,{' '}
      {set.classNames.length} classes; {set.source}.
    </p>
  );
}

export function DatasetSection() {
  const data = useDatasets();
  return (
    <section className="section" aria-labelledby="data-title" data-testid="dataset-section">
      <header className="section-header">
        <h2 id="data-title">The data: images the nets learn from</h2>
        <p className="lede">
          The nets of this page train on small colour images, as in He et al.&apos;s CIFAR-10
          experiments. A set of generated shapes is ready at once; the real CIFAR-10 (Krizhevsky,
          2009) can be imported from its official archive.
        </p>
      </header>
      <ProblemAlert problem={data.problem} onDismiss={data.dismissProblem} testId="data-problem" />
      <div className="datasets">
        <article
          className="dataset"
          aria-labelledby="embedded-title"
          data-testid="dataset-embedded"
        >
          <h3 id="embedded-title">Embedded shapes</h3>
          {data.embedded ? (
            <>
              <Counts set={data.embedded} />
              <p className="muted">
                Ten shapes at a random place, size, rotation and colour over a random gradient,
                among stray strokes, with noise; {EMBEDDED_SIZE.train.toLocaleString('en')} +{' '}
                {EMBEDDED_SIZE.test.toLocaleString('en')} images made from seed {EMBEDDED_SIZE.seed}
                , the same on every computer.
              </p>
              <SampleTable set={data.embedded} />
            </>
          ) : (
            <p className="muted" aria-live="polite">
              Generating the images…
            </p>
          )}
        </article>
        <article className="dataset" aria-labelledby="cifar-title" data-testid="dataset-cifar10">
          <h3 id="cifar-title">CIFAR-10</h3>
          {data.cifar10 === undefined && <p className="muted">Looking for a stored copy…</p>}
          {data.cifar10 === null && (
            <p>Not on this device yet: import it once and it stays for your next visits.</p>
          )}
          {data.cifar10 && <Counts set={data.cifar10} />}
          <ImportControls
            progress={data.progress}
            canRemove={Boolean(data.cifar10?.source.startsWith('imported'))}
            onFile={data.importFile}
            onRemove={data.remove}
          />
          {data.cifar10 && <SampleTable set={data.cifar10} />}
        </article>
      </div>
    </section>
  );
}
