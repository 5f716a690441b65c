/** The lesson of each paper, each measured in the page (or read from the shipped runs). */
import type { Training } from '../training/useTraining';
import { DegradationLesson } from './DegradationLesson';
import { HighwayLesson } from './HighwayLesson';
import { IdentityLesson } from './IdentityLesson';
import { StochasticLesson } from './StochasticLesson';
import './lessons.css';

export function LessonsSection({ t }: { t: Training }) {
  const busy = t.active !== null;
  return (
    <section className="section" aria-labelledby="lessons-title" data-testid="lessons-section">
      <header className="section-header">
        <h2 id="lessons-title">What each paper found, measured here</h2>
        <p className="lede">
          Four findings behind the block families, each next to the page&apos;s own measurement on
          small nets: the degradation that shortcuts cure, why the shortcut must be the identity,
          what stochastic depth saves, and what a highway gate learns.
        </p>
      </header>
      <DegradationLesson busy={busy} onStart={(runs) => t.start(runs.map((r) => ({ ...r })))} />
      <IdentityLesson
        client={t.client}
        runs={t.runs}
        onStart={(runs) => t.start(runs)}
        busy={busy}
      />
      <StochasticLesson client={t.client} />
      <HighwayLesson client={t.client} />
    </section>
  );
}
