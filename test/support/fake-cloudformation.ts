/**
 * CloudFormation's GetTemplate and STS's AssumeRole behind a real HTTP server on 127.0.0.1, speaking
 * the AWS query protocol the installed SDK clients use for both (form-encoded `Action=…` requests,
 * XML answers), so `portside plan --deployed` runs through the real @aws-sdk clients. It models what
 * the plan depends on: a stack lives in one account and region, and only credentials of a role in
 * that account see it; a stack that is not there is CloudFormation's ValidationError "does not
 * exist"; the process's own credentials cannot call CloudFormation at all (only a role can).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One AssumeRole: the role asked for and the region of the STS endpoint called. */
export interface AssumedRole {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly region: string;
}

/** One GetTemplate: which stack, where (the signing region, and the account of the role signing it). */
export interface TemplateRead {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly templateStage: string | undefined;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export class FakeCloudFormation {
  /** Template bodies by `account/region/stackName`. */
  private readonly bodies = new Map<string, string>();
  /** Roles whose trust policy does not let the caller in. */
  private readonly untrusting = new Set<string>();
  /** The account of each access key handed out by AssumeRole. */
  private readonly roleAccounts = new Map<string, string>();
  readonly assumedRoles: AssumedRole[] = [];
  readonly templateReads: TemplateRead[] = [];
  private server: Server | undefined;

  /** A deployed stack, whose template GetTemplate returns as `body` (JSON or YAML text). */
  deploy(account: string, region: string, stackName: string, body: string): void {
    this.bodies.set(`${account}/${region}/${stackName}`, body);
  }

  /** A role that refuses the caller (an account bootstrapped without trusting it). */
  refuse(roleArn: string): void {
    this.untrusting.add(roleArn);
  }

  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        // Credential=<key>/<date>/<region>/<service>/aws4_request
        const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(request.headers.authorization ?? ''));
        let status = 200;
        let payload: string;
        try {
          if (!scope) throw new ApiError(403, 'MissingAuthenticationToken', 'request not signed');
          const [, accessKey, region, service] = scope as unknown as [string, string, string, string];
          if (service === 'sts' && form.get('Action') === 'AssumeRole') payload = this.assumeRole(form, region);
          else if (service === 'cloudformation' && form.get('Action') === 'GetTemplate') payload = this.getTemplate(form, accessKey, region);
          else throw new ApiError(400, 'InvalidAction', `no ${service} ${form.get('Action')}`);
        } catch (error) {
          const failure = error instanceof ApiError ? error : new ApiError(500, 'InternalFailure', String(error));
          status = failure.status;
          payload = `<ErrorResponse><Error><Type>Sender</Type><Code>${failure.code}</Code><Message>${xml(failure.message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`;
        }
        response.writeHead(status, { 'content-type': 'text/xml' });
        response.end(payload);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private assumeRole(form: URLSearchParams, region: string): string {
    const roleArn = form.get('RoleArn') ?? '';
    const account = /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1];
    if (!account) throw new ApiError(400, 'ValidationError', `not a role ARN: ${roleArn}`);
    if (this.untrusting.has(roleArn)) throw new ApiError(403, 'AccessDenied', `User: caller is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    const accessKey = `ASIAFAKE${String(this.assumedRoles.length).padStart(4, '0')}`;
    this.assumedRoles.push({ roleArn, sessionName: form.get('RoleSessionName') ?? '', region });
    this.roleAccounts.set(accessKey, account);
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>`
      + `<Credentials><AccessKeyId>${accessKey}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>${expiration}</Expiration></Credentials>`
      + `<AssumedRoleUser><AssumedRoleId>AROAFAKE:session</AssumedRoleId><Arn>${xml(roleArn)}</Arn></AssumedRoleUser>`
      + '</AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>';
  }

  private getTemplate(form: URLSearchParams, accessKey: string, region: string): string {
    const account = this.roleAccounts.get(accessKey);
    if (!account) throw new ApiError(403, 'AccessDenied', `${accessKey} is not authorized to perform: cloudformation:GetTemplate`);
    const stackName = form.get('StackName') ?? '';
    this.templateReads.push({ stackName, account, region, templateStage: form.get('TemplateStage') ?? undefined });
    const body = this.bodies.get(`${account}/${region}/${stackName}`);
    if (body === undefined) throw new ApiError(400, 'ValidationError', `Stack with id ${stackName} does not exist`);
    return '<GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><GetTemplateResult>'
      + `<TemplateBody>${xml(body)}</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>`
      + '</GetTemplateResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetTemplateResponse>';
  }
}
