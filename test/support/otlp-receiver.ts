// A loopback OTLP/HTTP receiver for tests: records each request as it arrived (method, path,
// headers, body) and answers 200 with an empty ExportTraceServiceResponse in the request's own
// encoding, as a collector does. Decoding the bodies is test/support/otlp-decode.ts's job.
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One request the receiver got. */
export interface OtlpRequest {
  method: string;
  /** The path with its query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body, gunzipped when the exporter compressed it. */
  body: Buffer;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`, without a path. */
  url: string;
  port: number;
  /** The requests received so far, in arrival order. */
  requests: OtlpRequest[];
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs` (default 5 s). */
  waitForRequests(count: number, timeoutMs?: number): Promise<OtlpRequest[]>;
  close(): Promise<void>;
}

/** Starts a receiver on an ephemeral loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpRequest[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const gzipped = req.headers['content-encoding'] === 'gzip';
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: gzipped ? gunzipSync(raw) : raw,
      });
      // An empty ExportTraceServiceResponse: no bytes in protobuf, `{}` in JSON.
      const json = String(req.headers['content-type']).startsWith('application/json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitForRequests = (count: number, timeoutMs = 5000): Promise<OtlpRequest[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`expected ${count} OTLP requests, got ${requests.length}`));
      }, timeoutMs);
      const check = () => {
        if (requests.length >= count) {
          clearTimeout(timer);
          resolve(requests.slice());
        } else {
          waiters.push(check);
        }
      };
      check();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    waitForRequests,
    close: () =>
      new Promise<void>((resolve) => {
        // The exporter keeps its connection alive: close it rather than wait for its timeout.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
