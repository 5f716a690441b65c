import { buildRungeKuttaBlock, RK4 } from './rungeKutta';
import type { BlockSpec } from './types';

export const rk4Block: BlockSpec = {
  id: 'rk4',
  build: (a) => buildRungeKuttaBlock('rk4', RK4, a),
};
