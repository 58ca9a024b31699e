// A stand-in for the parts of gRPC that interceptors see: metadata, status codes, unary calls
// through client and server interceptor chains, in process. Nothing here knows about tracing.

export enum Status {
  OK = 0,
  CANCELLED = 1,
  UNKNOWN = 2,
  NOT_FOUND = 5,
  INTERNAL = 13,
  UNAVAILABLE = 14,
}

/** Call metadata: lower-cased keys, each with a list of values. */
export class Metadata {
  private readonly entries = new Map<string, string[]>();

  constructor(initial: Record<string, string> = {}) {
    for (const [key, value] of Object.entries(initial)) this.set(key, value);
  }

  set(key: string, value: string): void {
    this.entries.set(key.toLowerCase(), [value]);
  }

  get(key: string): string[] {
    return this.entries.get(key.toLowerCase()) ?? [];
  }

  /** The first value of each key. */
  getMap(): Record<string, string> {
    return Object.fromEntries([...this.entries].map(([key, values]) => [key, values[0]]));
  }

  clone(): Metadata {
    return new Metadata(this.getMap());
  }
}

/** A failed call, as the client sees it. */
export class ServiceError extends Error {
  constructor(
    readonly code: Status,
    readonly details: string,
  ) {
    super(`${code} ${Status[code]}: ${details}`);
  }
}

export interface Reply {
  code: Status;
  details?: string;
  value?: unknown;
}

/** What a call on the server side looks like to interceptors and handlers. */
export interface ServerCall {
  readonly method: string;
  readonly metadata: Metadata;
  readonly request: Record<string, unknown>;
  readonly peer: string;
}

export interface CallOptions {
  method: string;
  metadata: Metadata;
  /** The server call this call is made for (deadline and cancellation propagate from it). */
  parent?: ServerCall;
}

export type UnaryHandler = (call: ServerCall) => Promise<unknown>;
export type Invoker = (options: CallOptions, request: Record<string, unknown>) => Promise<Reply>;

export interface ClientInterceptor {
  interceptCall(
    options: CallOptions,
    request: Record<string, unknown>,
    next: Invoker,
  ): Promise<Reply>;
}

export interface ServerInterceptor {
  interceptCall(call: ServerCall, next: (call: ServerCall) => Promise<Reply>): Promise<Reply>;
}

export class Server {
  private readonly handlers = new Map<string, UnaryHandler>();

  constructor(
    readonly address: string,
    private readonly interceptors: ServerInterceptor[] = [],
  ) {}

  addService(handlers: Record<string, UnaryHandler>): void {
    for (const [method, handler] of Object.entries(handlers)) this.handlers.set(method, handler);
  }

  /** Serves one call, as if it had arrived over the network from `peer`. */
  handle(
    method: string,
    request: Record<string, unknown>,
    metadata: Metadata,
    peer = '10.0.0.1',
  ): Promise<Reply> {
    const invoke = async (call: ServerCall): Promise<Reply> => {
      const handler = this.handlers.get(call.method);
      if (!handler) return { code: Status.UNKNOWN, details: `unimplemented ${call.method}` };
      try {
        return { code: Status.OK, value: await handler(call) };
      } catch (error) {
        if (error instanceof ServiceError) return { code: error.code, details: error.details };
        return { code: Status.INTERNAL, details: String(error) };
      }
    };
    const chain = this.interceptors.reduceRight<(call: ServerCall) => Promise<Reply>>(
      (next, interceptor) => (call) => interceptor.interceptCall(call, next),
      invoke,
    );
    return chain({ method, metadata, request, peer });
  }
}

export class Client {
  private closed = false;

  constructor(
    private readonly server: Server,
    private readonly interceptors: ClientInterceptor[] = [],
  ) {}

  close(): void {
    this.closed = true;
  }

  async call(
    method: string,
    request: Record<string, unknown>,
    options: { parent?: ServerCall } = {},
  ): Promise<unknown> {
    const transport: Invoker = async (callOptions, message) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (this.closed) throw new Error(`channel to ${this.server.address} is closed`);
      return this.server.handle(callOptions.method, message, callOptions.metadata.clone());
    };
    const chain = this.interceptors.reduceRight<Invoker>(
      (next, interceptor) => (callOptions, message) =>
        interceptor.interceptCall(callOptions, message, next),
      transport,
    );
    const reply = await chain({ method, metadata: new Metadata(), ...options }, request);
    if (reply.code !== Status.OK) throw new ServiceError(reply.code, reply.details ?? '');
    return reply.value;
  }
}
