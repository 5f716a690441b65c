/**
 * Choose the TensorFlow.js backend: WebGPU → WebGL → WASM → CPU. Each candidate is loaded,
 * set, and checked (`setBackend` may resolve false, or resolve while tfjs stays elsewhere); the
 * result says which backend runs and why each one before it was passed over. In automatic mode
 * a GPU backend that is only a software emulation (SwiftShader: no GPU on this machine) is
 * passed over too, because WASM is 5–10× faster than it (BENCHMARKS.md); asking for it by name
 * still gets it. No DOM: it runs in the worker and under Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchNormSimdReady, registerFusedBatchNorm } from './fusedBatchNorm';
import { registerChunkedAddN } from './addN';
import { registerGpuFilterGrad } from './gpuFilterGrad';
import { registerConvGrads, registerIm2Col } from './convGrads';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendAttempt {
  readonly name: BackendName;
  readonly ok: boolean;
  /** Why it was taken or passed over, in words a user can read. */
  readonly reason: string;
}

export interface BackendChoice {
  readonly name: BackendName;
  /** A GPU backend running on a CPU emulation of a GPU. */
  readonly software: boolean;
  readonly attempts: readonly BackendAttempt[];
}

/** How to make each backend available: an import that registers it (lazily, in the worker). */
export type BackendLoaders = Record<BackendName, () => Promise<unknown>>;

export interface ChooseOptions {
  /** One backend to use (only that one is tried), or undefined for the automatic order. */
  readonly only?: BackendName;
  readonly loaders: BackendLoaders;
  /** Take a software-emulated GPU backend in automatic mode (tests do, to exercise it). */
  readonly allowSoftware?: boolean;
  /** Backends not to try (in automatic mode): the ones that already failed a run. */
  readonly exclude?: readonly BackendName[];
}

interface GpuAdapterLike {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { vendor?: string; architecture?: string; description?: string };
}

interface NavigatorWithGpu {
  gpu?: { requestAdapter(options?: object): Promise<GpuAdapterLike | null> };
}

function gpuNavigator(): NavigatorWithGpu | undefined {
  return (globalThis as { navigator?: NavigatorWithGpu }).navigator;
}

/** What can be known of a backend before setting it: missing API, software adapter. */
async function probe(name: BackendName): Promise<{ missing?: string; software?: string }> {
  if (name === 'webgpu') {
    const gpu = gpuNavigator()?.gpu;
    if (!gpu) return { missing: 'this browser has no WebGPU (navigator.gpu is absent)' };
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) {
      return {
        missing:
          'WebGPU found no adapter (a blocklisted GPU or driver; on Linux, Chromium needs --enable-unsafe-webgpu)',
      };
    }
    const info = adapter.info;
    const described = [info?.vendor, info?.architecture, info?.description]
      .filter(Boolean)
      .join(' ');
    if (adapter.isFallbackAdapter || /swiftshader/i.test(described)) {
      return {
        software: `its only adapter is a software fallback (${described || 'SwiftShader'})`,
      };
    }
    return {};
  }
  if (name === 'webgl') {
    const Canvas = (globalThis as { OffscreenCanvas?: typeof OffscreenCanvas }).OffscreenCanvas;
    if (!Canvas) return { missing: 'no OffscreenCanvas here, so no WebGL context' };
    const gl = new Canvas(1, 1).getContext('webgl2');
    if (!gl) return { missing: 'the browser gives no WebGL 2 context' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(
      gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? 'unknown',
    );
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    if (/swiftshader|llvmpipe|software/i.test(renderer)) {
      return { software: `its renderer is a software rasteriser (${renderer})` };
    }
    return {};
  }
  return {};
}

