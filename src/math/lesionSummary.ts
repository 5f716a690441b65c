/**
 * What a single-deletion sweep says in numbers (Veit et al. 2016, §4): the rise in test error
 * when one shape-keeping block is deleted, on average and at worst, against the intact net. The
 * downsampling blocks are left out: deleting one removes a change of shape, a different lesion
 * (the paper's Fig. 3 marks them apart too).
 */
export interface DeletionSummary {
  /** Shape-keeping blocks measured. */
  readonly blocks: number;
  /** Mean and largest rise in error over them, as a fraction (0.05 = 5 points). */
  readonly meanRise: number;
  readonly maxRise: number;
  /** Blocks whose deletion costs less than `small` (default 5 points). */
  readonly under: number;
}

export function summariseDeletions(
  errors: readonly (number | null)[],
  downsample: readonly boolean[],
  intact: number,
  small = 0.05,
): DeletionSummary | null {
  const rises = errors.flatMap((e, i) =>
    typeof e === 'number' && Number.isFinite(e) && !downsample[i] ? [e - intact] : [],
  );
  if (rises.length === 0) return null;
  return {
    blocks: rises.length,
    meanRise: rises.reduce((a, b) => a + b, 0) / rises.length,
    maxRise: Math.max(...rises),
    under: rises.filter((r) => r < small).length,
  };
}
