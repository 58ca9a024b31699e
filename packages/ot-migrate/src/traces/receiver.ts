// The OTLP/HTTP receiver of `ot-migrate traces`: POST /v1/traces, protobuf or JSON, gzip or not,
// answered as the OTLP/HTTP specification says. Any input gets an answer and none stops it: the
// body is read up to a limit (past it, the request is answered 413 and the rest discarded, not
// kept), gunzipped up to the same limit (a gzip bomb is a 413 too), and decoded by otlp-decode.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzip } from 'node:zlib';
import {
  PayloadError,
  TooManySpansError,
  decodeTraceRequest,
  encodeExportResponse,
  encodeStatus,
  type OtlpEncoding,
} from './otlp-decode';
import type { CollectedSpan } from './report-model';

/**
 * 8 MiB, compressed or not: far above an SDK's batch (512 spans) and room for a collector's (8,192),
 * while the largest body still decodes in about a second on the receiver's one thread.
 */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** What the receiver has seen, by outcome. */
export interface ReceiverStats {
  /** Requests answered 200. */
  accepted: number;
  spansReceived: number;
  /** 400: the body does not decode (or a gzip body does not gunzip). */
  badPayload: number;
  /** 413: the body, or what it gunzips to, is larger than the limit, or holds too many spans. */
  tooLarge: number;
  /** 415: neither protobuf nor JSON, or an encoding other than gzip. */
  unsupportedMediaType: number;
  /** 404 and 405: not a POST to /v1/traces. Not OTLP traffic, so not counted as refused. */
  notOtlp: number;
  /** 500: the spans decoded but could not be kept (the receiver's own failure). */
  failed: number;
}

/** Requests refused as payloads: what the report calls `requestsRefused`. */
export function refusedRequests(stats: ReceiverStats): number {
  return stats.badPayload + stats.tooLarge + stats.unsupportedMediaType + stats.failed;
}

export interface ReceiverOptions {
  /** Default 127.0.0.1: the receiver is for this machine's services. */
  host?: string;
  /** Default 4318 (OTLP/HTTP's port); 0 for any free port. */
  port?: number;
  /** Largest body accepted, compressed or not. Default {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /** Called with the spans of each accepted request, in arrival order. */
  onSpans: (spans: CollectedSpan[]) => void;
}

export interface Receiver {
  /** `http://host:port`, without a path. */
  url: string;
  port: number;
  stats: ReceiverStats;
  /** Stops listening and closes open connections (exporters keep theirs alive). */
  close(): Promise<void>;
}

/** Starts listening; rejects when the address cannot be bound. */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const stats: ReceiverStats = {
    accepted: 0,
    spansReceived: 0,
    badPayload: 0,
    tooLarge: 0,
    unsupportedMediaType: 0,
    notOtlp: 0,
    failed: 0,
  };
  const server = createServer((request, response) => {
    try {
      handle(request, response, { maxBodyBytes, stats, onSpans: options.onSpans });
    } catch (error) {
      // Not expected: every path above answers. Still never let one request stop the receiver.
      stats.failed += 1;
      fail(response, 'json', 500, `internal error: ${(error as Error).message}`);
    }
  });
  // A client that resets or sends garbage HTTP must not take the process down.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4318, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Context {
  maxBodyBytes: number;
  stats: ReceiverStats;
  onSpans: (spans: CollectedSpan[]) => void;
}

function handle(request: IncomingMessage, response: ServerResponse, context: Context): void {
  const { stats } = context;
  request.on('error', () => undefined);
  const path = (request.url ?? '').split('?')[0];
  if (path !== '/v1/traces') {
    stats.notOtlp += 1;
    return discard(request, response, 404, 'only /v1/traces is served here');
  }
  if (request.method !== 'POST') {
    stats.notOtlp += 1;
    response.setHeader('allow', 'POST');
    return discard(request, response, 405, 'send traces with POST');
  }
  const encoding = encodingOf(request.headers['content-type']);
  const contentEncoding = String(request.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding === undefined || (contentEncoding !== 'identity' && contentEncoding !== 'gzip')) {
    stats.unsupportedMediaType += 1;
    return discard(
      request,
      response,
      415,
      'send application/x-protobuf or application/json, plain or gzip',
    );
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > context.maxBodyBytes) {
    stats.tooLarge += 1;
    return discard(request, response, 413, tooLargeMessage(context.maxBodyBytes), encoding);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  request.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > context.maxBodyBytes) {
      // Chunked bodies have no declared length: stop keeping them at the limit.
      refused = true;
      chunks.length = 0;
      stats.tooLarge += 1;
      discard(request, response, 413, tooLargeMessage(context.maxBodyBytes), encoding);
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (refused) return;
    const body = Buffer.concat(chunks);
    if (contentEncoding !== 'gzip') return accept(body, encoding, response, context);
    // maxOutputLength: zlib stops inflating at the limit, so a bomb costs no more than that.
    gunzip(body, { maxOutputLength: context.maxBodyBytes }, (error, inflated) => {
      if (error === null) return accept(inflated, encoding, response, context);
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        stats.tooLarge += 1;
        return fail(response, encoding, 413, tooLargeMessage(context.maxBodyBytes));
      }
      stats.badPayload += 1;
      fail(response, encoding, 400, `gzip body does not inflate: ${error.message}`);
    });
  });
}

function accept(
  body: Buffer,
  encoding: OtlpEncoding,
  response: ServerResponse,
  { stats, onSpans }: Context,
): void {
  let spans: CollectedSpan[];
  try {
    spans = decodeTraceRequest(body, encoding, Date.now());
  } catch (error) {
    if (error instanceof TooManySpansError) {
      stats.tooLarge += 1;
      return fail(response, encoding, 413, error.message);
    }
    if (!(error instanceof PayloadError)) {
      stats.failed += 1;
      return fail(response, encoding, 500, `internal error: ${(error as Error).message}`);
    }
    stats.badPayload += 1;
    return fail(response, encoding, 400, error.message);
  }
  try {
    if (spans.length > 0) onSpans(spans);
  } catch (error) {
    stats.failed += 1;
    return fail(response, encoding, 500, `internal error: ${(error as Error).message}`);
  }
  // Counted once kept: a request answered 500 is refused, not received.
  stats.accepted += 1;
  stats.spansReceived += spans.length;
  response.writeHead(200, { 'content-type': contentTypeOf(encoding) });
  response.end(encodeExportResponse(encoding));
}

function tooLargeMessage(limit: number): string {
  return `request body larger than ${limit} bytes`;
}

/** The encoding a content type asks for; parameters (`; charset=utf-8`) ignored. */
function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

function contentTypeOf(encoding: OtlpEncoding): string {
  return encoding === 'json' ? 'application/json' : 'application/x-protobuf';
}

/** An error answer: a google.rpc.Status in the request's encoding (JSON when it has none). */
function fail(
  response: ServerResponse,
  encoding: OtlpEncoding,
  status: number,
  message: string,
): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': contentTypeOf(encoding) });
  // 3 is INVALID_ARGUMENT, the gRPC code OTLP's error Status carries for a refused request.
  response.end(encodeStatus(encoding, 3, message));
}

/**
 * Answers without reading the body, and closes the connection afterwards. The body still sent is
 * read and thrown away (so the client gets to read the answer rather than a reset), up to a
 * bound, after which the connection is cut.
 */
function discard(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  message: string,
  encoding: OtlpEncoding = 'json',
): void {
  response.setHeader('connection', 'close');
  fail(response, encoding, status, message);
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) request.socket.destroy();
  });
  request.resume();
}

/** How much of a refused body is read and dropped before the connection is cut. */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;
