/** Short names of the block families for the lab's labels and legends. */
const SHORT: Record<string, string> = {
  postact: 'ResNet',
  noShortcut: 'plain net',
  preact: 'pre-act ResNet',
  stochastic: 'stochastic-depth ResNet',
  highway: 'highway net',
  midpoint: 'midpoint ResNet',
  rk4: 'RK4 ResNet',
};

export const shortFamilyName = (id: string): string => SHORT[id] ?? id;
