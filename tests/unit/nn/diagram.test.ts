import { describe, expect, it } from 'vitest';
import { pathsPerBlock } from '../../../src/math/blockPaths';
import { FAMILIES } from '../../../src/nn/blocks/catalog';
import { diagramPathCount, formulaDiagram } from '../../../src/nn/blocks/diagram';
import { resolveOptions } from '../../../src/nn/blocks/options';
import { BLOCK_IDS } from '../../../src/nn/blocks/registry';

const diagram = (id: (typeof BLOCK_IDS)[number], o = {}) =>
  formulaDiagram(FAMILIES[id].formula(resolveOptions(o)));

describe('block diagrams generated from the formulas', () => {
  it.each(BLOCK_IDS)('%s: edges run forwards, from the input to the output', (id) => {
    const d = diagram(id);
    expect(d.nodes[0]!.kind).toBe('input');
    expect(d.nodes.at(-1)!.kind).toBe('output');
    for (const e of d.edges) expect(e.from).toBeLessThan(e.to);
    // Every node but the output feeds something; every node but the input reads something.
    d.nodes.forEach((n, i) => {
      if (i < d.nodes.length - 1) expect(d.edges.some((e) => e.from === n.id)).toBe(true);
      if (i > 0) expect(d.edges.some((e) => e.to === n.id)).toBe(true);
    });
  });

  it.each(BLOCK_IDS.filter((id) => id !== 'highway'))(
    '%s: as many input-to-output routes as the path graph has paths',
    (id) => {
      expect(diagramPathCount(diagram(id))).toBe(pathsPerBlock(FAMILIES[id].graph));
    },
  );

  it('the highway gate reaches the output twice: T ⊙ H and (1 − T) ⊙ x', () => {
    const d = diagram('highway');
    expect(d.nodes.filter((n) => n.kind === 'hadamard')).toHaveLength(2);
    // x → T → (T ⊙ H), x → H → (T ⊙ H), x → T → (1 − T) → ⊙, x → ⊙ (carry): four routes.
    expect(diagramPathCount(d)).toBe(4);
  });

  it('marks the shortcut, and only shortcut families have one', () => {
    expect(diagram('postact').edges.filter((e) => e.shortcut)).toHaveLength(1);
    expect(diagram('noShortcut').edges.some((e) => e.shortcut)).toBe(false);
    // RK4: stages 2–4 read the shortcut, and so does the output.
    expect(diagram('rk4').edges.filter((e) => e.shortcut)).toHaveLength(4);
  });

  it('labels the RK4 weights and a scaled shortcut', () => {
    const labels = diagram('rk4').edges.flatMap((e) => (e.label ? [e.label] : []));
    expect(labels.sort()).toEqual(['½', '½', '⅓', '⅓', '⅙', '⅙'].sort());
    const scaled = diagram('postact', { lambda: 0.5 }).edges.find((e) => e.shortcut);
    expect(scaled?.label).toBe('½');
  });

  it('draws the pre-activation orderings differently (BN before or after the addition)', () => {
    const order = (v: 'b' | 'e') =>
      diagram('preact', { preactVariant: v })
        .nodes.map((n) => n.kind)
        .join(' ');
    expect(order('e')).toBe('input bn relu conv bn relu conv sum output');
    expect(order('b')).toBe('input conv bn relu conv sum bn relu output');
  });
});
