export function serveComputeHarness(): Promise<{ url: string; close: () => Promise<void> }>;
