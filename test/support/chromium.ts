// Headless Chromium for the browser tests (the bridge in a page, the HTML report of ot-migrate
// traces): Debian's `chromium` package, or CHROMIUM_PATH. Under CI or REQUIRE_BROWSER a missing
// browser fails the tests rather than skipping them.
import { existsSync } from 'node:fs';

/** The browser binary. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Whether a missing browser must fail the tests. */
export const CHROMIUM_REQUIRED =
  process.env.CI !== undefined || process.env.REQUIRE_BROWSER !== undefined;
/** Whether the browser is there. */
export const CHROMIUM_AVAILABLE = existsSync(CHROMIUM);
/** Flags for a container: no sandbox (no user namespaces), no GPU, and nothing that calls out. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
