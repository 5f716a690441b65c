/**
 * The ten classes of the embedded dataset, each a shape given by its signed distance (negative
 * inside) in the shape's own frame, where the shape fills roughly the unit disc. Pure maths.
 */
export interface ShapeClass {
  readonly name: string;
  /** Whether a point (u, v) of the shape's frame is inside the shape. */
  readonly inside: (u: number, v: number) => boolean;
}

const len = Math.hypot;

export const SHAPES: readonly ShapeClass[] = [
  { name: 'disc', inside: (u, v) => len(u, v) < 0.8 },
  { name: 'ring', inside: (u, v) => Math.abs(len(u, v) - 0.7) < 0.18 },
  { name: 'square', inside: (u, v) => Math.max(Math.abs(u), Math.abs(v)) < 0.68 },
  {
    name: 'triangle',
    inside: (u, v) => Math.max(Math.abs(u) * 0.866 + v * 0.5, -v) < 0.45,
  },
  {
    name: 'cross',
    inside: (u, v) =>
      (Math.abs(u) < 0.22 && Math.abs(v) < 0.85) || (Math.abs(v) < 0.22 && Math.abs(u) < 0.85),
  },
  {
    name: 'star',
    inside: (u, v) => len(u, v) < 0.85 * (0.55 + 0.45 * Math.cos(5 * Math.atan2(v, u))),
  },
  { name: 'crescent', inside: (u, v) => len(u, v) < 0.8 && len(u - 0.38, v) > 0.62 },
  {
    name: 'two dots',
    inside: (u, v) => len(u - 0.45, v) < 0.33 || len(u + 0.45, v) < 0.33,
  },
  {
    name: 'striped disc',
    inside: (u, v) => len(u, v) < 0.85 && Math.sin(u * 11) > 0,
  },
  {
    name: 'checker square',
    inside: (u, v) =>
      Math.max(Math.abs(u), Math.abs(v)) < 0.75 &&
      (Math.floor((u + 1) * 2.7) + Math.floor((v + 1) * 2.7)) % 2 === 0,
  },
];
