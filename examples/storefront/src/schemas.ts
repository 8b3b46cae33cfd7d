/** Request validation: what the API accepts, with messages that say how to fix a request. */
import { z } from 'zod';
import { badRequest } from './http-errors.js';

const MAX_INT32 = 2_147_483_647;

/** A decimal id in a path or query: digits only, so `1e3`, `0x10` or `../` never pass. */
const idText = (what: string) => z.string().regex(/^[1-9]\d{0,9}$/, { error: `${what} must be a positive whole number` })
  .transform(Number).pipe(z.number().max(MAX_INT32, { error: `${what} is too large` }));

export const productParams = z.object({ id: idText('product id') });

export const productListQuery = z.object({
  limit: z.string().regex(/^\d+$/, { error: 'limit must be a whole number' }).transform(Number)
    .pipe(z.number().min(1, { error: 'limit must be 1–100' }).max(100, { error: 'limit must be 1–100' })).default(20),
  after: z.string().regex(/^\d+$/, { error: 'after must be a product id' }).transform(Number)
    .pipe(z.number().max(MAX_INT32, { error: 'after is too large' })).default(0),
});

export const orderParams = z.object({ id: z.uuid({ error: 'order id must be a UUID' }) });

export const MAX_ORDER_ITEMS = 50;
export const MAX_ITEM_QUANTITY = 100;

export const orderRequest = z.strictObject({
  items: z.array(
    z.strictObject({
      productId: z.number({ error: 'must be a product id' }).int({ error: 'must be a product id' })
        .positive({ error: 'must be a product id' }).max(MAX_INT32, { error: 'must be a product id' }),
      quantity: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' })
        .min(1, { error: 'must be at least 1' }).max(MAX_ITEM_QUANTITY, { error: `must be at most ${MAX_ITEM_QUANTITY}` }),
    }, { error: 'must be an object with productId and quantity' }),
    { error: 'must be a list of { productId, quantity }' },
  ).min(1, { error: 'must list at least one item' }).max(MAX_ORDER_ITEMS, { error: `must list at most ${MAX_ORDER_ITEMS} items` })
    .refine((items) => new Set(items.map((item) => item.productId)).size === items.length, {
      error: 'must name each product once (add the quantities together)',
    }),
}, { error: 'the body must be a JSON object' });

export type OrderRequest = z.infer<typeof orderRequest>;

/** Parses `value` or throws a 400 listing every problem as `field: message`. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.join('.');
    const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : issue.message;
    return field ? `${field}: ${message}` : message;
  });
  throw badRequest([...new Set(problems)].join('; '));
}
