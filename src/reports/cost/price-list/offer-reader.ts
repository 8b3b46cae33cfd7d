/**
 * Reads an AWS Price List offer file (`…/aws/<OfferCode>/<version>/<region>/index.json`) as it
 * streams in, keeping only the products a caller wants and their on-demand terms. The regional
 * AmazonEC2 and AmazonRDS files run to hundreds of megabytes, so the text is tokenized chunk by chunk
 * (stream-json) and only the kept products and terms are ever assembled into objects: memory is
 * bounded by what is kept, not by the file.
 *
 * The layout read (AWS Price List bulk API, offer file format `v1.0`):
 * `{ formatVersion, offerCode, version, publicationDate, products: { <sku>: { sku, productFamily,
 * attributes } }, terms: { OnDemand: { <sku>: { <offerTermCode>: { priceDimensions: { <rateCode>:
 * { unit, pricePerUnit: { USD }, beginRange, endRange, description } } } } }, Reserved: … } }`.
 * `products` must come before `terms` (as AWS writes them), so a term is kept or skipped as it passes.
 */
import { Assembler } from 'stream-json/core/assembler.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { getManyValues, isMany, none } from 'stream-chain/defs.js';

export interface OfferProduct {
  readonly sku: string;
  readonly productFamily?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface PriceDimension {
  readonly unit?: string;
  readonly description?: string;
  readonly beginRange?: string;
  readonly endRange?: string;
  readonly pricePerUnit?: { readonly USD?: unknown };
}

export interface OfferTerm {
  readonly priceDimensions: Readonly<Record<string, PriceDimension>>;
}

export interface Offer {
  readonly formatVersion: string;
  readonly offerCode?: string;
  readonly publicationDate: string;
  /** The kept products, by SKU. */
  readonly products: ReadonlyMap<string, OfferProduct>;
  /** On-demand terms of the kept products, by SKU. */
  readonly onDemand: ReadonlyMap<string, readonly OfferTerm[]>;
}

/** The file is not the Price List layout Portside reads (a renamed or missing field). */
export class OfferFormatError extends Error {}

interface Frame { key: string | null }

const isStart = (name: Token['name']) => name === 'startObject' || name === 'startArray';
const isEnd = (name: Token['name']) => name === 'endObject' || name === 'endArray';

/**
 * Streams `chunks` (text) through the tokenizer. `keep` decides per product; the rest of the file is
 * skipped token by token. Throws OfferFormatError when the layout is not the Price List's, and the
 * parser's error when the text is not complete JSON (a truncated download).
 */
export async function readOffer(chunks: AsyncIterable<string>, keep: (product: OfferProduct) => boolean): Promise<Offer> {
  const tokenize = jsonParser({ packValues: true, streamValues: false });
  const products = new Map<string, OfferProduct>();
  const onDemand = new Map<string, OfferTerm[]>();
  const scalars: Record<string, string> = {};
  const seen = { products: false, productsDone: false, terms: false, onDemand: false };
  const stack: Frame[] = [];
  let started = false;
  let skipDepth = 0;
  let assembling: { readonly asm: Assembler; readonly kind: 'product' | 'term'; readonly sku: string } | undefined;

  const finish = (value: unknown, kind: 'product' | 'term', sku: string) => {
    if (kind === 'product') {
      const product = value as { sku?: unknown; productFamily?: unknown; attributes?: unknown };
      if (typeof product !== 'object' || product === null || typeof product.attributes !== 'object' || product.attributes === null) {
        throw new OfferFormatError(`product ${sku} has no attributes object`);
      }
      const candidate: OfferProduct = {
        sku,
        attributes: product.attributes as Record<string, string>,
        ...(typeof product.productFamily === 'string' ? { productFamily: product.productFamily } : {}),
      };
      if (keep(candidate)) products.set(sku, candidate);
      return;
    }
    const terms = Object.values(value as Record<string, unknown>).map((term) => {
      const dimensions = (term as { priceDimensions?: unknown } | null)?.priceDimensions;
      if (typeof dimensions !== 'object' || dimensions === null) throw new OfferFormatError(`the on-demand term of ${sku} has no priceDimensions`);
      return { priceDimensions: dimensions as Record<string, PriceDimension> };
    });
    onDemand.set(sku, terms);
  };

  const consume = (token: Token) => {
    if (assembling) {
      assembling.asm.consume(token);
      if (assembling.asm.done) {
        const { asm, kind, sku } = assembling;
        assembling = undefined;
        finish(asm.current, kind, sku);
      }
      return;
    }
    if (skipDepth > 0) {
      if (isStart(token.name)) skipDepth += 1;
      else if (isEnd(token.name)) skipDepth -= 1;
      return;
    }
    if (!started) {
      if (token.name !== 'startObject') throw new OfferFormatError('the file is not a JSON object');
      started = true;
      stack.push({ key: null });
      return;
    }
    if (token.name === 'keyValue') {
      stack[stack.length - 1]!.key = token.value;
      return;
    }
    const path = stack.map((frame) => frame.key);
    if (isStart(token.name)) {
      const [first, second, third] = path;
      if (path.length === 2 && first === 'products' && token.name === 'startObject') {
        assembling = { asm: new Assembler(), kind: 'product', sku: second! };
        assembling.asm.consume(token);
        return;
      }
      if (path.length === 3 && first === 'terms' && second === 'OnDemand') {
        if (!seen.productsDone) throw new OfferFormatError('terms come before products');
        if (products.has(third!)) {
          assembling = { asm: new Assembler(), kind: 'term', sku: third! };
          assembling.asm.consume(token);
        } else {
          skipDepth = 1;
        }
        return;
      }
      // Reserved terms and anything else under terms: not read.
      if (path.length === 2 && first === 'terms' && second !== 'OnDemand') {
        skipDepth = 1;
        return;
      }
      if (path.length === 1 && first === 'products') seen.products = true;
      if (path.length === 1 && first === 'terms') seen.terms = true;
      if (path.length === 2 && first === 'terms' && second === 'OnDemand') seen.onDemand = true;
      stack.push({ key: null });
      return;
    }
    if (isEnd(token.name)) {
      stack.pop();
      if (stack.length === 1 && path.length === 2 && path[0] === 'products') seen.productsDone = true;
      return;
    }
    if (path.length === 1 && token.name === 'stringValue' && path[0] !== null) scalars[path[0]] = token.value;
  };

  const feed = (result: unknown) => {
    if (result === none) return;
    if (isMany(result)) for (const token of getManyValues(result) as Token[]) consume(token);
    else consume(result as Token);
  };
  for await (const chunk of chunks) feed(tokenize(chunk));
  feed(tokenize(none as unknown as string));
  if (stack.length > 0 || !started) throw new OfferFormatError('the file ends before its closing brace');

  if (!scalars.formatVersion) throw new OfferFormatError('no formatVersion');
  if (!scalars.publicationDate || Number.isNaN(Date.parse(scalars.publicationDate))) throw new OfferFormatError('no publicationDate (or not a date)');
  if (!seen.products) throw new OfferFormatError('no products object');
  if (!seen.terms || !seen.onDemand) throw new OfferFormatError('no terms.OnDemand object');
  return {
    formatVersion: scalars.formatVersion,
    ...(scalars.offerCode ? { offerCode: scalars.offerCode } : {}),
    publicationDate: scalars.publicationDate,
    products,
    onDemand,
  };
}
