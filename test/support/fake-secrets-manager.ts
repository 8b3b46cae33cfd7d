/**
 * An in-memory Secrets Manager behind a real HTTP server on 127.0.0.1 speaking the JSON 1.1 protocol
 * (`X-Amz-Target: secretsmanager.<Operation>`), so the handler's calls go through the real
 * @aws-sdk/client-secrets-manager. It models what rotation depends on: versions and their staging
 * labels, an AWSPENDING version with no value yet when a rotation starts, AWSPREVIOUS following
 * AWSCURRENT, and the errors the SDK maps to ResourceNotFoundException and friends.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

interface Version {
  secretString: string | undefined;
  stages: string[];
}

interface Secret {
  arn: string;
  name: string;
  rotationEnabled: boolean;
  tags: Record<string, string>;
  versions: Map<string, Version>;
}

class ApiError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

export class FakeSecretsManager {
  private readonly secrets = new Map<string, Secret>();
  /** Every operation received, in order (no values): what the handler asked for. */
  readonly calls: string[] = [];
  private server: Server | undefined;

  createSecret(name: string, secretString: string, options: { tags?: Record<string, string>; rotationEnabled?: boolean } = {}): string {
    const arn = `arn:aws:secretsmanager:eu-west-2:111111111111:secret:${name}-${randomBytes(3).toString('hex')}`;
    const versions = new Map([[randomUUID(), { secretString, stages: ['AWSCURRENT'] }]]);
    this.secrets.set(arn, { arn, name, rotationEnabled: options.rotationEnabled ?? true, tags: options.tags ?? {}, versions });
    return arn;
  }

  /** What RotateSecret does before invoking the function: a new version labelled AWSPENDING, no value yet. */
  startRotation(secretId: string): string {
    const token = randomUUID();
    const secret = this.find(secretId);
    this.moveStage(secret, 'AWSPENDING', token);
    secret.versions.set(token, { secretString: undefined, stages: ['AWSPENDING'] });
    return token;
  }

  /** What Secrets Manager does after a successful finishSecret. */
  endRotation(secretId: string): void {
    for (const version of this.find(secretId).versions.values()) version.stages = version.stages.filter((stage) => stage !== 'AWSPENDING');
  }

  /** The value labelled `stage`, for assertions. */
  valueAt(secretId: string, stage: string): string | undefined {
    return [...this.find(secretId).versions.values()].find((version) => version.stages.includes(stage))?.secretString;
  }

  stagesOf(secretId: string): Record<string, string[]> {
    return Object.fromEntries([...this.find(secretId).versions].map(([id, version]) => [id, [...version.stages]]));
  }

  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const target = String(request.headers['x-amz-target'] ?? '');
        const operation = target.replace(/^secretsmanager\./, '');
        let status = 200;
        let payload: unknown;
        try {
          if (!target.startsWith('secretsmanager.')) throw new ApiError('UnknownOperationException', `no target ${target}`);
          if (!String(request.headers['authorization'] ?? '').startsWith('AWS4-HMAC-SHA256')) throw new ApiError('MissingAuthenticationTokenException', 'request not signed');
          this.calls.push(operation);
          payload = this.handle(operation, JSON.parse(body || '{}') as Record<string, unknown>);
        } catch (error) {
          status = 400;
          payload = error instanceof ApiError ? { __type: error.type, message: error.message } : { __type: 'InternalServiceError', message: String(error) };
          if (!(error instanceof ApiError)) status = 500;
        }
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The real SDK client pointed at this server, with dummy credentials. */
  async client(): Promise<SecretsManagerClient> {
    const endpoint = this.server ? `http://127.0.0.1:${(this.server.address() as AddressInfo).port}` : await this.listen();
    return new SecretsManagerClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 });
  }

  private find(secretId: unknown): Secret {
    const secret = this.secrets.get(String(secretId)) ?? [...this.secrets.values()].find((candidate) => candidate.name === secretId);
    if (!secret) throw new ApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  }

  /** A label is on one version at most: attaching it elsewhere removes it here. */
  private moveStage(secret: Secret, stage: string, toVersion: string): void {
    for (const [id, version] of secret.versions) {
      if (id !== toVersion) version.stages = version.stages.filter((label) => label !== stage);
    }
    const target = secret.versions.get(toVersion);
    if (target && !target.stages.includes(stage)) target.stages.push(stage);
  }

  private handle(operation: string, input: Record<string, unknown>): unknown {
    switch (operation) {
      case 'GetSecretValue': {
        const secret = this.find(input.SecretId);
        const stage = input.VersionStage as string | undefined;
        const versionId = input.VersionId as string | undefined;
        const entry = versionId
          ? [versionId, secret.versions.get(versionId)] as const
          : [...secret.versions].find(([, version]) => version.stages.includes(stage ?? 'AWSCURRENT'));
        const [id, version] = entry ?? [];
        if (!id || !version || (stage && !version.stages.includes(stage)) || version.secretString === undefined) {
          throw new ApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label or version");
        }
        return { ARN: secret.arn, Name: secret.name, VersionId: id, SecretString: version.secretString, VersionStages: version.stages, CreatedDate: Date.now() / 1000 };
      }
      case 'DescribeSecret': {
        const secret = this.find(input.SecretId);
        return {
          ARN: secret.arn,
          Name: secret.name,
          RotationEnabled: secret.rotationEnabled,
          VersionIdsToStages: this.stagesOf(secret.arn),
          Tags: Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value })),
        };
      }
      case 'GetRandomPassword': {
        const length = Number(input.PasswordLength ?? 32);
        const alphabet = input.ExcludePunctuation ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
        return { RandomPassword: Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('') };
      }
      case 'PutSecretValue': {
        const secret = this.find(input.SecretId);
        const token = String(input.ClientRequestToken);
        const stages = (input.VersionStages as string[] | undefined) ?? ['AWSCURRENT'];
        const existing = secret.versions.get(token);
        if (existing?.secretString !== undefined) {
          if (existing.secretString !== input.SecretString) throw new ApiError('ResourceExistsException', `version ${token} already exists with a different value`);
        } else {
          secret.versions.set(token, { secretString: String(input.SecretString), stages: existing?.stages ?? [] });
        }
        for (const stage of stages) this.moveStage(secret, stage, token);
        return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: secret.versions.get(token)!.stages };
      }
      case 'UpdateSecretVersionStage': {
        const secret = this.find(input.SecretId);
        const stage = String(input.VersionStage);
        const moveTo = input.MoveToVersionId as string | undefined;
        const removeFrom = input.RemoveFromVersionId as string | undefined;
        const holder = [...secret.versions].find(([, version]) => version.stages.includes(stage))?.[0];
        if (holder && moveTo && holder !== moveTo && holder !== removeFrom) {
          throw new ApiError('InvalidParameterException', `The staging label ${stage} is currently attached to version ${holder}, but you have not specified RemoveFromVersionId`);
        }
        if (moveTo && !secret.versions.has(moveTo)) throw new ApiError('ResourceNotFoundException', `no version ${moveTo}`);
        if (moveTo) this.moveStage(secret, stage, moveTo);
        if (stage === 'AWSCURRENT' && holder && holder !== moveTo) this.moveStage(secret, 'AWSPREVIOUS', holder);
        return { ARN: secret.arn, Name: secret.name };
      }
      default:
        throw new ApiError('UnknownOperationException', `the fake does not implement ${operation}`);
    }
  }
}
