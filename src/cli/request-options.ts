import type { Command } from 'commander'
import type { DataArg } from '../call/options.js'
import { parseHeader, parseHostMode, parseVpce } from '../call/options.js'
import type { RequestSettings } from '../call/plan.js'
import { usageError } from '../core/errors.js'
import { parseUserUrl } from '../core/target.js'
import { checkRegionFlag } from '../core/region-name.js'
import { parseConnectTo, parseResolve } from '../http/connect-rules.js'

const collect = (v: string, prev: string[] = []) => [...prev, v]

/** Options that shape the request, shared by `call` and `sign`. Returns the ordered data list. */
export function addRequestOptions(cmd: Command): DataArg[] {
  // -d, --data-binary, --data-raw and --json interleave in command-line order (curl joins them).
  const data: DataArg[] = []
  const push = (kind: DataArg['kind']) => (value: string) => {
    data.push({ kind, value })
    return data
  }
  cmd
    .option('-X, --request <method>', 'HTTP method (default GET, or POST with a body)')
    .option(
      '-H, --header <header>',
      'extra header "Name: value" (repeatable; "Name:" removes one)',
      collect,
      [],
    )
    .option(
      '-d, --data <data>',
      'body; @file or @- for stdin (CR/LF stripped, like curl); implies POST',
      push('data'),
    )
    .option('--data-binary <data>', 'body sent byte for byte; @file or @-', push('binary'))
    .option('--data-raw <data>', 'body taken literally (no @file)', push('raw'))
    .option(
      '--json <data>',
      'JSON body (@file, @-); sets Content-Type and Accept to application/json',
      push('json'),
    )
    .option('--service <name>', 'SigV4 service name', 'execute-api')
    .option('--region <region>', 'signing region (default: from the host name, else the AWS config)')
    .option('--api-id <id>', 'REST API id, for endpoint-specific vpce-… names (sends x-apigw-api-id)')
    .option(
      '--host-mode <mode>',
      'how a vpce name addresses the API: header (x-apigw-api-id, the default) or host (Host: {api}.execute-api…)',
    )
    .option(
      '--vpce <id-or-dns>',
      'connect through this VPC endpoint (id is looked up read-only, or its DNS name)',
    )
    .option('--resolve <host:port:addr>', "pin a host's address, like curl (repeatable)", collect, [])
    .option(
      '--connect-to <h1:p1:h2:p2>',
      'connect to h2:p2 instead of h1:p1, like curl (repeatable)',
      collect,
      [],
    )
  return data
}

export interface RawRequestOptions {
  request?: string
  header: string[]
  service: string
  region?: string
  apiId?: string
  hostMode?: string
  vpce?: string
  resolve: string[]
  connectTo: string[]
  profile?: string
}

export function toRequestSettings(
  url: string,
  o: RawRequestOptions,
  data: readonly DataArg[],
): RequestSettings {
  checkRegionFlag('--region', o.region)
  if (!/^[a-z0-9-]+$/.test(o.service))
    throw usageError(
      'PV_BAD_SERVICE',
      `--service ${o.service}: not a SigV4 service name`,
      'private APIs use execute-api',
    )
  if (o.apiId !== undefined && !/^[a-z0-9]{10}$/.test(o.apiId)) {
    throw usageError(
      'PV_BAD_API_ID',
      `--api-id ${o.apiId}: REST API ids are 10 lower-case letters and digits`,
      'find it with aws apigateway get-rest-apis',
    )
  }
  const vpce = parseVpce(o.vpce)
  return {
    url: parseUserUrl(url),
    ...(o.request !== undefined ? { method: o.request } : {}),
    headers: o.header.map(parseHeader),
    data,
    service: o.service,
    ...(o.region ? { region: o.region } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.apiId ? { apiId: o.apiId } : {}),
    hostMode: parseHostMode(o.hostMode),
    ...(o.hostMode !== undefined ? { hostModeGiven: true } : {}),
    ...(vpce ? { vpce } : {}),
    resolve: o.resolve.map(parseResolve),
    connectTo: o.connectTo.map(parseConnectTo),
  }
}
