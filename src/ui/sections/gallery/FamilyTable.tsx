/** Every family at the chosen width and depth: paths per block, one block's size, the net's. */
import { pathsPerBlock } from '../../../math/blockPaths';
import { blockFigures, FAMILY_LIST, netFigures } from '../../../worker/compute/protocol';
import type { BlockFamilyId } from '../../../nn/blocks/types';
import { formatCount } from './format';

interface Props {
  readonly width: number;
  readonly n: number;
  readonly onPick: (family: BlockFamilyId) => void;
}

export function FamilyTable({ width, n, onPick }: Props) {
  return (
    <div className="table-scroll">
      <table className="data-table numeric" data-testid="family-table">
        <caption className="visually-hidden">
          Every block family: its paths, one block&apos;s size and the whole net&apos;s
        </caption>
        <thead>
          <tr>
            <th scope="col">Block</th>
            <th scope="col">Paths per block</th>
            <th scope="col">Parameters per block</th>
            <th scope="col">Multiply-adds per block</th>
            <th scope="col">Net: layers</th>
            <th scope="col">Net: parameters</th>
            <th scope="col">Net: multiply-adds</th>
          </tr>
        </thead>
        <tbody>
          {FAMILY_LIST.map((f) => {
            const b = blockFigures(f.id, width);
            const net = netFigures({ family: f.id, n, width });
            return (
              <tr key={f.id} data-family={f.id} data-params={net.params} data-layers={net.layers}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onPick(f.id)}>
                    {f.name}
                  </button>
                </th>
                <td>{pathsPerBlock(f.graph)}</td>
                <td>{formatCount(b.params)}</td>
                <td>{formatCount(b.macs)}</td>
                <td>{net.layers}</td>
                <td>{formatCount(net.params)}</td>
                <td>{formatCount(net.macs)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
