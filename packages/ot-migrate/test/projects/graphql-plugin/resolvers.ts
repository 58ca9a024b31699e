// The service's schema. Resolvers add what they know to the request's span, found in the context.
import type { Schema } from './apollo';
import type { ContextFactory, TracingContext } from './context';

interface User {
  id: string;
  name: string;
}

interface Order {
  id: string;
  total: number;
}

const USERS: Record<string, User> = { 'u-1': { id: 'u-1', name: 'Ada' } };
const ORDERS: Record<string, Order[]> = {
  'u-1': [
    { id: 'o-1', total: 1200 },
    { id: 'o-2', total: 450 },
  ],
};

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const schema: Schema<TracingContext> = {
  Query: {
    user: {
      type: 'User',
      async resolve(_source, args, ctx) {
        const id = String(args.id);
        ctx.span?.setTag('user.id', id);
        await delay(1);
        const user = USERS[id];
        if (!user) throw new Error(`user ${id} not found`);
        return user;
      },
    },
  },
  User: {
    id: { type: 'ID' },
    name: { type: 'String' },
    orders: {
      type: '[Order]',
      async resolve(source, _args, ctx) {
        const orders = ORDERS[(source as User).id] ?? [];
        ctx.span?.log({ event: 'orders loaded', count: orders.length });
        await delay(1);
        return orders;
      },
    },
  },
  Order: {
    id: { type: 'ID' },
    total: { type: 'Int' },
  },
};

/** Each request's context: the caller from the `x-user` header. */
export const createContext: ContextFactory = (request) => {
  const user = request.http?.headers['x-user'];
  return user ? { user } : {};
};
