/** He et al.'s bottleneck block as a lesson on parameters: a basic block vs a bottleneck. */
import { useState } from 'react';
import { NumberSlider } from '../../controls/NumberSlider';
import { Tex } from '../../tex/Tex';
import { bottleneckWeights } from '../../../worker/compute/protocol';
import { formatCount } from './format';

export function BottleneckLesson() {
  const [ch, setCh] = useState(256);
  const w = bottleneckWeights(ch);
  const q = Math.max(1, Math.round(ch / 4));
  const ratio = w.basic / w.bottleneck;
  return (
    <div
      className="bottleneck-lesson"
      data-testid="bottleneck-lesson"
      data-basic={w.basic}
      data-bottleneck={w.bottleneck}
    >
      <h3>Why the deep ImageNet ResNets use bottlenecks</h3>
      <p>
        A basic block at <Tex tex="C" /> channels holds two 3×3 convolutions,{' '}
        <Tex tex="2 \cdot 3 \cdot 3 \cdot C^2" /> weights. He et al.&apos;s bottleneck (Fig. 5)
        first reduces to <Tex tex="C/4" /> channels with a 1×1 convolution, applies the 3×3 there,
        and restores <Tex tex="C" /> with another 1×1:{' '}
        <Tex tex="C \cdot \tfrac C4 + 9 \left(\tfrac C4\right)^2 + \tfrac C4 \cdot C" /> weights,
        about 17 times fewer. That is what lets ResNet-50/101/152 be deep at a cost close to
        ResNet-34&apos;s (3.8, 7.6 and 11.3 billion FLOPs against 3.6). The nets on this page are
        narrow (16 to 64 channels) and use basic blocks, as He et al.&apos;s CIFAR nets do.
      </p>
      <NumberSlider
        label="Channels C"
        value={ch}
        min={16}
        max={1024}
        step={16}
        onChange={setCh}
        testId="bottleneck-channels"
      />
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Block at {ch} channels</th>
            <th scope="col">Convolutions</th>
            <th scope="col">Weights</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">basic</th>
            <td>
              3×3, {ch} → {ch}; 3×3, {ch} → {ch}
            </td>
            <td data-testid="bottleneck-basic">{formatCount(w.basic)}</td>
          </tr>
          <tr>
            <th scope="row">bottleneck</th>
            <td>
              1×1, {ch} → {q}; 3×3, {q} → {q}; 1×1, {q} → {ch}
            </td>
            <td data-testid="bottleneck-bottleneck">{formatCount(w.bottleneck)}</td>
          </tr>
        </tbody>
      </table>
      <p data-testid="bottleneck-ratio">
        The bottleneck has <strong>{ratio.toFixed(1)}×</strong> fewer weights (batch-norm parameters
        and biases left out).
      </p>
    </div>
  );
}
