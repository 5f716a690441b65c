import { buildRungeKuttaBlock } from './rungeKutta';
import type { BlockSpec } from './types';

export const midpointBlock: BlockSpec = {
  id: 'midpoint',
  build: (a) => buildRungeKuttaBlock('midpoint', a),
};
