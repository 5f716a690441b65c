/** Every block family, its metadata and its builder: the one home the UI and the tests read. */
import { highwayBlock } from './highway';
import { midpointBlock } from './midpoint';
import { noShortcutBlock } from './noShortcut';
import { postactBlock } from './postact';
import { preactBlock } from './preact';
import { rk4Block } from './rk4';
import { stochasticBlock } from './stochastic';
import { BLOCK_FAMILY_IDS, type BlockFamilyId, type BlockSpec } from './types';

export const BLOCKS: Readonly<Record<BlockFamilyId, BlockSpec>> = {
  postact: postactBlock,
  preact: preactBlock,
  stochastic: stochasticBlock,
  highway: highwayBlock,
  midpoint: midpointBlock,
  rk4: rk4Block,
  noShortcut: noShortcutBlock,
};

export const BLOCK_IDS = BLOCK_FAMILY_IDS;

export function blockSpec(id: BlockFamilyId): BlockSpec {
  return BLOCKS[id];
}
