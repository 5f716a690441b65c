/** 1179648 → "1,179,648": counts written in full, grouped by thousands. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
