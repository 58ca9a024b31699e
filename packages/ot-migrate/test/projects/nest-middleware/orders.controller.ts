// The orders controller: it reads the request's span for its tags and baggage, and passes it to
// the HTTP client as the parent of the stock service call.
import { Keys, TENANT_BAGGAGE } from './keys';
import type { Response, Route } from './nest';
import type { TracedHttp } from './traced-http';
import type { TracedRequest } from './tracing.middleware';

export class OrdersController {
  constructor(private readonly stock: TracedHttp) {}

  routes(): Route[] {
    return [
      { method: 'GET', path: '/health', handle: async (_req, res) => res.json({ ok: true }) },
      { method: 'GET', path: '/orders/:id', handle: (req, res) => this.getOrder(req, res) },
    ];
  }

  async getOrder(req: TracedRequest, res: Response): Promise<void> {
    const id = req.params.id;
    const span = req.span;
    span?.setTag(Keys.OrderId, id);
    const tenant = span?.getBaggageItem(TENANT_BAGGAGE);
    if (tenant) span?.setTag(Keys.Tenant, tenant);
    try {
      const { data } = await this.stock.get<{ level: number }>(`http://stock/items/${id}`, span);
      span?.log({ event: 'stock checked', [Keys.StockLevel]: data.level });
      res.json({ id, level: data.level });
    } catch {
      res.status(502).json({ error: 'stock unavailable' });
    }
  }
}
