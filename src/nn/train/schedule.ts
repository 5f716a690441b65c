/** Learning-rate schedules: step decay at 50 % and 75 % (He et al.), cosine, with linear warm-up. */
export type ScheduleKind = 'constant' | 'step' | 'cosine';

export interface Schedule {
  readonly kind: ScheduleKind;
  readonly base: number;
  readonly warmupSteps: number;
}

export function learningRate(s: Schedule, step: number, totalSteps: number): number {
  if (step < s.warmupSteps) return (s.base * (step + 1)) / s.warmupSteps;
  const t = totalSteps <= 0 ? 0 : step / totalSteps;
  switch (s.kind) {
    case 'constant':
      return s.base;
    case 'step':
      return s.base * (t >= 0.75 ? 0.01 : t >= 0.5 ? 0.1 : 1);
    case 'cosine':
      return 0.5 * s.base * (1 + Math.cos(Math.PI * Math.min(1, t)));
  }
}
