import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';

const root = resolve(__dirname, '..');

/** How many services the reference manifest declares (the bare app's size beside it). */
export function referenceServiceCount(): number {
  const manifest = parseDocument(readFileSync(join(root, 'portside.yaml'), 'utf8')).toJS() as { services: Record<string, unknown> };
  return Object.keys(manifest.services).length;
}

/** The kinds of the reference manifest's services in manifest order (web unless written), which scaled manifests cycle through. */
export function referenceKinds(): string[] {
  const manifest = parseDocument(readFileSync(join(root, 'portside.yaml'), 'utf8')).toJS() as { services: Record<string, { kind?: string }> };
  return Object.values(manifest.services).map((service) => service.kind ?? 'web');
}

/**
 * The reference manifest with its services replaced by `count` services cycling through the
 * reference ones (storefront, orders-api, backoffice), named like `orders-api-002` (≤ 20 characters),
 * with the reference's prod overrides. JSON text, which is YAML. Shared by `npm run bench` and the
 * 100-service limits test, so both measure the same manifest.
 */
export function scaledManifest(count: number): string {
  const doc = parseDocument(readFileSync(join(root, 'portside.yaml'), 'utf8'));
  type Service = { repository: string } & Record<string, unknown>;
  type Environment = { overrides?: { services?: Record<string, unknown> } };
  const manifest = doc.toJS() as { services: Record<string, Service>; environments: Record<string, Environment> };
  const reference = Object.entries(manifest.services);
  const services: Record<string, Service> = {};
  const prod = manifest.environments.prod;
  const referenceOverrides = (prod?.overrides?.services ?? {}) as Record<string, unknown>;
  const overrides: Record<string, unknown> = {};
  const nameOf = (i: number) => {
    const [base] = reference[i % reference.length]!;
    return count === 1 ? base : `${base.slice(0, 14)}-${String(i + 1).padStart(3, '0')}`;
  };
  for (let i = 0; i < count; i++) {
    const [base, settings] = reference[i % reference.length]!;
    const name = nameOf(i);
    services[name] = { ...settings, repository: `${settings.repository}-${i + 1}` };
    // A reference service's calls go to the copy of the callee in the same group of copies, when there is one.
    const calls = (settings.calls as string[] | undefined ?? []).flatMap((callee) => {
      const index = Math.floor(i / reference.length) * reference.length + reference.findIndex(([other]) => other === callee);
      return index < count && index !== i ? [nameOf(index)] : [];
    });
    if (settings.calls !== undefined) services[name] = { ...services[name]!, calls };
    if (referenceOverrides[base]) overrides[name] = referenceOverrides[base];
  }
  manifest.services = services;
  if (prod?.overrides) prod.overrides.services = overrides;
  return JSON.stringify(manifest, null, 2);
}
