/**
 * CloudTrail and Organizations, read with a SigV4-signed JSON 1.1 request rather than their SDK
 * clients (which pvapi does not ship): `cloudtrail:LookupEvents` for the time of the last
 * resource policy change (row 30) and `organizations:DescribeOrganization` for
 * `aws:PrincipalOrgID`. Both are read-only. Endpoints follow the SDK convention:
 * AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, then the public endpoint.
 */
import type { AwsCredentialIdentity, HttpRequest } from '@smithy/types'
import type { PolicyChangeFacts } from '../doctor/snapshot.js'
import { signRequest } from '../sign/signer.js'
import type { CloudTrailPort, OrganizationsPort } from './collect/ports.js'
import { agentFor } from './network.js'
import type { DoctorLimits } from './doctor-client-config.js'

/** One bound for a request (connect and answer together), and the run's signal. */
export const rpcLimits = (l: DoctorLimits | undefined) =>
  l ? { timeoutMs: l.connectTimeoutMs + l.readTimeoutMs, ...(l.signal ? { signal: l.signal } : {}) } : {}

type Env = Readonly<Record<string, string | undefined>>

/** The endpoint URL for a service, honouring AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL. */
export function endpointFor(env: Env, envKey: string, fallback: string): URL {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== 'true') {
    const specific = env[`AWS_ENDPOINT_URL_${envKey}`]
    if (specific) return new URL(specific)
    if (env.AWS_ENDPOINT_URL) return new URL(env.AWS_ENDPOINT_URL)
  }
  return new URL(fallback)
}

/** One signed JSON 1.1 call. AWS errors are thrown with `name` and `$metadata.httpStatusCode`, like the SDK's. */
export async function jsonRpc(opts: {
  url: URL
  service: string
  region: string
  target: string
  body: unknown
  credentials: AwsCredentialIdentity
  /** Connect + answer bound for the request (one bound, like the other readers' total). */
  timeoutMs?: number
  /** The run's signal (the --timeout deadline, Ctrl-C). */
  signal?: AbortSignal
}): Promise<unknown> {
  const body = JSON.stringify(opts.body)
  const request: HttpRequest = {
    method: 'POST',
    protocol: opts.url.protocol,
    hostname: opts.url.hostname,
    ...(opts.url.port ? { port: Number(opts.url.port) } : {}),
    path: opts.url.pathname || '/',
    query: {},
    headers: {
      host: opts.url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': opts.target,
    },
    body,
  }
  const { request: signed } = await signRequest({
    request,
    service: opts.service,
    region: opts.region,
    credentials: opts.credentials,
    signingDate: new Date(),
  })
  const headers = Object.fromEntries(
    Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'),
  )
  const url = new URL(signed.path, opts.url)
  const timeoutMs = opts.timeoutMs ?? 13000
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout
  // node:http(s), not fetch: the SDK clients already load it, while the first fetch loads undici
  // and compiles its WebAssembly parser (50+ ms of blocked event loop just as the doctor's first
  // reads go out). A proxy or CA bundle (src/aws/network.ts) comes as the agent.
  let res: RpcAnswer
  let text: string
  try {
    res = await post(url, headers, body, agentFor(url.protocol), signal)
    text = await res.text()
  } catch (err) {
    // Say which host did not answer, and for how long it was given (see collect/attempt.ts).
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), {
      $pvapiEndpoint: opts.url.host,
      ...(timeout.aborted ? { $pvapiTimeoutMs: timeoutMs } : {}),
    })
  }
  let json: unknown
  try {
    json = text ? JSON.parse(text) : {}
  } catch {
    json = undefined
  }
  if (!res.ok) {
    const j = (json ?? {}) as { __type?: string; message?: string; Message?: string }
    const name = (j.__type ?? res.headers.get('x-amzn-errortype') ?? `Http${res.status}`)
      .split('#')
      .pop()!
      .split(':')[0]!
    throw Object.assign(new Error(j.message ?? j.Message ?? `${opts.target}: HTTP ${res.status}`), {
      name,
      $metadata: { httpStatusCode: res.status },
    })
  }
  if (json === undefined)
    throw Object.assign(new Error(`${opts.target}: the answer is not JSON`), { name: 'MalformedAnswer' })
  return json
}

interface TrailEvent {
  readonly EventId?: string
  readonly EventName?: string
  readonly EventTime?: number | string
  readonly Username?: string
  readonly CloudTrailEvent?: string
}

