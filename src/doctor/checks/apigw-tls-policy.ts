import { isTls13Only, patchResourceLines, tlsResource } from '../aws2026.js'
import { fail, pass, skipped, unknownFrom, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** A TLS alert that says the server would not speak the client's protocol version. */
const VERSION_REFUSED =
  /protocol version|unsupported protocol|no protocols available|wrong version number|TLSV1_ALERT_PROTOCOL_VERSION/i

/**
 * Hop 2: a TLS-1.3-only security policy (`SecurityPolicy_TLS13_1_3_*`) refuses a client that
 * offers TLS 1.2 at most, in the handshake, before any HTTP (AWS docs "Security policies for REST
 * APIs": SecurityPolicy_TLS13_1_3_2025_09 "rejects TLS 1.2 and TLS 1.0 traffic"). pvapi itself
 * offers TLS 1.2 and 1.3; another client's version is known from --client-tls, or from a probe's
 * handshake where it runs.
 */
export const apigwTlsPolicy: Check = {
  id: 'apigw.tls-policy',
  hop: 2,
  title: "the security policy's TLS versions include one the client speaks",
  rows: [],
  run(s, d) {
    const r = tlsResource(s, d)
    if (r.read.status !== 'ok')
      return unknownFrom(`the security policy of ${r.name}`, r.read, [
        "apigateway:GET in the API owner's account (--api-profile/--api-role-arn)",
      ])
    const policy = r.read.value.securityPolicy
    if (policy === undefined)
      return skipped(
        `no security policy recorded for ${r.name} (a snapshot from an older pvapi, or an answer without the field): no endpoint access mode is known to apply`,
      )
    const evidence = [
      `${r.kind === 'domain' ? 'GetDomainName' : 'GetRestApi'} ${r.name}: securityPolicy=${policy}`,
    ]
    if (!isTls13Only(policy)) return pass(`${r.name} uses ${policy}, which accepts TLS 1.2 and 1.3`, evidence)
    const fix = [
      '# let TLS 1.2 clients in with a policy that accepts TLS 1.2 and 1.3, or upgrade the client to TLS 1.3:',
      ...patchResourceLines(s, r, '/securityPolicy', 'SecurityPolicy_TLS13_1_2_2021_06'),
    ].join('\n')
    // Stryker disable next-line ArrayDeclaration: a placeholder element has no tls field, so no attempt matches either way
    const attempts = valueOf(s.probe)?.attempts ?? []
    // Stryker disable next-line StringLiteral: an attempt without a message matches no version alert, whatever stands in for it
    const refused = attempts.find(a => a.tls === 'failed' && VERSION_REFUSED.test(a.message ?? ''))
    if (refused)
      return fail(
        `${r.name} uses ${policy} (TLS 1.3 only) and the probe's TLS handshake with ${refused.address || s.target.connectHost} was refused for its protocol version: a TLS 1.2 client cannot connect`,
        fix,
        [...evidence, `probe ${refused.kind ?? 'request'} ${refused.address}: ${refused.message}`],
        r.name,
      )
    // The client's own version, when given (--client-tls): known, not guessed.
    const client = s.signing.clientTlsMax
    if (client === '1.2')
      return fail(
        `${r.name} uses ${policy} (TLS 1.3 only) and the client speaks TLS 1.2 at most (--client-tls 1.2): the TLS handshake fails before any HTTP`,
        fix,
        [...evidence, 'client: TLS 1.2 at most (--client-tls)'],
        r.name,
      )
    if (client === '1.3')
      return pass(`${r.name} accepts TLS 1.3 only, which the client speaks (--client-tls 1.3)`, [
        ...evidence,
        'client: TLS 1.3 (--client-tls)',
      ])
    const shook = attempts.find(a => a.tls === 'ok')
    if (shook)
      return pass(`${r.name} accepts TLS 1.3 only, and the probe's handshake succeeded`, [
        ...evidence,
        `probe ${shook.kind ?? 'request'} ${shook.address}: TLS handshake completed`,
      ])
    return warn(
      `${r.name} accepts TLS 1.3 only (${policy}): pvapi speaks it, but a client limited to TLS 1.2 (Java 8 before 8u261, .NET Framework before 4.8, OpenSSL 1.0.x) fails in the handshake; the caller's TLS version is not known (say it with --client-tls, or run --probe where the caller runs)`,
      fix,
      evidence,
      r.name,
    )
  },
}
