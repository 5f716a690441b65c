/**
 * A tiny DOM, just enough for D3 to draw SVG under Node without jsdom: elements with
 * attributes, children, text, document order, and querySelector(All) for selectors made of
 * tag names, `.class`es, `[attr]` / `[attr="v"]`, `:scope`, descendant and child combinators.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

interface Compound {
  readonly tag: string | null;
  readonly classes: readonly string[];
  readonly attrs: readonly (readonly [string, string | null])[];
  readonly scope: boolean;
}
interface Step {
  readonly combinator: ' ' | '>';
  readonly compound: Compound;
}

function parseCompound(text: string): Compound {
  const m = /^(\*|[a-zA-Z][\w-]*)?((?:\.[\w-]+|\[[^\]]+\]|:scope)*)$/.exec(text);
  if (!m) throw new Error(`miniSvgDom: unsupported selector part "${text}"`);
  const classes: string[] = [];
  const attrs: [string, string | null][] = [];
  let scope = false;
  for (const part of m[2]!.match(/\.[\w-]+|\[[^\]]+\]|:scope/g) ?? []) {
    if (part === ':scope') scope = true;
    else if (part.startsWith('.')) classes.push(part.slice(1));
    else {
      const a = /^\[([\w-]+)(?:=["']?([^"'\]]*)["']?)?\]$/.exec(part);
      if (!a) throw new Error(`miniSvgDom: unsupported attribute selector "${part}"`);
      attrs.push([a[1]!, a[2] ?? null]);
    }
  }
  return { tag: m[1] && m[1] !== '*' ? m[1] : null, classes, attrs, scope };
}

function parse(selector: string): Step[] {
  const tokens = selector
    .trim()
    .replace(/\s*>\s*/g, ' > ')
    .split(/\s+/);
  const steps: Step[] = [];
  let combinator: ' ' | '>' = ' ';
  for (const t of tokens) {
    if (t === '>') combinator = '>';
    else {
      steps.push({ combinator, compound: parseCompound(t) });
      combinator = ' ';
    }
  }
  return steps;
}

export class MiniElement {
  parentNode: MiniElement | null = null;
  readonly childNodes: MiniElement[] = [];
  private readonly attrs = new Map<string, string>();
  private ownText = '';
  readonly nodeType = 1;
  constructor(
    readonly ownerDocument: MiniDocument,
    readonly namespaceURI: string,
    readonly localName: string,
  ) {}

  get tagName(): string {
    return this.localName;
  }
  get nodeName(): string {
    return this.localName;
  }
  get children(): MiniElement[] {
    return this.childNodes;
  }
  get firstChild(): MiniElement | null {
    return this.childNodes[0] ?? null;
  }
  get nextSibling(): MiniElement | null {
    const p = this.parentNode;
    return p ? (p.childNodes[p.childNodes.indexOf(this) + 1] ?? null) : null;
  }

  setAttribute(name: string, value: unknown): void {
    this.attrs.set(name, String(value));
  }
  getAttribute(name: string): string | null {
    return this.attrs.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attrs.has(name);
  }
  removeAttribute(name: string): void {
    this.attrs.delete(name);
  }
  get classList(): string[] {
    return (this.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
  }

  get textContent(): string {
    return this.ownText + this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(v: string | null) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes.length = 0;
    this.ownText = v ?? '';
  }

  insertBefore<T extends MiniElement>(child: T, ref: MiniElement | null): T {
    if (child.parentNode) child.parentNode.removeChild(child);
    const i = ref ? this.childNodes.indexOf(ref) : -1;
    if (ref && i < 0) throw new Error('miniSvgDom: insertBefore reference is not a child');
    if (i < 0) this.childNodes.push(child);
    else this.childNodes.splice(i, 0, child);
    child.parentNode = this;
    return child;
  }
  appendChild<T extends MiniElement>(child: T): T {
    return this.insertBefore(child, null);
  }
  removeChild<T extends MiniElement>(child: T): T {
    const i = this.childNodes.indexOf(child);
    if (i < 0) throw new Error('miniSvgDom: not a child');
    this.childNodes.splice(i, 1);
    child.parentNode = null;
    return child;
  }
  remove(): void {
    this.parentNode?.removeChild(this);
  }

  /** DOCUMENT_POSITION_FOLLOWING (4) when `other` comes after this, else PRECEDING (2). */
  compareDocumentPosition(other: MiniElement): number {
    const path = (e: MiniElement) => {
      const p: MiniElement[] = [];
      for (let x: MiniElement | null = e; x; x = x.parentNode) p.unshift(x);
      return p;
    };
    const a = path(this);
    const b = path(other);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (i === a.length) return i === b.length ? 0 : 4 | 16; // other is inside this
    if (i === b.length) return 2 | 8; // this is inside other
    const parent = a[i - 1]!;
    return parent.childNodes.indexOf(b[i]!) > parent.childNodes.indexOf(a[i]!) ? 4 : 2;
  }

  private matches(c: Compound, scope: MiniElement): boolean {
    if (c.scope && this !== scope) return false;
    if (c.tag && c.tag !== this.localName) return false;
    const cls = this.classList;
    if (!c.classes.every((x) => cls.includes(x))) return false;
    return c.attrs.every(([n, v]) =>
      v === null ? this.hasAttribute(n) : this.getAttribute(n) === v,
    );
  }

  private matchesSteps(steps: readonly Step[], i: number, scope: MiniElement): boolean {
    if (!this.matches(steps[i]!.compound, scope)) return false;
    if (i === 0) return true;
    if (steps[i]!.combinator === '>') {
      return this.parentNode !== null && this.parentNode.matchesSteps(steps, i - 1, scope);
    }
    for (let a = this.parentNode; a; a = a.parentNode) {
      if (a.matchesSteps(steps, i - 1, scope)) return true;
    }
    return false;
  }

  private descendants(): MiniElement[] {
    return this.childNodes.flatMap((c) => [c, ...c.descendants()]);
  }

  querySelectorAll(selector: string): MiniElement[] {
    const steps = parse(selector);
    return this.descendants().filter((e) => e.matchesSteps(steps, steps.length - 1, this));
  }
  querySelector(selector: string): MiniElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }
}

export class MiniDocument {
  readonly documentElement: MiniElement;
  constructor() {
    this.documentElement = new MiniElement(this, SVG_NS, 'svg');
  }
  createElementNS(ns: string, name: string): MiniElement {
    return new MiniElement(this, ns, name);
  }
  createElement(name: string): MiniElement {
    return new MiniElement(this, 'http://www.w3.org/1999/xhtml', name);
  }
}

/** A detached `<svg>` to draw into, typed as the real thing for the draw functions. */
export function detachedSvg(): SVGSVGElement {
  return new MiniDocument().createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
}

/** The mini element behind a detached svg, for queries in tests. */
export function mini(svg: SVGSVGElement): MiniElement {
  return svg as unknown as MiniElement;
}
