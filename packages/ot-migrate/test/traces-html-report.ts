// A report as `ot-migrate traces` would build it from a small shop's traffic, written by hand for the
// HTML report's tests (traces-html.test.ts, traces-html-browser.test.ts): nine services, one of them
// named by an attacker, a cycle, a payment hop that lost its context, legacy wire formats still
// arriving, and names from the network meant to break out of the page.
import type { ServiceEntry, TracesReport } from '../src/traces/report-model';

/** Names meant to break out of the markup; the page must show each as text. */
export const HOSTILE = {
  /** An operation: a script element. */
  scriptOperation: '<script>window.__pwned = "operation"</script>',
  /** An operation: closes the SVG. */
  svgOperation: '</svg>',
  /** A service: closes the SVG, then an image whose error handler runs script and calls out. */
  service: '</svg><img src="x" onerror="window.__pwned = \'service\'">',
  /** An attribute value in the filters: leaves the attribute, then a script. */
  attributeValue: '"><script>window.__pwned = "filter"</script>',
  /** A legacy format name: markup that would restyle the page. */
  format: '<style>body{display:none}</style>b3',
  /** A detail with an entity that must stay as written. */
  detail: 'parent 00f067aa0ba902b7 &amp; <b>not bold</b>',
} as const;

/** A service name long enough to wrap in the graph's box. */
export const LONG_SERVICE = 'com.example.shipping.label-printer-service.eu-west-1';
/** A service name in wide characters. */
export const WIDE_SERVICE = '在庫サービス';

function service(
  name: string,
  bridgeSpans: number,
  nativeSpans: number,
  operations: ServiceEntry['operations'],
  legacyFormats: Record<string, number> = {},
): ServiceEntry {
  const spans = bridgeSpans + nativeSpans;
  return {
    service: name,
    spans,
    operations,
    bridgeSpans,
    nativeSpans,
    bridgeShare: spans === 0 ? 0 : bridgeSpans / spans,
    legacyFormats,
  };
}

const op = (name: string, spans: number, errors: number, p50Ms: number, maxMs: number) => ({
  name,
  spans,
  errors,
  p50Ms,
  maxMs,
});

/** The report, with the figures a builder would have computed for it. */
export const SAMPLE_REPORT: TracesReport = {
  generatedAt: '2025-03-14T09:26:53.589Z',
  scope: {
    filters: {
      attributes: { 'deployment.environment': 'staging', 'tenant.id': HOSTILE.attributeValue },
      minDurationMs: 0.5,
      from: '2025-03-14T09:00:00.000Z',
      to: '2025-03-14T09:25:00.000Z',
    },
    spansKept: 18_412,
    spansDuplicated: 0,
    spansDropped: 1_250,
    requestsRefused: 3,
  },
  traces: 2_114,
  services: [
    service('web-frontend', 0, 2_114, [
      op('GET /checkout', 1_320, 4, 84.2, 2_310.5),
      op('GET /cart', 794, 0, 31.07, 402.9),
    ]),
    service('api-gateway', 2_114, 2_114, [
      op('proxy /api/orders', 2_114, 6, 61.5, 2_201.25),
      op('authorize', 2_114, 0, 0.412, 12.8),
    ]),
    service(
      'orders',
      3_900,
      420,
      [
        op('POST /orders', 1_320, 6, 48.1, 1_980),
        op('POST /payments/charge', 1_320, 2, 22.4, 890.5),
        op(HOSTILE.scriptOperation, 840, 0, 3.3, 17.2),
        op('publish order.created', 840, 0, 1.2, 9.75),
      ],
      { jaeger: 1_320 },
    ),
    service(
      'payments',
      1_150,
      170,
      [op('charge', 1_320, 2, 19.9, 870.1), op(HOSTILE.svgOperation, 12, 12, 0.061, 0.2)],
      { b3: 1_100, [HOSTILE.format]: 7 },
    ),
    service('legacy-billing', 1_320, 0, [op('invoice', 1_320, 0, 7.5, 120)], {
      jaeger: 1_320,
      ottrace: 4,
    }),
    service(WIDE_SERVICE, 0, 2_640, [
      op('reserve', 1_320, 0, 4.4, 66),
      op('confirm', 1_320, 0, 2.1, 31),
    ]),
    service('notifications', 1, 839, [op('send-email', 840, 11, 130.6, 5_010)]),
    service(LONG_SERVICE, 0, 0, []),
    service(HOSTILE.service, 3, 1, [op('GET /', 4, 4, 1, 1)]),
  ],
  edges: [
    { from: 'web-frontend', to: 'api-gateway', calls: 2_114, errors: 4 },
    { from: 'api-gateway', to: 'orders', calls: 1_320, errors: 6 },
    { from: 'api-gateway', to: WIDE_SERVICE, calls: 1_320, errors: 0 },
    { from: 'orders', to: WIDE_SERVICE, calls: 1_320, errors: 0 },
    { from: 'orders', to: 'notifications', calls: 840, errors: 11 },
    { from: WIDE_SERVICE, to: 'orders', calls: 1_320, errors: 0 },
    { from: 'payments', to: 'legacy-billing', calls: 1_320, errors: 0 },
    { from: 'api-gateway', to: HOSTILE.service, calls: 4, errors: 4 },
    { from: 'notifications', to: 'notifications', calls: 12, errors: 0 },
    { from: 'notifications', to: 'mail-relay', calls: 840, errors: 0 },
  ],
  broken: [
    {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      kind: 'hop-without-context',
      services: ['orders', 'payments'],
      operations: ['POST /payments/charge', 'charge'],
      hop: {
        fromService: 'orders',
        fromOperation: 'POST /payments/charge',
        toService: 'payments',
        toOperation: 'charge',
        newTraceId: '0af7651916cd43dd8448eb211c80319c',
      },
      detail: 'the client span of orders has no child in payments; payments started a new trace',
    },
    {
      traceId: '5b8efff798038103d269b633813fc60c',
      kind: 'missing-parent',
      services: ['notifications'],
      operations: ['send-email'],
      detail: HOSTILE.detail,
    },
    {
      traceId: 'a3ce929d0e0e47364bf92f3577b34da6',
      kind: 'several-roots',
      services: ['payments', HOSTILE.service],
      operations: [HOSTILE.svgOperation, 'GET /'],
      detail: 'two spans without a parent: </svg> in payments, GET / in the unnamed service',
    },
  ],
  graph: {
    mermaid: 'flowchart LR\n  web-frontend --> api-gateway\n  api-gateway --> orders',
    dot: `digraph services {\n  "web-frontend" -> "api-gateway" [label="2114"];\n  "api-gateway" -> ${JSON.stringify(HOSTILE.service)} [label="4"];\n}`,
  },
};

/** Every service the page must show: the catalog's, and those only an edge names. */
export const ALL_SERVICES: string[] = [
  ...SAMPLE_REPORT.services.map((entry) => entry.service),
  'mail-relay',
];
