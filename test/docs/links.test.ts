import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/reference';

/** GitHub's heading anchor: lowercase, punctuation dropped (hyphens and underscores kept), spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
}

const PAGES = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => join('docs', file))];

function brokenLinks(page: string, source = readFileSync(join(REPO_ROOT, page), 'utf8')): string[] {
  const text = source.replace(/```[^]*?```/g, '');
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
    if (/^(https?:|mailto:)/.test(target!)) continue;
    const [path, anchor] = target!.split('#') as [string, string | undefined];
    const file = path === '' ? join(REPO_ROOT, page) : normalize(join(REPO_ROOT, dirname(page), path));
    if (!existsSync(file)) {
      broken.push(`${target}: no such file`);
    } else if (anchor && file.endsWith('.md') && statSync(file).isFile()) {
      const headings = [...readFileSync(file, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!));
      if (!headings.includes(anchor)) broken.push(`${target}: no heading with that anchor`);
    }
  }
  return broken;
}

describe('the documentation', () => {
  it('keeps the README a front page: at most 16 KB', () => {
    expect(statSync(join(REPO_ROOT, 'README.md')).size).toBeLessThanOrEqual(16 * 1024);
  });

  it.each(PAGES)('%s links only to files and headings that exist', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it('the link check can fail', () => {
    expect(brokenLinks('docs/README.md', '[a](nowhere.md) [b](operations.md#no-such-heading) [c](operations.md#environment-monitoring)')).toEqual([
      'nowhere.md: no such file', 'operations.md#no-such-heading: no heading with that anchor',
    ]);
    expect(anchorOf('`<stack>-deploy-5xx` [critical]')).toBe('stack-deploy-5xx-critical');
    expect(anchorOf('Queue alarms (in `<project>-<env>-operations`)')).toBe('queue-alarms-in-project-env-operations');
  });
});
