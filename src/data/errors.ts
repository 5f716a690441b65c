/** A problem with a file the user gave us: which file, and what is wrong with it, in words. */
export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DataError';
  }
}

export const formatBytes = (n: number): string =>
  n < 1024
    ? `${n} bytes`
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${(n / 1024 ** 2).toFixed(1)} MiB`;
