/**
 * Cost Explorer's ListCostAllocationTags and UpdateCostAllocationTagsStatus behind a real HTTP server
 * on 127.0.0.1, speaking the AWS JSON 1.1 protocol the installed SDK client uses (`X-Amz-Target:
 * AWSInsightsIndexService.<Operation>`), so `portside cost-tags` runs through the real client. It
 * models what the command depends on: only the management account may call it (a member account's
 * credentials get AccessDeniedException), a tag key is listed only once resources have carried it,
 * and an update may refuse a key while activating the others.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class FakeCostExplorer {
  /** Tag keys Cost Explorer has seen, with their status. */
  readonly tags = new Map<string, 'Active' | 'Inactive'>();
  /** Keys an update refuses, with the error code. */
  readonly refusals = new Map<string, string>();
  /** Access keys of member accounts: every call is denied. */
  readonly memberAccessKeys = new Set<string>();
  /** The operations called, in order, with the keys each named. */
  readonly calls: { readonly operation: string; readonly keys: readonly string[] }[] = [];
  private server: Server | undefined;

  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const operation = String(request.headers['x-amz-target'] ?? '').replace(/^AWSInsightsIndexService\./, '');
        const accessKey = /Credential=([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1] ?? '';
        const answer = (status: number, payload: unknown) => {
          response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(JSON.stringify(payload));
        };
        if (this.memberAccessKeys.has(accessKey)) {
          answer(400, { __type: 'AccessDeniedException', message: 'Linked account doesn\'t have access to cost allocation tags.' });
          return;
        }
        const input = JSON.parse(body || '{}') as { TagKeys?: string[]; CostAllocationTagsStatus?: { TagKey: string; Status: string }[] };
        if (operation === 'ListCostAllocationTags') {
          const keys = input.TagKeys ?? [...this.tags.keys()];
          this.calls.push({ operation, keys });
          answer(200, { CostAllocationTags: keys.filter((key) => this.tags.has(key)).map((key) => ({ TagKey: key, Type: 'UserDefined', Status: this.tags.get(key) })) });
        } else if (operation === 'UpdateCostAllocationTagsStatus') {
          const entries = input.CostAllocationTagsStatus ?? [];
          this.calls.push({ operation, keys: entries.map((entry) => entry.TagKey) });
          const errors = entries.filter((entry) => this.refusals.has(entry.TagKey))
            .map((entry) => ({ TagKey: entry.TagKey, Code: this.refusals.get(entry.TagKey), Message: 'refused by the fake' }));
          for (const entry of entries) if (!this.refusals.has(entry.TagKey)) this.tags.set(entry.TagKey, entry.Status as 'Active' | 'Inactive');
          answer(200, { Errors: errors });
        } else {
          answer(400, { __type: 'UnknownOperationException', message: operation });
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
