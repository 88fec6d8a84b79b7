// An STS stand-in on 127.0.0.1 that answers `AssumeRole` in AWS's Query protocol (form-encoded
// request, XML response) with fixed temporary credentials, and records what each request carried
// (the MFA serial and token code among them). Point the SDK at it with AWS_ENDPOINT_URL_STS.
import * as http from 'node:http';
import type * as net from 'node:net';
import { randomBytes } from 'node:crypto';

export interface AssumeRoleRequest {
  action: string;
  roleArn?: string;
  roleSessionName?: string;
  serialNumber?: string;
  tokenCode?: string;
  /** The access key id of the SigV4 Authorization header: who signed the request. */
  signedBy?: string;
}

export interface StsStandInOptions {
  /** The credentials every AssumeRole returns (DynamoDB Local accepts letters and digits as the key id). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  /** Token code that is accepted when the request carries a serial number; any other is refused as AWS refuses it. */
  acceptedTokenCode?: string;
}

export interface StsStandIn {
  readonly endpoint: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  /** Every request received, oldest first. */
  requests(): AssumeRoleRequest[];
  stop(): Promise<void>;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomBytes(8).toString('hex')}</RequestId></ErrorResponse>`;
}

export async function startStsStandIn(options: StsStandInOptions = {}): Promise<StsStandIn> {
  const credentials = options.credentials ?? {
    accessKeyId: `ASIA${randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(16).toString('hex'),
    sessionToken: randomBytes(24).toString('base64'),
  };
  const received: AssumeRoleRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const signedBy = /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1];
      const request: AssumeRoleRequest = {
        action: form.get('Action') ?? '',
        ...(form.get('RoleArn') !== null ? { roleArn: form.get('RoleArn') as string } : {}),
        ...(form.get('RoleSessionName') !== null ? { roleSessionName: form.get('RoleSessionName') as string } : {}),
        ...(form.get('SerialNumber') !== null ? { serialNumber: form.get('SerialNumber') as string } : {}),
        ...(form.get('TokenCode') !== null ? { tokenCode: form.get('TokenCode') as string } : {}),
        ...(signedBy ? { signedBy } : {}),
      };
      received.push(request);
      res.setHeader('Content-Type', 'text/xml');
      if (request.action !== 'AssumeRole') {
        res.statusCode = 400;
        res.end(
          errorXml(
            'InvalidAction',
            `The stand-in answers only AssumeRole, not ${request.action || 'an empty action'}.`,
          ),
        );
        return;
      }
      if (
        request.serialNumber !== undefined &&
        options.acceptedTokenCode !== undefined &&
        request.tokenCode !== options.acceptedTokenCode
      ) {
        res.statusCode = 403;
        res.end(errorXml('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. '));
        return;
      }
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      const session = request.roleSessionName ?? 'session';
      res.statusCode = 200;
      res.end(
        '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
          `<Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey>` +
          `<SessionToken>${xmlEscape(credentials.sessionToken)}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `<AssumedRoleUser><AssumedRoleId>AROA0000000000EXAMPLE:${xmlEscape(session)}</AssumedRoleId>` +
          `<Arn>arn:aws:sts::123456789012:assumed-role/stand-in/${xmlEscape(session)}</Arn></AssumedRoleUser>` +
          `</AssumeRoleResult><ResponseMetadata><RequestId>${randomBytes(8).toString('hex')}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    credentials,
    requests: () => [...received],
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
