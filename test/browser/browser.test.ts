// The bridge in a real browser: page.ts (the bridge's sources, OpenTelemetry's web SDK and
// opentracing) is bundled with esbuild for the browser, minified, served from a loopback server
// and run in headless Chromium, where it calls that server with fetch. Chromium comes from the
// system (Debian's `chromium` package; CHROMIUM_PATH to use another). Without it the test fails
// under CI or REQUIRE_BROWSER, and otherwise stands aside saying why.
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { RunningServer } from '../support/http';
import { listen } from '../support/http';
import type { PageResult } from './page';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  CHROMIUM_AVAILABLE,
  CHROMIUM_REQUIRED,
} from '../support/chromium';

// What the server answers with: its own span context and baggage, for the page to extract.
const SERVER_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SERVER_SPAN_ID = 'b7ad6b7169203331';

if (!CHROMIUM_AVAILABLE && !CHROMIUM_REQUIRED) {
  console.warn(
    `browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

(CHROMIUM_AVAILABLE || CHROMIUM_REQUIRED ? describe : describe.skip)('in headless Chromium', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let result: PageResult;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!CHROMIUM_AVAILABLE)
      throw new Error(`no Chromium at ${CHROMIUM}: CI needs it (apt-get install chromium)`);
    const bundle = await build({
      entryPoints: [join(__dirname, 'page.ts')],
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'error',
    });
    const script = bundle.outputFiles[0].text;
    server = await listen((req, res) => {
      if (req.url === '/') {
        res.setHeader('content-type', 'text/html');
        res.end('<!doctype html><title>bridge</title><script src="/page.js"></script>');
      } else if (req.url === '/page.js') {
        res.setHeader('content-type', 'text/javascript');
        res.end(script);
      } else if (req.url === '/api/echo') {
        res.setHeader('content-type', 'application/json');
        res.setHeader('traceparent', `00-${SERVER_TRACE_ID}-${SERVER_SPAN_ID}-01`);
        res.setHeader('baggage', 'tenant=acme');
        res.end(JSON.stringify(req.headers));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(server.url);
    result = await page.evaluate(
      () => (globalThis as unknown as { bridgeResult: Promise<PageResult> }).bridgeResult,
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const span = (name: string) => {
    const found = result.spans.filter((candidate) => candidate.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('runs without Node globals, errors, or warnings but the one for a package a bundle cannot load', () => {
    expect(result.nodeGlobals).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(result.warnings).toEqual([
      expect.stringContaining('needs @opentelemetry/propagator-b3, which could not be loaded'),
    ]);
  });

  it('skips a legacy format named in a bundle, and writes the others', () => {
    expect(result.namedFormats).toEqual(['traceparent']);
  });

  it('records the spans with their parents, kinds and translated tags', () => {
    expect(result.spans.map((recorded) => recorded.name).sort()).toEqual([
      'GET /api/echo',
      'handle response',
      'page load',
    ]);
    const page = span('page load');
    const call = span('GET /api/echo');
    expect(page.parentSpanId).toBeUndefined();
    expect(call.traceId).toBe(page.traceId);
    expect(call.parentSpanId).toBe(page.spanId);
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes).toMatchObject({
      'http.method': 'GET',
      'http.status_code': 200,
    });
    expect(page.attributes).toMatchObject({ component: 'app' });
    expect(call.events).toEqual(['response']);
  });

  it('injects into a fetch Headers that the request carries', () => {
    const call = span('GET /api/echo');
    expect(result.sentHeaders.traceparent).toBe(`00-${call.traceId}-${call.spanId}-01`);
    expect(result.sentHeaders.baggage).toBe('user.id=%C3%BC42');
  });

  it('extracts from the fetch response Headers', () => {
    expect(result.fromResponse).toEqual({
      traceId: SERVER_TRACE_ID,
      spanId: SERVER_SPAN_ID,
      baggage: 'acme',
    });
    const handle = span('handle response');
    expect(handle.traceId).toBe(SERVER_TRACE_ID);
    expect(handle.parentSpanId).toBe(SERVER_SPAN_ID);
    expect(handle.status).toBe(SpanStatusCode.ERROR);
    expect(handle.events).toEqual(['exception']);
  });

  it('writes FORMAT_BINARY as a Uint8Array and reads it back', () => {
    const page = span('page load');
    expect(result.binary).toMatchObject({ isUint8Array: true, constructorName: 'Uint8Array' });
    expect(result.binary.roundTrip).toEqual({
      traceId: page.traceId,
      spanId: page.spanId,
      baggage: 'ßession ✓ 😀',
    });
  });
});