const eventTime = (t: number | string | undefined): string | undefined => {
  if (t === undefined) return undefined
  const d = typeof t === 'number' ? new Date(t * 1000) : new Date(t)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

/** CloudTrail LookupEvents for UpdateRestApi/PutRestApi events that changed this API's policy. */
export function cloudTrailPort(
  region: string,
  credentials: AwsCredentialIdentity,
  env: Env,
  limits?: DoctorLimits,
): CloudTrailPort {
  const url = endpointFor(env, 'CLOUDTRAIL', `https://cloudtrail.${region}.amazonaws.com`)
  return {
    async lastPolicyChange(apiId: string, since: Date): Promise<PolicyChangeFacts> {
      type Change = NonNullable<PolicyChangeFacts['lastChange']>
      // Both event names are searched at once (LookupEvents takes one attribute per call).
      const search = async (eventName: string): Promise<Change | undefined> => {
        let found: Change | undefined
        let NextToken: string | undefined
        for (let page = 0; page < 10; page++) {
          const out = (await jsonRpc({
            url,
            service: 'cloudtrail',
            region,
            credentials,
            ...rpcLimits(limits),
            target: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
            body: {
              LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }],
              StartTime: Math.floor(since.getTime() / 1000),
              MaxResults: 50,
              ...(NextToken ? { NextToken } : {}),
            },
          })) as { Events?: TrailEvent[]; NextToken?: string }
          for (const e of out.Events ?? []) {
            let detail: { requestParameters?: { restApiId?: string } } = {}
            try {
              detail = JSON.parse(e.CloudTrailEvent ?? '{}') as typeof detail
            } catch {
              continue
            }
            const params = detail.requestParameters
            if (params?.restApiId !== apiId) continue
            // UpdateRestApi changes many things; only patch operations on /policy count. PutRestApi
            // replaces the whole definition, policy included.
            if (eventName === 'UpdateRestApi' && !JSON.stringify(params).includes('/policy')) continue
            const time = eventTime(e.EventTime)
            if (time && (!found || time > found.eventTime))
              found = {
                eventTime: time,
                eventName,
                ...(e.EventId ? { eventId: e.EventId } : {}),
                ...(e.Username ? { user: e.Username } : {}),
              }
          }
          if (!out.NextToken || out.NextToken === NextToken) break
          NextToken = out.NextToken
        }
        return found
      }
      const changes = (await Promise.all(['UpdateRestApi', 'PutRestApi'].map(search))).filter(
        (c): c is Change => c !== undefined,
      )
      const latest = changes.sort((a, b) => (a.eventTime < b.eventTime ? 1 : -1))[0]
      return { ...(latest ? { lastChange: latest } : {}), since: since.toISOString() }
    },
  }
}

/** Organizations DescribeOrganization (callable from member accounts). */
export function organizationsPort(
  credentials: AwsCredentialIdentity,
  env: Env,
  partitionRegion = 'us-east-1',
  limits?: DoctorLimits,
): OrganizationsPort {
  const url = endpointFor(env, 'ORGANIZATIONS', `https://organizations.${partitionRegion}.amazonaws.com`)
  return {
    async organizationId() {
      try {
        const out = (await jsonRpc({
          url,
          service: 'organizations',
          region: partitionRegion,
          credentials,
          ...rpcLimits(limits),
          target: 'AWSOrganizationsV20161128.DescribeOrganization',
          body: {},
        })) as { Organization?: { Id?: string } }
        return out.Organization?.Id ?? null
      } catch (err) {
        if ((err as { name?: string }).name === 'AWSOrganizationsNotInUseException') return null
        throw err
      }
    },
    // The next two answer only for the management account or a delegated administrator: from
    // a member account they are AccessDenied, which the collector records as such.
    async accountInOrganization(AccountId: string) {
      try {
        await jsonRpc({
          url,
          service: 'organizations',
          region: partitionRegion,
          credentials,
          ...rpcLimits(limits),
          target: 'AWSOrganizationsV20161128.DescribeAccount',
          body: { AccountId },
        })
        return true
      } catch (err) {
        if ((err as { name?: string }).name === 'AccountNotFoundException') return false
        throw err
      }
    },
    async parents(ChildId: string) {
      const out = (await jsonRpc({
        url,
        service: 'organizations',
        region: partitionRegion,
        credentials,
        ...rpcLimits(limits),
        target: 'AWSOrganizationsV20161128.ListParents',
        body: { ChildId },
      })) as { Parents?: Array<{ Id?: string; Type?: string }> }
      return (out.Parents ?? []).filter(p => p.Id).map(p => ({ id: p.Id!, type: String(p.Type ?? '') }))
    },
  }
}

/** What the JSON-RPC reader needs of an answer (the shape of fetch's Response, over node:http(s)). */
interface RpcAnswer {
  readonly ok: boolean
  readonly status: number
  readonly headers: { get(name: string): string | null }
  text(): Promise<string>
}

async function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  agent: import('node:http').Agent | undefined,
  signal: AbortSignal,
): Promise<RpcAnswer> {
  const mod = url.protocol === 'http:' ? await import('node:http') : await import('node:https')
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: 'POST', headers, ...(agent ? { agent } : {}), signal }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const status = res.statusCode ?? 0
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({
          ok: status >= 200 && status < 300,
          status,
          headers: { get: name => (res.headers[name.toLowerCase()] as string | undefined) ?? null },
          text: async () => text,
        })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}
