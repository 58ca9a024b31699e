// The little of the DOM that traces-html-browser.test.ts reads in the page, typed here: the project
// compiles without the DOM library (its code runs on Node), and the functions the test passes to
// `page.evaluate` run in Chromium, where `globalThis` is the window. Methods that only SVG elements
// have are optional, so that the test can tell an SVG element from one a broken page put elsewhere.

/** A rectangle, in CSS pixels or SVG units. */
export interface DomBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An element: HTML or SVG. */
export interface DomElement {
  readonly tagName: string;
  readonly textContent: string | null;
  /** The rendered text (HTML elements only). */
  readonly innerText?: string;
  readonly clientWidth: number;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement> & { length: number };
  getBoundingClientRect(): DomBox;
  checkVisibility?(): boolean;
  /** SVG graphics elements only. */
  getBBox?(): DomBox;
  /** SVG paths only. */
  getTotalLength?(): number;
}

/** The window, as the page's scripts (and `page.evaluate`) see it. */
export interface DomWindow {
  document: {
    body: DomElement;
    querySelector(selector: string): DomElement | null;
    querySelectorAll(selector: string): Iterable<DomElement> & { length: number };
    getElementsByTagName(tag: string): { length: number };
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { effectiveDirective: string; blockedURI: string }) => void,
    ): void;
  };
  getComputedStyle(element: DomElement): { display: string };
  /** Set by the hostile names' scripts, if one ever runs. */
  __pwned?: unknown;
}
