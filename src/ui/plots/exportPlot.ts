/** Save a plot as SVG or PNG, and data as CSV: files made in the page, nothing uploaded. */

const STYLE = `text { font: 12px system-ui, sans-serif; fill: #1d2433; }
.domain, .tick line { stroke: #5b6478; fill: none; }`;

/** The SVG as a standalone document: namespace, size and the few styles it needs inlined. */
export function svgDocument(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 600 300').split(/\s+/).map(Number);
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(h));
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = STYLE;
  copy.insertBefore(style, copy.firstChild);
  // CSS variables do not travel: resolve the stroke width the page gave the lines.
  copy
    .querySelectorAll('[stroke-width="var(--stroke)"]')
    .forEach((e) => e.setAttribute('stroke-width', '1.5'));
  return new XMLSerializer().serializeToString(copy);
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadSvg(svg: SVGSVGElement, filename: string): void {
  download(new Blob([svgDocument(svg)], { type: 'image/svg+xml' }), filename);
}

/** Rasterise at `scale`× on a white background. */
export async function downloadPng(svg: SVGSVGElement, filename: string, scale = 2): Promise<void> {
  const text = svgDocument(svg);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width * scale;
    canvas.height = img.height * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    if (!png) throw new Error('the browser could not encode the PNG');
    download(png, filename);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** RFC 4180 CSV: a header and rows; fields with commas, quotes or newlines are quoted. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | undefined)[])[],
): string {
  const field = (v: string | number | undefined) => {
    const s = v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
