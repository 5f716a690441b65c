import { buildRungeKuttaBlock, RK4 } from './rungeKutta';
import type { BlockSpec } from './types';

export const rk4Block: BlockSpec = {
  id: 'rk4',
  name: 'RK4 (HO-ResNet)',
  tex: 'k_1 = F_1(x),\\; k_2 = F_2(s + \\tfrac12 k_1),\\; k_3 = F_3(s + \\tfrac12 k_2),\\; k_4 = F_4(s + k_3),\\; y = \\mathrm{ReLU}\\big(s + \\tfrac16(k_1 + 2k_2 + 2k_3 + k_4)\\big)',
  paper: {
    cite: 'Luo et al. 2021, Rethinking ResNets: high-order schemes',
    url: 'https://arxiv.org/abs/2103.15244',
  },
  build: (a) => buildRungeKuttaBlock('rk4', RK4, a),
};
