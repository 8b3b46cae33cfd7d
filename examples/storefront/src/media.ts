/**
 * Product images on the shared media volume (EFS, mounted at MEDIA_DIR through the service's
 * access point). File names are built only from the validated numeric product id and an extension
 * from the allow-list, never from anything the client sends, so no upload can name a path.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Accepted image types, their file extension and the bytes every such file starts with. */
export const IMAGE_TYPES = {
  'image/jpeg': { extension: 'jpg', matches: (head: Buffer) => head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) },
  'image/png': { extension: 'png', matches: (head: Buffer) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  'image/webp': { extension: 'webp', matches: (head: Buffer) => head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP' },
} as const satisfies Record<string, { extension: string; matches: (head: Buffer) => boolean }>;

export type ImageType = keyof typeof IMAGE_TYPES;

export function isImageType(value: string): value is ImageType {
  return Object.hasOwn(IMAGE_TYPES, value);
}

export class ImageTooLargeError extends Error {
  override readonly name = 'ImageTooLargeError';
}

export class ImageContentMismatchError extends Error {
  override readonly name = 'ImageContentMismatchError';
}

export interface StoredImage {
  readonly contentType: ImageType;
  readonly bytes: number;
}

export interface OpenedImage extends StoredImage {
  readonly stream: Readable;
}

/** Product images, as the routes see them. */
export interface Media {
  saveProductImage(productId: number, contentType: ImageType, body: Readable): Promise<StoredImage>;
  openProductImage(productId: number): Promise<OpenedImage | undefined>;
}

export class MediaDirectory implements Media {
  private readonly productsDir: string;

  constructor(mediaDir: string, private readonly maxBytes: number) {
    this.productsDir = path.join(path.resolve(mediaDir), 'products');
  }

  /**
   * Streams the body to a temporary file beside the target (same file system, so the final rename
   * is atomic: readers on any task see the old image or the new one, never half of one), checks
   * size and magic bytes, then replaces the product's image.
   */
  async saveProductImage(productId: number, contentType: ImageType, body: Readable): Promise<StoredImage> {
    await mkdir(this.productsDir, { recursive: true });
    const temporary = this.fileFor(`.upload-${randomUUID()}`);
    try {
      let bytes = 0;
      const limit = new Transform({
        transform: (chunk: Buffer, _encoding, done) => {
          bytes += chunk.length;
          done(bytes > this.maxBytes ? new ImageTooLargeError(`images are limited to ${this.maxBytes} bytes`) : null, chunk);
        },
      });
      await pipeline(unowned(body), limit, createWriteStream(temporary, { flags: 'wx', mode: 0o644 }));
      if (!IMAGE_TYPES[contentType].matches(await readHead(temporary))) {
        throw new ImageContentMismatchError(`the body is not a ${contentType} image`);
      }
      const target = this.imagePath(productId, contentType);
      await rename(temporary, target);
      // One image per product: drop any earlier one stored under another type.
      await Promise.all(Object.keys(IMAGE_TYPES).filter((type) => type !== contentType)
        .map((type) => rm(this.imagePath(productId, type as ImageType), { force: true })));
      return { contentType, bytes };
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async openProductImage(productId: number): Promise<OpenedImage | undefined> {
    for (const contentType of Object.keys(IMAGE_TYPES) as ImageType[]) {
      const file = this.imagePath(productId, contentType);
      const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (info?.isFile()) return { contentType, bytes: info.size, stream: createReadStream(file) };
    }
    return undefined;
  }

  private imagePath(productId: number, contentType: ImageType): string {
    if (!Number.isSafeInteger(productId) || productId <= 0) throw new RangeError(`not a product id: ${productId}`);
    return this.fileFor(`${productId}.${IMAGE_TYPES[contentType].extension}`);
  }

  /** Defence in depth: whatever the name, the file must sit directly in the products directory. */
  private fileFor(name: string): string {
    const file = path.resolve(this.productsDir, name);
    if (path.dirname(file) !== this.productsDir) throw new RangeError(`refusing a path outside the media directory: ${name}`);
    return file;
  }
}

/**
 * The request body, piped without handing it to `pipeline`: on a too-large upload pipeline would
 * destroy its source, and destroying the request destroys the socket before the 413 is sent.
 * An aborted upload still fails the copy.
 */
function unowned(body: Readable): Readable {
  const relay = new PassThrough();
  const abort = (error?: Error) => relay.destroy(error ?? new Error('upload aborted by the client'));
  body.once('error', abort).once('aborted', () => abort());
  relay.once('close', () => {
    body.unpipe(relay).off('error', abort);
  });
  return body.pipe(relay);
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
