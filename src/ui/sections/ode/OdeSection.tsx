/**
 * Higher order and the ODE view: a residual block is one Euler step; the midpoint and RK4
 * blocks are those methods' steps. Each method runs on a 2-D ODE with the tableau read off its
 * block's path graph; the global error falls as h, h², h⁴ (slopes fitted in the page).
 */
import { useMemo, useState } from 'react';
import { blockPolynomial, graphTex, polynomialTex } from '../../../math/blockPaths';
import {
  asymptotic,
  fitLogLog,
  globalErrors,
  integrate,
  METHODS,
  reference,
  STEP_COUNTS,
  SYSTEMS,
  type OdeSystem,
} from '../../../math/ode';
import { NumberSlider } from '../../controls/NumberSlider';
import { SegmentedControl } from '../../controls/SegmentedControl';
import { Tex } from '../../tex/Tex';
import type { OdeErrorSeries } from '../../plots/drawOde';
import { OdeErrorPlot, OdeFieldPlot } from './OdePlots';
import './ode.css';

function errorSeries(sys: OdeSystem): OdeErrorSeries[] {
  return METHODS.map((m) => {
    const points = globalErrors(m.family, sys, STEP_COUNTS);
    const fitted = asymptotic(points, sys.T);
    const fit = fitLogLog(fitted);
    const hs = fitted.map((p) => p.h);
    return {
      method: m.id,
      name: m.name,
      points,
      fit: { ...fit, hLo: Math.min(...hs), hHi: Math.max(...hs) },
    };
  });
}

export function OdeSection() {
  const [systemId, setSystemId] = useState<OdeSystem['id']>('spiral');
  const [steps, setSteps] = useState(12);
  const sys = SYSTEMS.find((s) => s.id === systemId)!;
  const h = sys.T / steps;
  const truth = useMemo(
    () => Array.from({ length: 201 }, (_, i) => reference(sys, (sys.T * i) / 200)),
    [sys],
  );
  const field = useMemo(
    () => ({
      f: sys.f,
      box: sys.box,
      truth,
      tracks: METHODS.map((m) => ({
        method: m.id,
        name: m.name,
        points: integrate(m.family, sys, steps),
      })),
    }),
    [sys, truth, steps],
  );
  const series = useMemo(() => errorSeries(sys), [sys]);
  const end = truth.at(-1)!;
  const errNow = field.tracks.map((t) => {
    const y = t.points.at(-1)!;
    return Math.hypot(y[0] - end[0], y[1] - end[1]);
  });
  return (
    <section className="section" aria-labelledby="ode-title" data-testid="ode-lesson">
      <header className="section-header">
        <h2 id="ode-title">Higher order: a residual block is a step of an ODE solver</h2>
        <p className="lede">
          A residual block <Tex tex="x_{l+1} = x_l + F(x_l)" /> is one step of Euler&apos;s method
          for <Tex tex="\dot y = f(y)" /> with <Tex tex="F = h f" /> (Lu et al. 2018). Luo et
          al.&apos;s HO-ResNet stacks its functions as the midpoint and RK4 methods do instead. On
          an ODE whose answer we know, the three methods below use the very weights the page&apos;s
          blocks are built from (read off each block&apos;s path graph), and their error at the end
          shrinks as <Tex tex="h" />, <Tex tex="h^2" /> and <Tex tex="h^4" />.
        </p>
      </header>
      <div className="controls ode-controls">
        <SegmentedControl
          legend="ODE"
          value={systemId}
          options={SYSTEMS.map((s) => ({ value: s.id, label: s.name }))}
          onChange={setSystemId}
          testId="ode-system"
        />
        <NumberSlider
          label="Steps over [0, T]"
          value={steps}
          min={3}
          max={60}
          step={1}
          onChange={setSteps}
          valueText={(v) => `${v} steps, h = ${(sys.T / v).toFixed(3)}`}
          hint={`h = T / steps = ${h.toFixed(3)} (T = ${sys.T}); a net's block is h = 1.`}
          testId="ode-steps"
        />
      </div>
      <div className="ode-plots">
        <figure className="plot">
          <OdeFieldPlot
            data={field}
            label={`Vector field of the ${sys.name} ODE with the true solution and ${steps} steps of Euler, midpoint and RK4`}
          />
          <figcaption>
            Arrows: the direction of <Tex tex="f(y)" />. Dots: each method&apos;s steps of size{' '}
            {h.toFixed(3)}; dashed: the true solution.
          </figcaption>
        </figure>
        <figure className="plot">
          <OdeErrorPlot
            series={series}
            h={h}
            label="Global error at time T against the step size, on log–log axes, for each method"
          />
          <figcaption>
            Global error <Tex tex="|y_N - y(T)|" /> against <Tex tex="h" />; the pale lines are
            fitted over the five smallest steps (<Tex tex="h \le T/96" />
            ), where the error is <Tex tex="C h^p" />. The orange line marks the chosen{' '}
            <Tex tex="h" />.
          </figcaption>
        </figure>
      </div>
      <table className="data-table" data-testid="ode-table">
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Its block, as an update</th>
            <th scope="col">Paths through one block</th>
            <th scope="col">Order p (fitted slope)</th>
            <th scope="col">Error at T with h = {h.toFixed(3)}</th>
          </tr>
        </thead>
        <tbody>
          {METHODS.map((m, i) => (
            <tr key={m.id} data-method={m.id} data-slope={series[i]!.fit.slope.toFixed(3)}>
              <th scope="row">{m.name}</th>
              <td>
                <Tex tex={graphTex(m.family)} />
              </td>
              <td>
                <Tex tex={polynomialTex(blockPolynomial(m.family))} />
              </td>
              <td>
                {m.order} ({series[i]!.fit.slope.toFixed(2)})
              </td>
              <td>{errNow[i]!.toExponential(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Order is not accuracy in a net: a block&apos;s step is <Tex tex="h = 1" />, far from the
        asymptotic regime, and its <Tex tex="f" /> is learned. What the higher-order blocks change
        is how the functions are stacked: an RK4 block has 11 paths of lengths 0 to 4 (where four
        Euler blocks have 16), so the unraveled view above shifts with the family.
      </p>
    </section>
  );
}
