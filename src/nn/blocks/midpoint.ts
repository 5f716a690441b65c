import { buildRungeKuttaBlock, MIDPOINT } from './rungeKutta';
import type { BlockSpec } from './types';

export const midpointBlock: BlockSpec = {
  id: 'midpoint',
  name: 'Midpoint (HO-ResNet)',
  tex: 'k_1 = F_1(x),\\; k_2 = F_2\\!\\left(s + \\tfrac12 k_1\\right),\\; y = \\mathrm{ReLU}(s + k_2)',
  paper: {
    cite: 'Luo et al. 2021, Rethinking ResNets: high-order schemes',
    url: 'https://arxiv.org/abs/2103.15244',
  },
  build: (a) => buildRungeKuttaBlock('midpoint', MIDPOINT, a),
};
