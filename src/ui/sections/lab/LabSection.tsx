/**
 * The ensemble lab (Veit, Wilber & Belongie 2016): take a trained net, break it, and see that a
 * ResNet behaves like an ensemble of short paths while a plain net does not.
 */
import { percentText } from '../../format';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ComputeClient } from '../../../worker/compute/client';
import type { RunRecord } from '../../../worker/compute/protocol';
import { BN_REESTIMATE_IMAGES } from '../../../worker/lab/protocol';
import { Switch } from '../../controls/Switch';
import { ProblemAlert } from '../../ProblemAlert';
import { BlockStrip } from './BlockStrip';
import { GradientPanel } from './GradientPanel';
import { NetPicker } from './NetPicker';
import { NET_COLOURS, netName, SweepPanel } from './SweepPanel';
import { SLOTS, useLab } from './useLab';
import '../../plots/lab.css';

/** True once the element has come within a screen of the viewport (then the lab loads). */
function useNear(ref: RefObject<HTMLElement | null>): boolean {
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = ref.current;
    if (!el || near) return;
    const io = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && setNear(true), {
      rootMargin: '100% 0px',
    });
    io.observe(el);
    return () => io.disconnect();
  }, [ref, near]);
  return near;
}

export function LabSection({
  client,
  runs,
  active,
}: {
  client: RefObject<ComputeClient | null>;
  runs: readonly RunRecord[];
  active: number | null;
}) {
  const ref = useRef<HTMLElement>(null);
  const lab = useLab(client, runs, useNear(ref));
  const finished = runs.filter((r) => r.id !== active);
  return (
    <section ref={ref} className="section" aria-labelledby="lab-title" data-testid="lab-section">
      <header className="section-header">
        <h2 id="lab-title">Break them: a ResNet is an ensemble of short paths</h2>
        <p className="lede">
          Veit, Wilber &amp; Belongie (<a href="https://arxiv.org/abs/1605.06431">2016</a>) deleted
          single blocks of a trained 110-layer ResNet and its error barely moved, while deleting a
          layer of a plain net was fatal; they read this as the sign that a ResNet behaves like an
          ensemble of many paths, most of them short. Try it here on nets trained by this
          page&apos;s own code: a 110-layer ResNet like theirs (54 blocks, 4 to 16 channels wide)
          against a plain net without shortcuts; your runs join the lists when they finish. A plain
          net of 110 layers does not learn at all (the degradation problem of He et al.), so the
          plain net here is the deepest that does. The 32-layer pair shows what depth changes:
          there, deleting a block hurts the ResNet almost as much as the plain net.
        </p>
      </header>
      <ProblemAlert problem={lab.problem} onDismiss={lab.dismissProblem} testId="lab-problem" />
      <div className="lab-pickers">
        {SLOTS.map((slot) => (
          <NetPicker
            key={slot}
            id={`lab-pick-${slot}`}
            label={slot === 'a' ? 'Net A (studied)' : 'Net B (compared)'}
            value={lab.keys[slot]}
            shipped={lab.shipped ?? []}
            runs={finished}
            allowNone={slot === 'b'}
            onChange={(key) => lab.choose(slot, key)}
          />
        ))}
      </div>
      <Switch
        label="Re-estimate batch-norm statistics after deleting"
        checked={lab.bn === 'reestimated'}
        onChange={(on) => lab.setBn(on ? 'reestimated' : 'trained')}
        disabled={lab.job !== null}
        testId="lab-reestimate-bn"
        hint={`Off (Veit's protocol): a lesioned net keeps the batch-norm statistics it was trained with, though every layer after the deleted block now sees different inputs. On: each lesion first measures them afresh on ${BN_REESTIMATE_IMAGES} training images, so what damage is left is the lost paths alone. Applies to the blocks deleted by hand and to every sweep.`}
      />
      <h3>Delete blocks by hand</h3>
      <p className="muted">
        Press a block to delete it (its output becomes its shortcut alone) or to restore it; the
        same blocks go in both nets, and their test error follows at once.
      </p>
      <div className="lab-nets" aria-live="polite">
        {SLOTS.map((slot) => {
          const o = lab.opened[slot];
          if (lab.opening[slot])
            return (
              <p key={slot} className="muted">
                Opening net {slot.toUpperCase()}…
              </p>
            );
          if (!o) return null;
          const r = lab.lesion[slot] ?? o.intact;
          const own = lab.deleted.filter((b) => b < o.blocks.length);
          return (
            <div className="lab-net" key={slot} data-testid={`lab-net-${slot}`}>
              <p className="lab-net-title">
                <span
                  className="run-swatch"
                  style={{ background: NET_COLOURS[slot] }}
                  aria-hidden="true"
                />{' '}
                <strong>{netName(lab, slot)}</strong> · {o.testImages} test images · intact error{' '}
                {percentText(o.intact.error)}
              </p>
              <BlockStrip
                name={`net ${slot.toUpperCase()}`}
                blocks={o.blocks}
                deleted={own}
                onToggle={lab.toggle}
                disabled={lab.job !== null}
                testId={`lab-strip-${slot}`}
              />
              <p className="lab-error" data-testid={`lab-error-${slot}`} data-error={r.error}>
                {own.length === 0 ? 'Intact' : `${own.length} deleted`}: test error{' '}
                <strong>{percentText(r.error)}</strong> (accuracy {percentText(r.accuracy)})
              </p>
            </div>
          );
        })}
      </div>
      <h3>Sweeps</h3>
      <SweepPanel lab={lab} />
      <h3>Gradient per path length</h3>
      <GradientPanel lab={lab} />
    </section>
  );
}
