import type { Worker } from 'node:worker_threads';
export function buildNodeReplica(): Promise<string>;
export function wasmDir(): string;
export function startNodeReplica(
  backend?: string,
  onFail?: (reason: string) => void,
): Promise<{
  worker: Worker;
  port: {
    postMessage(m: unknown, t?: Transferable[]): void;
    addEventListener(type: 'message', l: (e: { data: unknown }) => void): void;
  };
}>;
