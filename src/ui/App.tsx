import { lazy, Suspense, useEffect } from 'react';
import { DatasetSection } from './sections/data/DatasetSection';
import { TrainingSection } from './sections/training/TrainingSection';
import { useTraining } from './sections/training/useTraining';
import { LabSection } from './sections/lab/LabSection';
import { UnraveledSection } from './sections/unraveled/UnraveledSection';
import { useUrlState } from './state/useUrlState';
import { Notices } from './Notices';

// Sections below the first screen load after the first paint, each in its own chunk.
const GallerySection = lazy(() =>
  import('./sections/gallery/GallerySection').then((m) => ({ default: m.GallerySection })),
);
const OdeSection = lazy(() =>
  import('./sections/ode/OdeSection').then((m) => ({ default: m.OdeSection })),
);
const LessonsSection = lazy(() =>
  import('./sections/lessons/LessonsSection').then((m) => ({ default: m.LessonsSection })),
);

function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return (
    target.isContentEditable ||
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    (tag === 'INPUT' && !['range', 'radio', 'checkbox'].includes((target as HTMLInputElement).type))
  );
}

export function App() {
  const { state, notices, update, dismissNotices } = useUrlState();
  const present = state.present;
  // One compute worker for the page: the training section and the lab share it and its runs.
  const training = useTraining();

  useEffect(() => {
    document.documentElement.classList.toggle('present', present);
  }, [present]);

  // `p` toggles presentation mode, except while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'p' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      update({ present: !present });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [present, update]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="brand">
          <h1>Unraveled</h1>
          <p className="tagline">Why residual networks work, in your browser</p>
        </div>
        <button
          type="button"
          className="present-toggle"
          aria-pressed={present}
          onClick={() => update({ present: !present })}
          data-testid="present-toggle"
          title="Presentation mode (key P)"
        >
          {present ? 'Leave presentation mode' : 'Presentation mode'} <kbd>P</kbd>
        </button>
      </header>
      <Notices notices={notices} onDismiss={dismissNotices} />
      <main id="main">
        <UnraveledSection state={state} update={update} />
        <Suspense fallback={<Loading what="the block gallery" />}>
          <GallerySection />
        </Suspense>
        <Suspense fallback={<Loading what="the ODE view" />}>
          <OdeSection />
        </Suspense>
        <DatasetSection />
        <TrainingSection t={training} />
        <LabSection client={training.client} runs={training.runs} active={training.active} />
        <Suspense fallback={<Loading what="the lessons" />}>
          <LessonsSection t={training} />
        </Suspense>
      </main>
      <footer className="app-footer">
        <p>
          Sources: He et al. 2016 (ResNet); Veit, Wilber &amp; Belongie 2016 (the unraveled view);
          Huang et al. 2016 (stochastic depth); Luo et al. 2021 (HO-ResNet midpoint and RK4 blocks);
          Krizhevsky 2009 (CIFAR-10). The settings live in the address: copy it to share this exact
          view.
        </p>
      </footer>
    </div>
  );
}
