// The HTML report of `ot-migrate traces` in a real headless Chromium: the page renderHtml writes for
// a hand-built report (traces-html-report.ts: nine services, a cycle, a broken hop, names meant to
// break out of the page) is written to a file and opened, and the test reads what the browser
// rendered: no error, no request at all, every service in the drawn graph and in the tables, the
// hostile names as text with nothing run, the broken hop named, and a print layout that fits.
// Chromium comes from the system (Debian's `chromium` package; CHROMIUM_PATH to use another), as
// for test/browser; without it the test fails under CI or REQUIRE_BROWSER, and is skipped otherwise.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { escapeHtml } from '../src/traces/html-escape';
import type { DomElement, DomWindow } from './traces-html-dom';
import { renderHtml } from '../src/traces/render-html';
import { ALL_SERVICES, HOSTILE, SAMPLE_REPORT } from './traces-html-report';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  CHROMIUM_AVAILABLE,
  CHROMIUM_REQUIRED,
} from '../../../test/support/chromium';

// The address the page is served at, by the test's route: `.invalid` never resolves, so a request
// that escaped the route could not reach anything either.
const PAGE_URL = 'http://report.invalid/report.html';

if (!CHROMIUM_AVAILABLE && !CHROMIUM_REQUIRED) {
  console.warn(
    `HTML report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

/** A page opened on some HTML, with everything it did. */
interface Opened {
  page: Page;
  context: BrowserContext;
  /** Every request the page made, the document's included. */
  requests: string[];
  /** Requests the route refused: anything but the document. */
  refused: string[];
  console: { type: string; text: string }[];
  pageErrors: string[];
  dialogs: string[];
}

/**
 * Opens `page` in a fresh context, served at {@link PAGE_URL} by a route that answers that one
 * address and refuses and counts every other request.
 */
async function open(browser: Browser, page: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const opened: Opened = {
    page: await context.newPage(),
    context,
    requests: [],
    refused: [],
    console: [],
    pageErrors: [],
    dialogs: [],
  };
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === PAGE_URL) {
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page });
    } else {
      opened.refused.push(url);
      await route.abort('blockedbyclient');
    }
  });
  await attach(opened);
  await opened.page.goto(PAGE_URL, { waitUntil: 'load' });
  return opened;
}

/**
 * Records what a page does: requests, console messages, errors, dialogs (dismissed), and what its
 * Content-Security-Policy blocked.
 */
async function attach(opened: Opened): Promise<void> {
  opened.page.on('request', (request) => opened.requests.push(request.url()));
  opened.page.on('console', (message) =>
    opened.console.push({ type: message.type(), text: message.text() }),
  );
  // What Chromium itself logs to the console (a resource that failed to load, a script or style
  // the policy refused) does not reach 'console' above: its log domain is read directly.
  const session = await opened.context.newCDPSession(opened.page);
  session.on('Log.entryAdded', ({ entry }) =>
    opened.console.push({ type: `${entry.source} ${entry.level}`, text: entry.text }),
  );
  await session.send('Log.enable');
  // And the policy's own report of each thing it blocked, as the page sees it.
  await opened.page.addInitScript(() =>
    (globalThis as unknown as DomWindow).document.addEventListener(
      'securitypolicyviolation',
      (event) => console.error(`blocked by ${event.effectiveDirective}: ${event.blockedURI}`),
    ),
  );
  opened.page.on('pageerror', (error) => opened.pageErrors.push(String(error)));
  opened.page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
}

/** What the rendered page shows, read from its DOM. */
interface Rendered {
  pwned: unknown;
  graphNames: string[];
  graphEdges: number;
  /** Names whose text is not visible, or overflows its box. */
  notShown: string[];
  edgesWithoutLength: number;
  catalogNames: string[];
  progressNames: string[];
  operations: string[];
  hopText: string;
  verdict: string;
  bodyText: string;
  bodyDisplay: string;
  elements: Record<string, number>;
}

function readPage(page: Page): Promise<Rendered> {
  return page.evaluate(() => {
    const window = globalThis as unknown as DomWindow;
    const { document } = window;
    const all = (selector: string) => [...document.querySelectorAll(selector)];
    const text = (element: DomElement | null) => element?.innerText ?? '';
    const notShown: string[] = [];
    const graphNames = all('svg.graph g.node').map((node) => {
      const name = node.querySelector('text.name');
      const rect = node.querySelector('rect.box');
      const label = name?.textContent ?? '';
      // A page whose markup broke may have these elsewhere than in the SVG: reported, not thrown.
      if (name?.getBBox === undefined || rect?.getBBox === undefined) {
        notShown.push(label);
        return label;
      }
      const box = rect.getBBox();
      const drawn = name.getBBox();
      const inside =
        drawn.x >= box.x &&
        drawn.y >= box.y &&
        drawn.x + drawn.width <= box.x + box.width &&
        drawn.y + drawn.height <= box.y + box.height;
      if (name.checkVisibility?.() !== true || drawn.width <= 0 || !inside) notShown.push(label);
      return label;
    });
    return {
      pwned: window.__pwned,
      graphNames,
      graphEdges: all('svg.graph g.edge').length,
      notShown,
      edgesWithoutLength: all('svg.graph g.edge').filter((edge) => {
        const path = edge.querySelector('path');
        return !(path?.getTotalLength !== undefined && path.getTotalLength() > 0);
      }).length,
      catalogNames: all('#catalog tbody th').map(text),
      progressNames: all('#progress tbody th').map(text),
      operations: all('#catalog td.op').map(text),
      hopText: text(document.querySelector('#broken tr.hop-without-context td.hop')),
      verdict: text(document.querySelector('.verdict')),
      bodyText: text(document.body),
      bodyDisplay: window.getComputedStyle(document.body).display,
      elements: Object.fromEntries(
        ['script', 'img', 'iframe', 'object', 'embed', 'foreignObject', 'style', 'svg', 'link'].map(
          (tag) => [tag, document.getElementsByTagName(tag).length],
        ),
      ),
    };
  });
}

(CHROMIUM_AVAILABLE || CHROMIUM_REQUIRED ? describe : describe.skip)(
  'the HTML report in headless Chromium',
  () => {
    let directory: string;
    let file: string;
    let browser: Browser | undefined;
    let report: Opened;
    let rendered: Rendered;

    beforeAll(async () => {
      if (!CHROMIUM_AVAILABLE)
        throw new Error(`no Chromium at ${CHROMIUM}: CI needs it (apt-get install chromium)`);
      directory = mkdtempSync(join(tmpdir(), 'ot-migrate-html-'));
      file = join(directory, 'report.html');
      writeFileSync(file, renderHtml(SAMPLE_REPORT));
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      report = await open(browser, readFileSync(file, 'utf8'));
      rendered = await readPage(report.page);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
    });

    it('renders with no console message, page error or dialog', () => {
      expect(report.console).toEqual([]);
      expect(report.pageErrors).toEqual([]);
      expect(report.dialogs).toEqual([]);
    });

    it('makes no request but for the page itself', () => {
      expect(report.requests).toEqual([PAGE_URL]);
      expect(report.refused).toEqual([]);
    });

    it('draws every service in the graph, its name visible inside its box', () => {
      expect([...rendered.graphNames].sort()).toEqual([...ALL_SERVICES].sort());
      expect(rendered.notShown).toEqual([]);
    });

    it('draws an edge for each pair of services that call each other', () => {
      expect(rendered.graphEdges).toBe(SAMPLE_REPORT.edges.length);
      expect(rendered.edgesWithoutLength).toBe(0);
    });

    it('lists every service of the catalog in the catalog and progress tables', () => {
      const names = SAMPLE_REPORT.services.map((entry) => entry.service);
      expect(rendered.catalogNames).toEqual(names);
      expect(rendered.progressNames).toEqual(names);
    });

    it('shows the hostile names as text, and runs nothing', () => {
      expect(rendered.pwned).toBeUndefined();
      expect(rendered.elements).toMatchObject({
        script: 0,
        img: 0,
        iframe: 0,
        object: 0,
        embed: 0,
        foreignObject: 0,
        style: 1,
        // The graph, and one bar per service of the progress table.
        svg: 1 + SAMPLE_REPORT.services.length,
      });
      expect(rendered.bodyDisplay).toBe('block');
      expect(rendered.operations).toEqual(
        expect.arrayContaining([HOSTILE.scriptOperation, HOSTILE.svgOperation]),
      );
      expect(rendered.catalogNames).toContain(HOSTILE.service);
      expect(rendered.graphNames).toContain(HOSTILE.service);
      for (const hostile of Object.values(HOSTILE)) expect(rendered.bodyText).toContain(hostile);
    });

    it('names the broken hop', () => {
      expect(rendered.verdict).toBe('3 broken traces among the 2,114 traces collected.');
      expect(rendered.hopText).toContain('orders POST /payments/charge');
      expect(rendered.hopText).toContain('payments charge');
      expect(rendered.hopText).toContain('0af7651916cd43dd8448eb211c80319c');
      expect(rendered.bodyText).toContain('hop without context');
    });

    it('fits a printed page: the graph scales to the width, navigation is left out', async () => {
      const page = await report.context.newPage();
      await page.setViewportSize({ width: 700, height: 1000 });
      await page.goto(PAGE_URL);
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => {
        const window = globalThis as unknown as DomWindow;
        const { document } = window;
        return {
          graph: document.querySelector('svg.graph')?.getBoundingClientRect().width,
          body: document.body.clientWidth,
          nav: window.getComputedStyle(document.querySelector('nav') as DomElement).display,
        };
      });
      expect(printed.graph).toBeLessThanOrEqual(printed.body);
      expect(printed.nav).toBe('none');
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    });

    it('opens from the file as written, with no error and no other request', async () => {
      const context = await (browser as Browser).newContext();
      const opened: Opened = {
        page: await context.newPage(),
        context,
        requests: [],
        refused: [],
        console: [],
        pageErrors: [],
        dialogs: [],
      };
      await attach(opened);
      const url = pathToFileURL(file).href;
      await opened.page.goto(url, { waitUntil: 'load' });
      const names = await opened.page.evaluate(() =>
        [
          ...(globalThis as unknown as DomWindow).document.querySelectorAll(
            'svg.graph g.node text.name',
          ),
        ].map((name) => name.textContent),
      );
      await context.close();
      expect(opened.requests).toEqual([url]);
      expect(opened.console).toEqual([]);
      expect(opened.pageErrors).toEqual([]);
      expect([...names].sort()).toEqual([...ALL_SERVICES].sort());
    });

    // The probes above would see a page that broke out: the same page with one name left unescaped
    // and without its Content-Security-Policy runs the name's script and calls out.
    it('would see a name that escaped: its script runs and its image is requested', async () => {
      const unsafe = renderHtml(SAMPLE_REPORT)
        .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
        .replaceAll(escapeHtml(HOSTILE.service), HOSTILE.service);
      const opened = await open(browser as Browser, unsafe);
      const broken = await readPage(opened.page);
      await opened.context.close();
      expect(broken.pwned).toBe('service');
      // The name is on the page several times: Chromium may ask for the same image more than once.
      expect([...new Set(opened.refused)]).toEqual(['http://report.invalid/x']);
      expect(broken.elements.img).toBeGreaterThan(0);
    });
  },
);
