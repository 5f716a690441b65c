/** Every block family, its metadata and its builder: the one home the UI and the tests read. */
import { highwayBlock } from './highway';
import { midpointBlock } from './midpoint';
import { noneBlock } from './none';
import { plainBlock } from './plain';
import { preactBlock } from './preact';
import { rk4Block } from './rk4';
import { stochasticBlock } from './stochastic';
import type { BlockFamilyId, BlockSpec } from './types';

export const BLOCKS: Readonly<Record<BlockFamilyId, BlockSpec>> = {
  plain: plainBlock,
  preact: preactBlock,
  stochastic: stochasticBlock,
  highway: highwayBlock,
  midpoint: midpointBlock,
  rk4: rk4Block,
  none: noneBlock,
};

export const BLOCK_IDS = Object.keys(BLOCKS) as BlockFamilyId[];

export function blockSpec(id: BlockFamilyId): BlockSpec {
  return BLOCKS[id];
}
