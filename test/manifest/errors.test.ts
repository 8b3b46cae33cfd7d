import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, ManifestError, parseManifest } from '../../src/manifest';
import { BASE_MANIFEST, edit } from './fixtures/base-manifest';
import { issuesOf } from './fixtures/issues';

const REFERENCE = readFileSync(join(__dirname, '..', '..', 'portside.yaml'), 'utf8');

/** A small deterministic pseudo-random generator (mulberry32), so fuzz cases are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Either a plan or a ManifestError; anything else thrown fails the test. */
function parseOrManifestError(text: string): 'plan' | 'error' {
  try {
    parseManifest(text, 'fuzz.yaml');
    return 'plan';
  } catch (error) {
    if (error instanceof ManifestError) return 'error';
    throw error;
  }
}

describe('formatIssue', () => {
  it('writes file:line:column, the field path and the message', () => {
    expect(formatIssue({ file: 'portside.yaml', line: 52, column: 10, path: 'services.storefront.cpu', message: 'got 300; …' })).toBe(
      'portside.yaml:52:10 services.storefront.cpu: got 300; …',
    );
  });

  it('leaves the path out when there is none', () => {
    expect(formatIssue({ file: 'portside.yaml', line: 1, column: 1, path: '', message: 'got an empty manifest' })).toBe('portside.yaml:1:1 got an empty manifest');
  });

  it('keeps an echoed value on one line and in order: separators and bidi overrides are escaped', () => {
    const issue = { file: 'portside.yaml', line: 4, column: 10, path: 'project', message: 'got "a\u2028b\u202ec"; use lowercase letters' };
    expect(formatIssue(issue)).toBe('portside.yaml:4:10 project: got "a\\u{2028}b\\u{202e}c"; use lowercase letters');
  });

  it('still escapes them when a manifest really contains them', () => {
    const error = (() => {
      try {
        parseManifest(BASE_MANIFEST.replace(/^project: .*$/m, 'project: "a\u2028b"'), 'portside.yaml');
      } catch (caught) {
        return caught as ManifestError;
      }
      throw new Error('expected a ManifestError');
    })();
    const line = error.issues.map(formatIssue).find((text) => text.includes(' project: '))!;
    expect(line).toContain('\\u{2028}');
    expect(line).not.toContain('\u2028');
  });
});

describe('ManifestError', () => {
  it('lists every issue in its message, one a line, in file order', () => {
    const text = edit(['project: shop', 'project: Shop'], ['port: 3000', 'port: 0'], ['infrequentAccessAfterDays: 30', 'infrequentAccessAfterDays: 45']);
    let caught: unknown;
    try {
      parseManifest(text, 'portside.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ManifestError);
    const error = caught as ManifestError;
    expect(error.name).toBe('ManifestError');
    expect(error.message.split('\n')).toEqual(error.issues.map(formatIssue));
    const lines = error.issues.map((issue) => issue.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('reports every problem at once, not just the first', () => {
    const text = edit(['project: shop', 'project: Shop'], ['port: 3000', 'port: 0'], ['infrequentAccessAfterDays: 30', 'infrequentAccessAfterDays: 45']);
    expect(issuesOf(text).map((issue) => issue.path)).toEqual(['project', 'fileSystems.media.infrequentAccessAfterDays', 'services.web.port']);
  });

  it('reports field errors and cross-field errors of the same service together', () => {
    const text = edit(['port: 3000', 'port: 0'], ['    cpu: 512\n', '    cpu: 300\n'], ['databases: [catalog]', 'databases: [catalogue]'], ['    maxCount: 6', '    maxCount: 1']);
    expect(issuesOf(text).map((issue) => issue.path)).toEqual([
      'services.web.port',
      'services.web.cpu',
      'services.web.desiredCount',
      'services.web.databases[0]',
    ]);
  });

  it('reports a rule once even when it fails in every environment', () => {
    const issues = issuesOf(edit(['    cpu: 512\n', '    cpu: 300\n']));
    expect(issues.filter((issue) => issue.path === 'services.web.cpu')).toHaveLength(1);
  });

  it('names the file it was given', () => {
    expect(issuesOf(edit(['port: 3000', 'port: 0']), 'deploy/shop.yaml')[0]?.file).toBe('deploy/shop.yaml');
  });

  it('never carries a stack trace in what users read', () => {
    for (const text of ['', 'x: [', edit(['port: 3000', 'port: 0']), '\u0000\u0001\u0002']) {
      const issues = issuesOf(text);
      expect(issues.map(formatIssue).join('\n')).not.toMatch(/\n\s+at /);
      expect(issues.every((issue) => !/\bat .*\.ts:\d+/.test(issue.message))).toBe(true);
    }
  });

  it('writes messages that start lowercase and end without a period', () => {
    const text = edit(['project: shop', 'project: S'], ['region: eu-west-2', 'region: London'], ['branch: dev', 'branch: 1'], ['port: 3000', 'port: "x"']);
    for (const issue of issuesOf(text)) {
      expect(issue.message).toMatch(/^[a-z]/);
      expect(issue.message).not.toMatch(/\.$/);
    }
  });
});

describe('parseManifest on hostile input', () => {
  it('rejects binary garbage with a ManifestError', () => {
    const next = random(7);
    for (let round = 0; round < 20; round++) {
      const bytes = Buffer.from(Array.from({ length: 64 + round * 37 }, () => Math.floor(next() * 256)));
      expect(parseOrManifestError(bytes.toString('utf8'))).toBe('error');
      expect(parseOrManifestError(bytes.toString('latin1'))).toBe('error');
    }
  });

  it('refuses deeply nested flow and block collections without running out of stack', () => {
    const flow = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    const block = Array.from({ length: 3000 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n');
    expect(issuesOf(flow)[0]?.message).toMatch(/^got nesting deeper than 64 levels/);
    expect(issuesOf(block)[0]?.message).toMatch(/^got nesting deeper than 64 levels/);
    expect(issuesOf(`project: ${'{a: '.repeat(100)}1${'}'.repeat(100)}\n`)[0]).toMatchObject({ line: 1 });
  });

  it('refuses documents that expand through aliases', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(issuesOf(bomb)[0]?.message).toMatch(/^got a document that expands too much/);
  });

  it('treats keys named like object internals as unknown fields', () => {
    const issues = issuesOf(`__proto__: {}\nconstructor: 1\n${BASE_MANIFEST}`);
    expect(issues.map((issue) => issue.path)).toEqual(['__proto__', 'constructor']);
  });

  it('never throws anything but a ManifestError for random edits of the reference manifest', () => {
    const next = random(42);
    const pieces = [':', '-', ' ', '\n', '"', "'", '[', ']', '{', '}', '#', '&a', '*a', '!', '|', '>', '0', 'x', '\t', '? '];
    let rejected = 0;
    for (let round = 0; round < 150; round++) {
      let text = REFERENCE;
      for (let change = 0; change < 1 + Math.floor(next() * 3); change++) {
        const at = Math.floor(next() * text.length);
        const cut = Math.floor(next() * 4);
        text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at + cut);
      }
      if (parseOrManifestError(text) === 'error') rejected++;
    }
    expect(rejected).toBeGreaterThan(50);
  });
});