async function trySet(name: BackendName, loaders: BackendLoaders): Promise<string | undefined> {
  try {
    await loaders[name]();
  } catch (e) {
    return `could not be loaded: ${(e as Error).message}`;
  }
  if (name === 'wasm') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  let set: boolean;
  try {
    set = await tf.setBackend(name);
    await tf.ready();
  } catch (e) {
    return `failed to start: ${(e as Error).message}`;
  }
  if (!set) return 'setBackend refused it (no context or device)';
  if (tf.getBackend() !== name) return `tfjs stayed on ${tf.getBackend()}`;
  return undefined;
}

/** Make training work where a backend lacks kernels, and fast where its own are slow. */
export function prepareBackend(name: BackendName): string[] {
  if (name === 'wasm') {
    const done = registerConvGrads('wasm', true);
    if (registerIm2Col('wasm')) done.push('Im2Col (WASM SIMD)');
    if (registerFusedBatchNorm('wasm')) {
      done.push(batchNormSimdReady() ? 'BatchNormTrain (WASM SIMD)' : 'BatchNormTrain');
    }
    return done;
  }
  if (name === 'cpu') return registerFusedBatchNorm('cpu') ? ['BatchNormTrain'] : [];
  if (name === 'webgpu') {
    const done = registerChunkedAddN('webgpu') ? ['AddN'] : [];
    return registerGpuFilterGrad('webgpu')
      ? [...done, 'Conv2DBackpropFilter (matrix product)']
      : done;
  }
  return [];
}

export async function chooseBackend(options: ChooseOptions): Promise<BackendChoice> {
  const candidates = options.only
    ? [options.only]
    : BACKENDS.filter((b) => !options.exclude?.includes(b));
  const attempts: BackendAttempt[] = [];
  for (const name of candidates) {
    let found: { missing?: string; software?: string };
    try {
      found = await probe(name);
    } catch (e) {
      found = { missing: `its check failed: ${(e as Error).message}` };
    }
    if (found.missing) {
      attempts.push({ name, ok: false, reason: found.missing });
      continue;
    }
    const auto = options.only === undefined;
    if (found.software && auto && !options.allowSoftware) {
      attempts.push({
        name,
        ok: false,
        reason: `passed over: ${found.software}, slower than WASM on this machine`,
      });
      continue;
    }
    const failure = await trySet(name, options.loaders);
    if (failure) {
      attempts.push({ name, ok: false, reason: failure });
      continue;
    }
    const patched = prepareBackend(name);
    const why = [
      options.only
        ? 'chosen by you'
        : 'the first that works in the order WebGPU → WebGL → WASM → CPU',
      found.software ? `note: ${found.software}` : '',
      patched.length
        ? `with our own ${patched.join(', ')} kernel${patched.length > 1 ? 's' : ''}`
        : '',
    ]
      .filter(Boolean)
      .join('; ');
    attempts.push({ name, ok: true, reason: why });
    return { name, software: found.software !== undefined, attempts };
  }
  const summary = attempts.map((a) => `${a.name}: ${a.reason}`).join('; ');
  throw new Error(`no TensorFlow.js backend could start (${summary})`);
}

/** One line for the user: "wasm — the first that works …; webgpu passed over: …". */
export function describeChoice(choice: BackendChoice): string {
  const taken = choice.attempts.find((a) => a.ok)!;
  const others = choice.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.reason}`);
  return [`${choice.name}: ${taken.reason}`, ...others].join('. ');
}

interface LosableDevice {
  readonly lost?: Promise<{ readonly reason?: string; readonly message?: string }>;
}

/**
 * Watch the backend now set: for WebGPU, its device's `lost` promise (a driver reset, the GPU
 * taken by another tab, `destroy()`), which tfjs itself does not watch. The function returned
 * says, once it happened, what happened; until then null.
 */
export function watchBackend(): () => string | null {
  let lost: string | null = null;
  const device = (tf.backend() as unknown as { device?: LosableDevice }).device;
  void device?.lost?.then((info) => {
    lost =
      `the WebGPU device was lost (${info.reason ?? 'unknown reason'}` +
      `${info.message ? `: ${info.message}` : ''})`;
  });
  return () => lost;
}
