// A stand-in for the parts of NestJS a middleware sees: `NestMiddleware`, the
// `MiddlewareConsumer` that binds middleware to routes, and an application that runs a request
// through the bound middleware to a controller. Requests and responses are Express-like. Nothing
// here knows about tracing.
import { EventEmitter } from 'node:events';

export interface Request {
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
  params: Record<string, string>;
}

/** An Express-like response: `finish` is emitted once it is sent. */
export class Response extends EventEmitter {
  statusCode = 200;
  body: unknown;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  json(body: unknown): void {
    this.body = body;
    this.emit('finish');
  }
}

export type NextFunction = (error?: unknown) => void;

export interface NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void;
}

export interface MiddlewareConfigProxy {
  forRoutes(...routes: string[]): MiddlewareConsumer;
}

export interface MiddlewareConsumer {
  apply(...middleware: NestMiddleware[]): MiddlewareConfigProxy;
}

export interface NestModule {
  configure(consumer: MiddlewareConsumer): void;
}

/** A route handler: `GET /orders/:id` and the controller method that answers it. */
export interface Route {
  method: string;
  path: string;
  handle(req: Request, res: Response): Promise<void>;
}

interface Binding {
  middleware: NestMiddleware[];
  routes: string[];
}

function matches(pattern: string, url: string): Record<string, string> | undefined {
  if (pattern === '*') return {};
  const want = pattern.split('/');
  const got = url.split('?')[0].split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    if (part.startsWith(':')) params[part.slice(1)] = got[index];
    else if (part !== got[index]) return undefined;
  }
  return params;
}

/** The application: modules configure middleware, routes answer; `inject` serves one request. */
export class NestApplication {
  private readonly bindings: Binding[] = [];
  private readonly routes: Route[] = [];

  constructor(modules: NestModule[], routes: Route[]) {
    const consumer: MiddlewareConsumer = {
      apply: (...middleware) => ({
        forRoutes: (...paths) => {
          this.bindings.push({ middleware, routes: paths });
          return consumer;
        },
      }),
    };
    for (const module of modules) module.configure(consumer);
    this.routes.push(...routes);
  }

  /** Serves one request and resolves with the response once it has been sent. */
  async inject(options: {
    method: string;
    url: string;
    headers?: Record<string, string>;
  }): Promise<Response> {
    const res = new Response();
    const sent = new Promise<void>((resolve) => res.once('finish', resolve));
    const route = this.routes.find(
      (candidate) =>
        candidate.method === options.method && matches(candidate.path, options.url) !== undefined,
    );
    const req: Request = {
      method: options.method,
      url: options.url,
      headers: { ...options.headers },
      params: route ? (matches(route.path, options.url) ?? {}) : {},
    };
    const chain = this.bindings
      .filter((binding) => binding.routes.some((path) => matches(path, options.url)))
      .flatMap((binding) => binding.middleware);
    const next = (index: number): void => {
      const middleware = chain[index];
      if (middleware) {
        middleware.use(req, res, () => next(index + 1));
      } else if (route) {
        route.handle(req, res).catch(() => res.status(500).json({ error: 'internal' }));
      } else {
        res.status(404).json({ error: 'not found' });
      }
    };
    next(0);
    await sent;
    return res;
  }
}
