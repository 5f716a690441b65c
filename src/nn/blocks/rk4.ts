import { buildRungeKuttaBlock } from './rungeKutta';
import type { BlockSpec } from './types';

export const rk4Block: BlockSpec = {
  id: 'rk4',
  build: (a) => buildRungeKuttaBlock('rk4', a),
};
