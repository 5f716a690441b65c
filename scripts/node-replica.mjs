// Bundles src/worker/replica/nodeReplica.ts into one ES module Node can run as a worker thread
// (tfjs-core's ESM has extensionless imports that Node refuses), and opens replicas on it.
// Used by `npm run pretrain -- --replicas K`, bench:train and the replica tests.
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, 'node_modules/.cache/unraveled-replica');
let built = null;

/** The bundle's path (built once a process). */
export function buildNodeReplica() {
  built ??= build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: resolve(root, 'src/worker/replica/nodeReplica.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: {
        output: {
          format: 'es',
          entryFileNames: 'nodeReplica.mjs',
          // Emscripten's loader (tfjs-backend-wasm) expects CommonJS's names.
          banner: [
            "import { createRequire as __cr } from 'node:module';",
            "import { dirname as __dn } from 'node:path';",
            "import { fileURLToPath as __fu } from 'node:url';",
            'const require = __cr(import.meta.url);',
            'const __filename = __fu(import.meta.url);',
            'const __dirname = __dn(__filename);',
          ].join('\n'),
        },
      },
    },
    ssr: { noExternal: true, target: 'node' },
  }).then(() => resolve(outDir, 'nodeReplica.mjs'));
  return built;
}

/** The directory of tfjs-backend-wasm's .wasm files. */
export function wasmDir() {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
}

/**
 * Start a replica thread; returns the Worker and a PortLike for PortReplica. `onFail` hears
 * of a thread that fails or exits. The caller terminates the worker.
 */
export async function startNodeReplica(backend = 'wasm', onFail = () => {}) {
  const file = await buildNodeReplica();
  const worker = new Worker(file, { workerData: { backend, wasmDir: wasmDir() } });
  worker.on('error', (e) => onFail(e.message));
  worker.on('exit', (code) => onFail(`its thread exited (code ${code})`));
  const listeners = [];
  worker.on('message', (data) => listeners.forEach((l) => l({ data })));
  const port = {
    postMessage: (m, t) => worker.postMessage(m, t),
    addEventListener: (_type, l) => listeners.push(l),
  };
  return { worker, port };
}
