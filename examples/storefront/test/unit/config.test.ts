import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/config.js';

/** What Portside gives the storefront task (plain variables plus the two injected secrets per database). */
const PLATFORM_ENV = {
  PORT: '3000',
  NODE_ENV: 'production',
  CATALOG_DB_HOST: 'catalog.cluster-abc.eu-west-2.rds.amazonaws.com',
  CATALOG_DB_PORT: '3306',
  CATALOG_DB_NAME: 'catalog',
  CATALOG_DB_USER: 'portside',
  CATALOG_DB_PASSWORD: 's3cret-catalog',
  ORDERS_DB_HOST: 'orders.cluster-abc.eu-west-2.rds.amazonaws.com',
  ORDERS_DB_PORT: '5432',
  ORDERS_DB_NAME: 'orders',
  ORDERS_DB_USER: 'postgres',
  ORDERS_DB_PASSWORD: 's3cret-orders',
};

function without(name: keyof typeof PLATFORM_ENV) {
  const env: Record<string, string> = { ...PLATFORM_ENV };
  delete env[name];
  return env;
}

describe('loadConfig', () => {
  it('reads what the platform injects, with production defaults for the rest', () => {
    const config = loadConfig(PLATFORM_ENV);

    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      catalog: { host: PLATFORM_ENV.CATALOG_DB_HOST, port: 3306, database: 'catalog', user: 'portside', password: 's3cret-catalog' },
      orders: { host: PLATFORM_ENV.ORDERS_DB_HOST, port: 5432, database: 'orders', user: 'postgres', password: 's3cret-orders' },
      databaseTls: true,
      mediaDir: '/mnt/media',
      databasePoolSize: 10,
      shutdownTimeoutMs: 25_000,
      testRoutes: false,
    });
  });

  it.each(['PORT', 'CATALOG_DB_HOST', 'CATALOG_DB_PASSWORD', 'ORDERS_DB_PORT', 'ORDERS_DB_USER'] as const)(
    'names %s in one line when it is missing',
    (name) => {
      expect(() => loadConfig(without(name))).toThrow(new ConfigError(`invalid configuration: ${name} is not set`));
    },
  );

  it('names every bad variable at once, in a single line', () => {
    const error = captureError(() => loadConfig({ ...without('ORDERS_DB_HOST'), PORT: 'http', CATALOG_DB_PORT: '99999' }));

    expect(error.message).toBe('invalid configuration: PORT must be a whole number; CATALOG_DB_PORT must be 1–65535; ORDERS_DB_HOST is not set');
    expect(error.message).not.toContain('\n');
  });

  it('never puts a value, and so never a password, in its message', () => {
    const error = captureError(() => loadConfig({ ...PLATFORM_ENV, CATALOG_DB_PASSWORD: '', DB_POOL_SIZE: 'lots-of-s3cret-orders' }));

    expect(error.message).toBe('invalid configuration: DB_POOL_SIZE must be a whole number; CATALOG_DB_PASSWORD is empty');
    expect(error.message).not.toContain('s3cret');
  });

  it('keeps TLS to the databases on unless DB_TLS=off', () => {
    expect(loadConfig({ ...PLATFORM_ENV, DB_TLS: 'off' }).databaseTls).toBe(false);
    expect(loadConfig({ ...PLATFORM_ENV, DB_TLS: '' }).databaseTls).toBe(true);
    expect(() => loadConfig({ ...PLATFORM_ENV, DB_TLS: 'maybe' })).toThrow('DB_TLS must be on or off');
  });

  it('takes the upload directory from MEDIA_DIR, which must be absolute', () => {
    expect(loadConfig({ ...PLATFORM_ENV, MEDIA_DIR: '/srv/media' }).mediaDir).toBe('/srv/media');
    expect(() => loadConfig({ ...PLATFORM_ENV, MEDIA_DIR: 'media' })).toThrow('MEDIA_DIR must be an absolute path');
  });

  it('keeps the shutdown deadline below the 30 s ECS stop timeout', () => {
    expect(loadConfig({ ...PLATFORM_ENV, SHUTDOWN_TIMEOUT_MS: '29000' }).shutdownTimeoutMs).toBe(29_000);
    expect(() => loadConfig({ ...PLATFORM_ENV, SHUTDOWN_TIMEOUT_MS: '30000' })).toThrow('SHUTDOWN_TIMEOUT_MS must be 1000–29000');
  });

  it('refuses the test routes in production', () => {
    expect(() => loadConfig({ ...PLATFORM_ENV, STOREFRONT_TEST_ROUTES: 'on' }))
      .toThrow('STOREFRONT_TEST_ROUTES must not be on when NODE_ENV is production');
    expect(loadConfig({ ...PLATFORM_ENV, NODE_ENV: 'test', STOREFRONT_TEST_ROUTES: 'on' }).testRoutes).toBe(true);
  });
});

describe('describeConfig', () => {
  it('describes the configuration for the start-up log without credentials', () => {
    const described = JSON.stringify(describeConfig(loadConfig(PLATFORM_ENV)));

    expect(described).toContain(PLATFORM_ENV.CATALOG_DB_HOST);
    expect(described).not.toContain('s3cret');
  });
});

function captureError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
