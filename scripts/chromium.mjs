// Where the system Chromium is, and the flags every browser of the tests and benchmarks starts
// with (shared/design/BROWSER.md: no background networking on this closed network).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
