// A stand-in for axios: a client with request and response interceptors, over an in-memory
// transport (a function per host). Nothing here knows about tracing.

export interface RequestConfig {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface HttpResponse<T = unknown> {
  status: number;
  data: T;
  config: RequestConfig;
}

/** Thrown for a status of 400 or more, as axios does. */
export class HttpError extends Error {
  constructor(
    readonly config: RequestConfig,
    readonly response: HttpResponse,
  ) {
    super(`Request failed with status code ${response.status}`);
    this.name = 'HttpError';
  }
}

type Fulfilled<V> = (value: V) => V | Promise<V>;
type Rejected = (error: unknown) => unknown;

class InterceptorManager<V> {
  readonly handlers: { fulfilled: Fulfilled<V>; rejected?: Rejected }[] = [];

  use(fulfilled: Fulfilled<V>, rejected?: Rejected): number {
    this.handlers.push({ fulfilled, rejected });
    return this.handlers.length - 1;
  }
}

export type Transport = (config: RequestConfig) => Promise<{ status: number; data: unknown }>;

export class HttpClient {
  readonly interceptors = {
    request: new InterceptorManager<RequestConfig>(),
    response: new InterceptorManager<HttpResponse>(),
  };

  constructor(private readonly transport: Transport) {}

  async get<T>(url: string, config: Partial<RequestConfig> = {}): Promise<HttpResponse<T>> {
    return this.request({ headers: {}, ...config, method: 'GET', url }) as Promise<HttpResponse<T>>;
  }

  async request(initial: RequestConfig): Promise<HttpResponse> {
    let config = initial;
    for (const { fulfilled } of this.interceptors.request.handlers)
      config = await fulfilled(config);
    let outcome: Promise<HttpResponse> = this.transport(config).then((reply) => {
      const response = { ...reply, config };
      if (reply.status >= 400) throw new HttpError(config, response);
      return response;
    });
    for (const { fulfilled, rejected } of this.interceptors.response.handlers) {
      outcome = outcome.then(fulfilled, rejected) as Promise<HttpResponse>;
    }
    return outcome;
  }
}
